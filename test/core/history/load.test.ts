import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../../core/errors.js';
import { HistoryWriter, loadHistory } from '../../../core/history/index.js';
import { VECTORS, caught, fixture, useTempDir } from './helpers.js';

const tempDir = useTempDir();

const INVOKE_LOG = 'INFO  jepsen.util - 0\t:invoke\t:read\tnil\n';
const EDN_OP = '{:process 0, :type :invoke, :f :get, :key "a", :value nil}\n';

describe('loadHistory: picking the format', () => {
  it('loads the real vectors by content and extension', async () => {
    const log = await loadHistory(join(VECTORS, 'etcd', 'etcd_002.log'));
    expect(log.format).toBe('jepsen-log');
    expect(log.ops).toHaveLength(154);
    const edn = await loadHistory(join(VECTORS, 'kv', 'c01-ok.txt'));
    expect(edn.format).toBe('edn');
    expect(edn.ops).toHaveLength(116);
    const empty = await loadHistory(join(VECTORS, 'etcd', 'etcd_095.log'));
    expect(empty).toEqual({ format: 'jepsen-log', ops: [], warnings: [] });
  });

  it('loads faultline JSONL files with their header', async () => {
    const file = join(tempDir(), 'run.history');
    const w = await HistoryWriter.create(file, { seed: 7 });
    w.append({ index: 0, time: 1, process: 0, type: 'invoke', f: 'read', value: null });
    await w.close();
    const h = await loadHistory(file);
    expect(h.format).toBe('jsonl');
    expect(h.header).toMatchObject({ seed: 7 });
    expect(h.ops).toHaveLength(1);
  });

  it('uses the format it is given, even against the extension', async () => {
    const file = fixture(tempDir(), 'ops.jsonl', EDN_OP);
    expect((await loadHistory(file, 'edn')).ops[0]).toMatchObject({ f: 'get', key: 'a' });
  });

  it('takes a JSONL file without its header for JSONL and says the header is missing', async () => {
    const file = fixture(tempDir(), 'ops.txt', '{"index":0,"time":1,"process":0,"type":"invoke","f":"read","value":null}\n');
    const err = await caught(() => loadHistory(file));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(`${file}:1: line 1 is an op, not the history header`);
  });

  it('asks for --format when it cannot tell', async () => {
    const file = fixture(tempDir(), 'mystery.txt', 'hello\n');
    const err = await caught(() => loadHistory(file));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`cannot tell the format of ${file}; pass --format jsonl|edn|jepsen-log`);
  });

  it('names a missing file', async () => {
    const file = join(tempDir(), 'missing.edn');
    expect((await caught(() => loadHistory(file))).message).toBe(`no such file: ${file}`);
    expect((await caught(() => loadHistory(tempDir()))).message).toMatch(/^not a regular file: /);
  });
});

describe('loadHistory: malformed files give one line with file:line', () => {
  const cases: [string, string, string, number, string][] = [
    ['jsonl', 'h.jsonl', '{"faultline":"history","version":1}\n{"index":0,"time":0,"process":0,"type":"invoke","f":"read","value":null}\n{"index":1,"time":1,"process":0,"type":"ok","f":"read"}\n', 3, 'missing field "value"'],
    ['edn one per line', 'h.edn', `${EDN_OP}${EDN_OP}{:process 1, :type :invoke, :f :get, :key "a", :value nil\n${EDN_OP}`, 3, 'malformed EDN: unclosed map, vector or string'],
    ['edn one per line, bad type', 'h.edn', `${EDN_OP}{:process 1, :type :done, :f :get}\n`, 2, 'bad :type "done"'],
    ['edn vector', 'v.edn', `[${EDN_OP} ${EDN_OP} {:process 2, :f :get}\n ${EDN_OP}]\n`, 3, 'op map has no :type'],
    ['edn vector, bad bracket', 'v.edn', `[${EDN_OP} ${EDN_OP} {:process 2, :type :ok, :f :get]\n ${EDN_OP}]\n`, 3, 'expected an op map'],
    ['jepsen-log', 'r.log', `INFO jepsen.core - hi\n${INVOKE_LOG}INFO  jepsen.util - 0\t:ok\t:read\t1.5\n`, 3, 'unparsable value "1.5"'],
    ['jepsen-log, bad type', 'r.log', `${INVOKE_LOG}${INVOKE_LOG}INFO  jepsen.util - 0    :done   :read   1\n`, 3, 'unknown op type ":done"'],
  ];
  it.each(cases)('%s', async (_name, name, text, line, problem) => {
    const file = fixture(tempDir(), name, text);
    const err = await caught(() => loadHistory(file));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line).toBe(line);
    expect(err.message.startsWith(`${file}:${line}: ${problem}`)).toBe(true);
    expect(err.message).toContain(': "'); // quotes the line
    expect(err.message).not.toContain('\n');
  });
});
