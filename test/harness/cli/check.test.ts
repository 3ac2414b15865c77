import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, useTempDir } from '../../core/history/helpers.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDir();

// Paths as a user types them from the project root: test/fixtures/…
const ETCD = join('test', 'fixtures', 'vectors', 'porcupine', 'etcd');
const KV = join('test', 'fixtures', 'vectors', 'porcupine', 'kv');

/** A usage error: exit 254, nothing on stdout, exactly one line on stderr, no stack. */
function expectUsageError(r: { code: number; stdout: string; stderr: string }, message: string): void {
  expect(r.code).toBe(254);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`faultline: ${message}\n`);
}

describe('faultline check: usage errors (exit 254, one line)', () => {
  const file = join(ETCD, 'etcd_002.log');
  it.each([
    [['--model', 'nope'], '--model: unknown model "nope" (known: register, cas-register, cas-register-noop, kv, mutex, fifo-queue, set, list-append, rw-register)'],
    [[], '--model is required (one of: register, cas-register, cas-register-noop, kv, mutex, fifo-queue, set, list-append, rw-register)'],
    [['--model', 'cas-register', '--format', 'csv'], '--format: unknown format "csv" (known: jsonl, edn, jepsen-log)'],
    [['--model', 'cas-register', '--timeout', 'abc'], '--timeout: expected a positive decimal number of seconds (at most 604800), got "abc"'],
    [['--model', 'cas-register', '--timeout', '-1'], '--timeout: expected a positive decimal number of seconds (at most 604800), got "-1"'],
    [['--model', 'cas-register', '--workers', 'two'], '--workers: expected an integer from 0 to 256, got "two"'],
    [['--model', 'cas-register', '--bogus'], "unknown option '--bogus' (see faultline check --help)"],
  ])('%j', async (flags, message) => {
    expectUsageError(await runCli(['check', file, ...flags]), message);
  });

  it('names a missing file', async () => {
    expectUsageError(await runCli(['check', 'no/such/file.log', '--model', 'cas-register']), 'no such file: no/such/file.log');
  });

  it('names file:line and quotes the text of a malformed file, for each format', async () => {
    const dir = tempDir();
    const op = '{:process 0, :type :invoke, :f :get, :key "a", :value nil}';
    const files: [string, string, string, string][] = [
      ['bad.log', 'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\tx\n', 'jepsen-log', ':2: unparsable value "x": "INFO  jepsen.util - 0\\t:ok\\t:read\\tx"'],
      ['bad.edn', `${op}\n${op}\n{:process 0, :type :ok, :f :get, :key "a"\n`, 'edn', `:3: malformed EDN: unclosed map, vector or string: "{:process 0, :type :ok, :f :get, :key \\"a\\""`],
      ['badv.edn', `[${op}\n ${op}\n {:process 0, :f :get}]\n`, 'edn', ':3: op map has no :type: " {:process 0, :f :get}]"'],
      ['bad.jsonl', '{"faultline":"history","version":1}\n{"index":0,"time":0,"process":0,"type":"invoke","f":"get"}\n', 'jsonl', ':2: missing field "value": "{\\"index\\":0,\\"time\\":0,\\"process\\":0,\\"type\\":\\"invoke\\",\\"f\\":\\"get\\"}"'],
      ['v9.jsonl', '{"faultline":"history","version":9}\n', 'jsonl', ':1: unsupported history version 9: this faultline reads version 1 only: "{\\"faultline\\":\\"history\\",\\"version\\":9}"'],
    ];
    for (const [name, text, format, tail] of files) {
      const path = fixture(dir, name, text);
      expectUsageError(await runCli(['check', path, '--model', 'kv']), `${path}${tail}`);
      expectUsageError(await runCli(['check', path, '--model', 'kv', '--format', format]), `${path}${tail}`);
    }
  });
});

