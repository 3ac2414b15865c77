import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clients, eachThread, limit, millis, nemesis, phases, repeat, seq, sleep, stagger } from '../../../core/generator/index.js';
import { HistoryWriter, historyProblem, readHistory } from '../../../core/history/index.js';
import type { Op } from '../../../core/op.js';
import { interpret } from '../../../harness/run/interpreter.js';
import { FakeNemesis, MemorySink, ScriptedClient, fakeContext, hang } from './fakes.js';

const ok = (op: Op) => ({ type: 'ok' as const, value: op.value });
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function tempFile(name: string): string {
  const d = mkdtempSync(join(tmpdir(), 'faultline-interp-'));
  dirs.push(d);
  return join(d, name);
}

/** Pairs invocations with completions by process; checks the history is well formed. */
function pairs(ops: Op[]): { inv: Op; done?: Op }[] {
  expect(historyProblem(ops)).toBeUndefined();
  ops.forEach((o, i) => expect(o.index).toBe(i));
  for (let i = 1; i < ops.length; i++) expect(ops[i].time).toBeGreaterThanOrEqual(ops[i - 1].time);
  const open = new Map<Op['process'], { inv: Op; done?: Op }>();
  const out: { inv: Op; done?: Op }[] = [];
  for (const o of ops) {
    if (o.type === 'invoke') {
      expect(open.has(o.process)).toBe(false); // one op at a time per process
      const p = { inv: o };
      open.set(o.process, p);
      out.push(p);
    } else {
      const p = open.get(o.process);
      expect(p).toBeDefined();
      expect(o.f).toBe(p!.inv.f);
      p!.done = o;
      open.delete(o.process);
    }
  }
  return out;
}

