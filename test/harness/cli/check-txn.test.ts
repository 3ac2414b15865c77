import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, useTempDir } from '../../core/history/helpers.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDir();
const EDN = join('test', 'checkers', 'txn', 'fixtures', 'jepsen-append.edn');

describe('faultline check --model list-append|rw-register', () => {
  it('names the G-single and the G1a of a Jepsen-style EDN history; exit 1', async () => {
    const r = await runCli(['check', EDN, '--model', 'list-append', '--consistency-models', 'serializable']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^invalid: jepsen-append\.edn is not serializable \(list-append: G-single, G1a; 5 txns, 12 ops, \d+ ms\)\n/);
    expect(r.stdout).toMatch(/^G-single: 1 found\n {2}- T6 \(process 1\) read key 1 as \[1\], without 2, which T5 \(process 2\) appended next, so T6 < T5 \(rw\)/m);
    expect(r.stdout).toMatch(/^G1a: 1 found\n {2}- T10 \(process 4\) read key 3 as \[7\]/m);
    expect(r.stdout).toMatch(/^ruled out: read-committed /m);
    expect(r.stdout).toMatch(/^not ruled out: read-uncommitted$/m);
  });

  it('read-uncommitted allows both: exit 0; --json carries the cycles', async () => {
    expect((await runCli(['check', EDN, '--model', 'list-append', '--consistency-models', 'read-uncommitted'])).code).toBe(0);
    const r = await runCli(['check', EDN, '--model', 'list-append', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { verdict: { cycles: Record<string, { steps: { rel: string }[] }[]>; consistencyModels: string[] } };
    expect(doc.verdict.consistencyModels).toEqual(['strict-serializable']);
    expect(doc.verdict.cycles['G-single'][0].steps.map((s) => s.rel)).toEqual(['rw', 'wr']);
  });

  it('checks faultline JSONL rw-register histories', async () => {
    const dir = tempDir();
    const ops = [
      { index: 0, time: 0, process: 0, type: 'invoke', f: 'txn', value: [['w', 'x', 1]] },
      { index: 1, time: 1, process: 0, type: 'ok', f: 'txn', value: [['w', 'x', 1]] },
      { index: 2, time: 2, process: 1, type: 'invoke', f: 'txn', value: [['r', 'x', null]] },
      { index: 3, time: 3, process: 1, type: 'ok', f: 'txn', value: [['r', 'x', 1]] },
    ];
    const file = fixture(dir, 'h.jsonl', `${['{"faultline":"history","version":1}', ...ops.map((o) => JSON.stringify(o))].join('\n')}\n`);
    const r = await runCli(['check', file, '--model', 'rw-register']);
    expect(r.stdout).toMatch(/^valid: h\.jsonl is strict-serializable \(rw-register: no anomalies; 2 txns, 4 ops, \d+ ms\)\n/);
    expect(r.code).toBe(0);
  });

  it('bad input: exit 254, one line', async () => {
    const dir = tempDir();
    const bad = fixture(dir, 'bad.edn', '{:type :invoke, :f :txn, :value [[:append 1]], :process 0}\n{:type :ok, :f :txn, :value [[:append 1]], :process 0}\n');
    const cases: [string[], string][] = [
      [['check', EDN, '--model', 'list-append', '--consistency-models', 'serializable,nope'], '--consistency-models: unknown model "nope" (known: read-uncommitted, read-committed, repeatable-read, snapshot-isolation, serializable, strong-session-snapshot-isolation, strong-session-serializable, strong-snapshot-isolation, strict-serializable)'],
      [['check', EDN, '--model', 'kv', '--consistency-models', 'serializable'], '--consistency-models: only for --model list-append or rw-register, not "kv"'],
      [['check', bad, '--model', 'list-append'], `${bad}: op 1 (process 0): micro-op 0 is not [f k v]: ["append",1]`],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli(args);
      expect(r.code).toBe(254);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`faultline: ${msg}\n`);
    }
  });
});