// These need the linearizability checker (checkers/linearizable).
describe('faultline check: verdicts on the real vectors', () => {
  it('etcd_002 is linearizable: exit 0, one line', async () => {
    const r = await runCli(['check', join(ETCD, 'etcd_002.log'), '--model', 'cas-register', '--format', 'jepsen-log']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^valid: etcd_002\.log is linearizable \(cas-register, 1 key, 154 ops, \d+ ms\)\n$/);
    expect(r.code).toBe(0);
  });

  it('etcd_000 is not: exit 1, verdict line then the explanation', async () => {
    const r = await runCli(['check', join(ETCD, 'etcd_000.log'), '--model', 'cas-register', '--format', 'jepsen-log']);
    const [first, ...rest] = r.stdout.trimEnd().split('\n');
    expect(first).toMatch(/^invalid: etcd_000\.log is not linearizable \(cas-register, 1 key, 170 ops, \d+ ms\)$/);
    expect(rest.length).toBeGreaterThan(0);
    expect(r.code).toBe(1);
  });

  it('kv c50-ok is linearizable (exit 0) and c50-bad is not (exit 1)', async () => {
    const ok = await runCli(['check', join(KV, 'c50-ok.txt'), '--model', 'kv', '--format', 'edn']);
    expect(ok.stdout).toMatch(/^valid: c50-ok\.txt is linearizable \(kv, 10 keys, 3424 ops, \d+ ms\)\n$/);
    expect(ok.code).toBe(0);
    const bad = await runCli(['check', join(KV, 'c50-bad.txt'), '--model', 'kv', '--format', 'edn']);
    expect(bad.stdout).toMatch(/^invalid: c50-bad\.txt is not linearizable \(kv, 10 keys, 4048 ops, \d+ ms\)\n./);
    expect(bad.code).toBe(1);
  }, 180_000); // c50-bad can take tens of seconds with the current checker

  it('--first-failure stops at the first failing key: c10-bad explains 1 key and leaves the other 9 undecided (default: 8 of 10 failed)', async () => {
    const all = await runCli(['check', join(KV, 'c10-bad.txt'), '--model', 'kv']);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('8 of 10 keys failed');
    const first = await runCli(['check', join(KV, 'c10-bad.txt'), '--model', 'kv', '--first-failure']);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^invalid: c10-bad\.txt is not linearizable \(kv, 10 keys, 810 ops, \d+ ms\)\n/);
    expect(first.stdout).toContain('1 of 10 keys failed');
    expect(first.stdout).toMatch(/keys ("\d", ){8}"\d" undecided: the check stopped after finding a key that is not linearizable/);
  });

  it('--json prints the verdict as one JSON document; the format is detected when not given', async () => {
    const r = await runCli(['check', join(ETCD, 'etcd_000.log'), '--model', 'cas-register', '--json', '--timeout', '60']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ file: join(ETCD, 'etcd_000.log'), format: 'jepsen-log', model: 'cas-register', ops: 170, keys: 1, valid: false });
    expect(doc.verdict).toMatchObject({ valid: false, model: 'cas-register' });
  });

  it('a time budget that runs out gives unknown: exit 2 with the reason', async () => {
    const r = await runCli(['check', join(KV, 'c10-bad.txt'), '--model', 'kv', '--no-split', '--timeout', '0.001']);
    expect(r.stdout).toMatch(/^unknown: c10-bad\.txt could not be decided \(kv, 10 keys, 810 ops, \d+ ms; .*time budget ran out.*\)\n$/);
    expect(r.code).toBe(2);
  });

  it('checks a faultline JSONL history, warning about a truncated last line', async () => {
    const lines = [
      '{"faultline":"history","version":1}',
      '{"index":0,"time":0,"process":0,"type":"invoke","f":"write","value":1}',
      '{"index":1,"time":1,"process":0,"type":"ok","f":"write","value":1}',
      '{"index":2,"time":2,"process":1,"type":"invoke","f":"read","value":null}',
      '{"index":3,"time":3,"process":1,"type":"ok","f":"read","value":1}',
    ];
    const file = fixture(tempDir(), 'h.jsonl', `${lines.join('\n')}\n{"index":4,"ti`);
    const r = await runCli(['check', file, '--model', 'register', '--no-split', '--workers', '0']);
    expect(r.stdout).toMatch(/^valid: h\.jsonl is linearizable \(register, 1 key, 4 ops, \d+ ms\)\n$/);
    expect(r.stderr).toBe(`faultline: warning: ${file}:6: skipped a truncated last line (the writer stopped mid-line)\n`);
    expect(r.code).toBe(0);
  });
});

