/** Test runs for the reports: synthetic histories with faults, and run directories on disk. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizable, closeWorkerPool } from '../../checkers/linearizable/index.js';
import { encodeHeader, encodeOp, makeHeader, parseJepsenLog } from '../../core/history/index.js';
import type { History, Op, ProcessId } from '../../core/op.js';
import type { RunResults, TestInfo } from '../../reports/index.js';

const MS = 1e6;
/** The project root. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Porcupine's vectors (test/fixtures/vectors). */
const VECTORS = resolve(ROOT, 'test', 'fixtures', 'vectors', 'porcupine');

/** Nemesis ops every 10 s: a partition from 2 s to 5 s, n1 killed from 6 s to 8 s. */
function nemesisAt(cycle: number): Omit<Op, 'index'>[] {
  const t0 = cycle * 10_000 * MS;
  const op = (ms: number, type: Op['type'], f: string, value: unknown) => ({ time: t0 + ms * MS, process: 'nemesis' as const, type, f, value });
  return [
    op(2000, 'invoke', 'start-partition', 'majority'),
    op(2040, 'info', 'start-partition', { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] }),
    op(5000, 'invoke', 'stop-partition', null),
    op(5030, 'info', 'stop-partition', 'network healed'),
    op(6000, 'invoke', 'kill', ['n1']),
    op(6100, 'info', 'kill', ['n1']),
    op(8000, 'invoke', 'start', ['n1']),
    op(8400, 'info', 'start', ['n1']),
  ];
}

/**
 * A deterministic register history: `threads` clients doing read / write / cas on 5 keys for
 * `events` events, slow and indeterminate during partitions (a client whose op ends `info`
 * continues as a new process), with the nemesis ops of {@link nemesisAt}. Fast: 1,000,000
 * events in well under a second or two.
 */
export function syntheticHistory(events: number, threads = 5): History {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: History = [];
  const procs = Array.from({ length: threads }, (_, i) => ({ pid: i as ProcessId, next: i * MS, open: null as Op | null }));
  let nem = nemesisAt(0);
  let cycle = 0;
  while (out.length < events) {
    let p = procs[0];
    for (const q of procs) if (q.next < p.next) p = q;
    while (nem.length > 0 && nem[0].time <= p.next && out.length < events) out.push({ index: out.length, ...nem.shift()! });
    if (nem.length === 0) nem = nemesisAt(++cycle);
    if (out.length >= events) break;
    const t = p.next;
    const partitioned = t % (10_000 * MS) >= 2000 * MS && t % (10_000 * MS) < 5000 * MS;
    if (!p.open) {
      const r = rand();
      const f = r < 0.5 ? 'read' : r < 0.8 ? 'write' : 'cas';
      const value = f === 'read' ? null : f === 'write' ? Math.floor(rand() * 5) : [Math.floor(rand() * 5), Math.floor(rand() * 5)];
      p.open = { index: out.length, time: t, process: p.pid, type: 'invoke', f, value, key: Math.floor(rand() * 5), node: `n${1 + ((p.pid as number) % 3)}` };
      out.push(p.open);
      p.next = t + (partitioned && rand() < 0.3 ? 500 + rand() * 500 : 1 + rand() * rand() * 40) * MS;
    } else {
      const inv = p.open;
      const r = rand();
      const type: Op['type'] = partitioned && r < 0.3 ? 'info' : inv.f === 'cas' && r < 0.5 ? 'fail' : 'ok';
      const value = inv.f === 'read' && type === 'ok' ? Math.floor(rand() * 5) : inv.value;
      out.push({ index: out.length, time: t, process: p.pid, type, f: inv.f, value, key: inv.key, node: inv.node, ...(type === 'info' ? { error: 'timeout' } : {}) });
      p.open = null;
      if (type === 'info') p.pid = (p.pid as number) + threads;
      p.next = t + (2 + rand() * 8) * MS;
    }
  }
  return out;
}

/** Writes a run directory: history.jsonl, and test.json / results.json when given. */
export function writeRun(dir: string, history: History, test?: TestInfo, results?: RunResults): string {
  mkdirSync(dir, { recursive: true });
  const lines = [encodeHeader(makeHeader({ test: test?.name ?? 'fixture' })), ...history.map(encodeOp)];
  writeFileSync(join(dir, 'history.jsonl'), lines.join(''));
  if (test) writeFileSync(join(dir, 'test.json'), JSON.stringify(test, null, 2));
  if (results) writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2));
  return dir;
}

/** A test.json for the fixtures. */
export function testInfo(name: string, extra: Partial<TestInfo> = {}): TestInfo {
  return {
    name,
    system: 'etcd',
    workload: 'register',
    nodes: ['n1', 'n2', 'n3'],
    seed: 1234,
    startedAt: '2025-03-14T09:26:53.589Z',
    options: { concurrency: 5, rate: 100, nemesis: ['partition', 'kill'] },
    versions: { faultline: '0.1.0', etcd: '3.4.23' },
    ...extra,
  };
}

/** A valid run of `events` synthetic events with partitions and kills. */
export function validRun(dir: string, events = 20_000): string {
  const linearizable = {
    valid: true,
    model: 'cas-register',
    keysChecked: 5,
    failures: [],
    failuresOmitted: 0,
    unknownKeys: [],
    stats: { ops: events / 2, keys: 5, cacheEntries: 1234, peakCacheMiB: 1, timeMs: 321, workers: 0 },
  };
  const set = { valid: true, attempted: 300, acknowledged: 290, lost: { count: 0, elements: [] }, unexpected: { count: 0, elements: [] } };
  return writeRun(dir, syntheticHistory(events), testInfo('etcd-register'), { valid: true, checkers: { linearizable, set } });
}

/**
 * An invalid run: Porcupine's etcd_000 Jepsen log (not linearizable), 20 ms between events,
 * with a partition inserted, checked for real with the cas-register model.
 */
export async function invalidRun(dir: string): Promise<string> {
  const log = join(VECTORS, 'etcd', 'etcd_000.log');
  const ops = parseJepsenLog(readFileSync(log, 'utf8'), log);
  const events: Omit<Op, 'index'>[] = [];
  ops.forEach((op, k) => {
    if (k === 40) events.push({ time: 0, process: 'nemesis', type: 'invoke', f: 'start-partition', value: 'primaries' });
    if (k === 41) events.push({ time: 0, process: 'nemesis', type: 'info', f: 'start-partition', value: { n1: ['n2'] } });
    if (k === 120) events.push({ time: 0, process: 'nemesis', type: 'invoke', f: 'stop-partition', value: null });
    events.push(op);
  });
  const history: History = events.map((op, index) => ({ ...op, index, time: index * 20 * MS }));
  const verdict = await checkLinearizable(history, 'cas-register');
  await closeWorkerPool();
  const set = { valid: false, attempted: 10, acknowledged: 9, lost: { count: 2, elements: [3, '</script><img src=x onerror=alert(1)>'] }, unexpected: { count: 0, elements: [] } };
  const results: RunResults = { valid: false, checkers: { linearizable: verdict, set } };
  return writeRun(dir, history, testInfo('etcd-register-stale-reads', { seed: 7 }), results);
}