describe('interpret', () => {
  it('runs every op on its thread’s node and records a well-formed history', async () => {
    const sink = new MemorySink();
    const client = new ScriptedClient(ok);
    const r = await interpret({ generator: clients(limit(200, repeat({ f: 'write', value: 1 }))), seed: 1, concurrency: 4, ctx: fakeContext(3), client, history: sink });
    expect(r).toMatchObject({ events: 400, aborted: false, open: 0 });
    const ps = pairs(sink.ops);
    expect(ps).toHaveLength(200);
    for (const { inv, done } of ps) {
      expect(done?.type).toBe('ok');
      expect(inv.node).toBe(['n1', 'n2', 'n3'][((inv.process as number) % 4) % 3]);
      expect(done?.node).toBe(inv.node);
    }
    expect(client.opens.sort()).toEqual(['n1', 'n1', 'n2', 'n3']); // one connection per thread
    expect(client.closes).toBe(4);
    expect(sink.flushed).toBe(400);
  });

  it('completes a thrown error as info with its message; the thread goes on as a new process on a new connection', async () => {
    const sink = new MemorySink();
    let n = 0;
    const client = new ScriptedClient((op) => {
      if (n++ === 2) throw new Error('connection reset');
      return ok(op);
    });
    await interpret({ generator: clients(limit(6, repeat({ f: 'read' }))), seed: 1, concurrency: 1, ctx: fakeContext(1), client, history: sink });
    const ps = pairs(sink.ops);
    expect(ps.map((p) => [p.inv.process, p.done?.type])).toEqual([[0, 'ok'], [0, 'ok'], [0, 'info'], [1, 'ok'], [1, 'ok'], [1, 'ok']]);
    expect(ps[2].done?.error).toBe('connection reset');
    expect(ps[2].done?.value).toBeNull(); // the invocation's value
    expect(client.opens).toHaveLength(2);
  });

  it('times out a slow op as info, aborts its signal, and carries on under a new process', async () => {
    const sink = new MemorySink();
    const aborted: boolean[] = [];
    let n = 0;
    const client = new ScriptedClient(async (op, signal) => {
      if (n++ === 1) {
        await hang(signal).catch(() => aborted.push(signal.aborted));
        return ok(op);
      }
      return ok(op);
    });
    const t0 = performance.now();
    await interpret({ generator: clients(eachThread(limit(2, repeat({ f: 'read' })))), seed: 1, concurrency: 2, ctx: fakeContext(2), client, history: sink, opTimeoutMs: 50 });
    expect(performance.now() - t0).toBeLessThan(1000);
    const ps = pairs(sink.ops);
    const timedOut = ps.filter((p) => p.done?.type === 'info');
    expect(timedOut).toHaveLength(1);
    expect(timedOut[0].done?.error).toBe('timed out after 50 ms');
    expect(aborted).toEqual([true]);
    const thread = (timedOut[0].inv.process as number) % 2;
    expect(ps.some((p) => p.inv.process === thread + 2)).toBe(true);
  });

  it('fails an op whose connection cannot be opened (nothing was sent) and retries opening next time', async () => {
    const sink = new MemorySink();
    let refuse = true;
    const client = new ScriptedClient(ok, () => {
      const r = refuse;
      refuse = false;
      return r;
    });
    await interpret({ generator: clients(limit(3, repeat({ f: 'read' }))), seed: 1, concurrency: 1, ctx: fakeContext(1), client, history: sink });
    const ps = pairs(sink.ops);
    expect(ps.map((p) => p.done?.type)).toEqual(['fail', 'ok', 'ok']);
    expect(ps[0].done?.error).toBe('no client for n1: connection refused by n1');
    expect(ps.every((p) => p.inv.process === 0)).toBe(true);
  });

  it('turns a malformed completion into info', async () => {
    const sink = new MemorySink();
    const client = new ScriptedClient(() => ({ type: 'maybe' }) as never);
    await interpret({ generator: clients(limit(1, repeat({ f: 'read' }))), seed: 1, concurrency: 1, ctx: fakeContext(1), client, history: sink });
    expect(sink.ops[1]).toMatchObject({ type: 'info', error: 'client returned a completion of type "maybe"' });
  });

  it('runs nemesis ops as info with the nemesis’s value, flushing before each starts', async () => {
    const sink = new MemorySink();
    const nem = new FakeNemesis(sink);
    const gen = phases(nemesis([{ f: 'start-fault' }, { f: 'stop-fault' }, { f: 'unknown-fault' }]));
    await interpret({ generator: gen, seed: 1, concurrency: 1, ctx: fakeContext(1), client: new ScriptedClient(ok), nemeses: [nem], history: sink });
    const ps = pairs(sink.ops);
    expect(ps.map((p) => [p.inv.process, p.inv.f, p.done?.type])).toEqual([['nemesis', 'start-fault', 'info'], ['nemesis', 'stop-fault', 'info'], ['nemesis', 'unknown-fault', 'info']]);
    expect(ps[0].done?.value).toEqual({ did: 'start-fault' });
    expect(ps[2].done?.error).toBe('no nemesis handles "unknown-fault"');
    for (const s of nem.seen) expect(s.flushedBefore).toBeGreaterThan(s.index); // its invocation was on disk
    expect(ps[0].inv.node).toBeUndefined();
  });

  it('records a nemesis that throws as info with the message', async () => {
    const sink = new MemorySink();
    await interpret({ generator: nemesis({ f: 'start-fault', value: [1] }), seed: 1, concurrency: 1, ctx: fakeContext(1), client: new ScriptedClient(ok), nemeses: [new FakeNemesis(sink, true)], history: sink });
    expect(sink.ops[1]).toMatchObject({ process: 'nemesis', type: 'info', value: [1], error: 'iptables: permission denied' });
  });

  it('flushes the history file while running, at least every flush interval', async () => {
    const file = tempFile('history.jsonl');
    const writer = await HistoryWriter.create(file);
    const client = new ScriptedClient(async (op) => {
      await new Promise((r) => setTimeout(r, 2));
      return ok(op);
    });
    const running = interpret({ generator: clients(stagger(200, limit(60, repeat({ f: 'read' })))), seed: 1, concurrency: 2, ctx: fakeContext(2), client, history: writer, flushIntervalMs: 20 });
    await new Promise((r) => setTimeout(r, 150));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(5); // header + ops written before the end
    await running;
    await writer.close();
  });

  it('stops at once on abort, leaving ops in flight open and the file readable', async () => {
    const file = tempFile('history.jsonl');
    const writer = await HistoryWriter.create(file);
    const ctl = new AbortController();
    let n = 0;
    const client = new ScriptedClient((op, signal) => (n++ < 5 ? ok(op) : hang(signal)));
    setTimeout(() => ctl.abort(), 50);
    const r = await interpret({ generator: clients(repeat({ f: 'read' })), seed: 1, concurrency: 3, ctx: fakeContext(3), client, history: writer, signal: ctl.signal });
    await writer.close();
    expect(r.aborted).toBe(true);
    expect(r.open).toBe(3);
    const h = await readHistory(file);
    const ps = pairs(h.ops);
    expect(ps.filter((p) => p.done === undefined)).toHaveLength(3);
    expect(ps.filter((p) => p.done?.type === 'ok')).toHaveLength(5);
  });

  it('waits for timed ops: a sleep between phases holds the next op back', async () => {
    const sink = new MemorySink();
    const t0 = performance.now();
    await interpret({ generator: clients(seq({ f: 'read' }, sleep(millis(60)), { f: 'read' })), seed: 1, concurrency: 1, ctx: fakeContext(1), client: new ScriptedClient(ok), history: sink });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(sink.ops[2].time - sink.ops[0].time).toBeGreaterThanOrEqual(millis(55));
  });

  it('replays the same schedule from the same seed', async () => {
    const run = async (seed: number) => {
      const sink = new MemorySink();
      await interpret({ generator: clients(limit(30, (ctx) => ({ f: 'write', value: ctx.rng.int(1000) }))), seed, concurrency: 1, ctx: fakeContext(1), client: new ScriptedClient(ok), history: sink });
      return sink.ops.filter((o) => o.type === 'invoke').map((o) => o.value);
    };
    expect(await run(5)).toEqual(await run(5));
    expect(await run(5)).not.toEqual(await run(6));
  });
});