describe('faultline check: Jepsen/Knossos cas-register semantics (issue 14 item 2)', () => {
  // An independent history (keys 1 and 2) with a cas that failed on the key its compare matched:
  // Knossos drops the :fail (valid); faultline's strict cas-register reads it as an observation.
  const text = [
    '({:type :invoke, :f :write, :value [1 3], :process 0}',
    ' {:type :ok, :f :write, :value [1 3], :process 0}',
    ' {:type :invoke, :f :read, :value [2 nil], :process 1}',
    ' {:type :ok, :f :read, :value [2 nil], :process 1}',
    ' {:type :invoke, :f :cas, :value [2 [nil 4]], :process 2}',
    ' {:type :fail, :f :cas, :value [2 [nil 4]], :process 2})',
  ].join('\n');

  it('warns loudly when cas-register is used on an EDN history with failed cas ops', async () => {
    const file = fixture(tempDir(), 'knossos.edn', text);
    const strict = await runCli(['check', file, '--model', 'cas-register']);
    expect(strict.stderr).toMatch(/^faultline: WARNING: this EDN history has 1 failed :cas op\. .*--model cas-register-noop\.\n$/);
    expect(strict.stdout).toMatch(/^invalid: knossos\.edn .*2 keys/);
    expect(strict.code).toBe(1);
    const knossos = await runCli(['check', file, '--model', 'cas-register-noop', '--format', 'edn']);
    expect(knossos.stderr).toBe('');
    expect(knossos.stdout).toMatch(/^valid: knossos\.edn is linearizable \(cas-register-noop, 2 keys, 6 ops/);
    expect(knossos.code).toBe(0);
  });
});

describe('standalone reports: faultline check --html and faultline report --history (issue 14)', () => {
  const text = [
    '[{:type :invoke, :f :write, :value 1, :process 0}',
    ' {:type :ok, :f :write, :value 1, :process 0}',
    ' {:type :invoke, :f :read, :value nil, :process 1}',
    ' {:type :ok, :f :read, :value 2, :process 1}]',
  ].join('\n');

  it('check --html draws report.html for the history and its verdict; stdout keeps the one verdict line', async () => {
    const dir = tempDir();
    const file = fixture(dir, 'jepsen.edn', text);
    const out = join(dir, 'out.html');
    const r = await runCli(['check', file, '--model', 'register', '--html', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^invalid: jepsen\.edn is not linearizable/);
    expect(r.stderr).toMatch(/^faultline: report: .*out\.html\n$/);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>INVALID · jepsen.edn · faultline report</title>');
    expect(html).toContain('register (edn history)');
  });

  it('report --history draws the same report (default: <name>.html in the working folder with --out absent)', async () => {
    const dir = tempDir();
    const file = fixture(dir, 'h.edn', text);
    const out = join(dir, 'r.html');
    const r = await runCli(['report', '--history', file, '--model', 'register', '--out', out]);
    expect(r.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toContain('<title>INVALID · h.edn · faultline report</title>');
    expectUsageError(await runCli(['report']), 'give a run directory, or --history <file> --model <name>');
    expectUsageError(await runCli(['report', dir, '--model', 'register']), '--model needs --history');
  });

  it('check --html on a transactional EDN history marks the transactions of each cycle and anomaly', async () => {
    const out = join(tempDir(), 'txn.html');
    const r = await runCli(['check', join('test', 'checkers', 'txn', 'fixtures', 'jepsen-append.edn'), '--model', 'list-append', '--html', out]);
    expect(r.code).toBe(1);
    const html = readFileSync(out, 'utf8');
    const data = JSON.parse(html.slice(html.indexOf('>', html.indexOf('id="faultline-data"')) + 1, html.indexOf('</script>', html.indexOf('id="faultline-data"')))) as { timeline: { marks: { kind: string; label: string }[]; i: number[] } };
    const txn = data.timeline.marks.filter((m) => m.kind === 'txn');
    expect(txn.map((m) => m.label).join('\n')).toMatch(/G-single/);
    expect(txn.map((m) => m.label).join('\n')).toMatch(/G1a/);
  });
});

describe('unknownFunction', () => {
  it('names the first client op the model has no function for (a usage error, exit 254, not unknown)', async () => {
    const { unknownFunction } = await import('../../../harness/cli/check.js');
    const op = (index: number, f: string, process: number | 'nemesis' = 0) => ({ index, time: index, process, type: 'invoke' as const, f, value: null });
    expect(unknownFunction([op(0, 'read'), op(1, 'start-partition', 'nemesis')], 'cas-register')).toBeUndefined();
    expect(unknownFunction([op(0, 'read'), op(1, 'frob')], 'cas-register')).toBe('op 1: model cas-register has no function "frob" (it knows read, write, cas)');
  });
});
