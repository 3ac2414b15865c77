import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../../core/errors.js';
import { HistoryReader, HistoryWriter, readHistory } from '../../../core/history/index.js';
import type { History, Op } from '../../../core/op.js';
import { caught, fixture, useTempDir } from './helpers.js';

const tempDir = useTempDir();

const ops: History = [
  { index: 0, time: 10, process: 0, type: 'invoke', f: 'write', value: 3, node: 'n1' },
  { index: 1, time: 15, process: 'nemesis', type: 'info', f: 'start-partition', value: [['n1'], ['n2', 'n3']] },
  { index: 2, time: 20, process: 0, type: 'ok', f: 'write', value: 3, node: 'n1' },
  { index: 3, time: 25, process: 1, type: 'invoke', f: 'get', value: null, key: 'k1' },
  { index: 4, time: 30, process: 1, type: 'info', f: 'get', value: null, key: 'k1', error: 'timeout: ✓ unicode' },
];

const HEADER = '{"faultline":"history","version":1}\n';
const line = (op: Partial<Op>): string => `${JSON.stringify({ index: 0, time: 0, process: 0, type: 'invoke', f: 'read', value: null, ...op })}\n`;

describe('HistoryWriter → HistoryReader', () => {
  it('round-trips ops and header metadata', async () => {
    const file = join(tempDir(), 'history.jsonl');
    const w = await HistoryWriter.create(file, { test: 'etcd-register', seed: 42 });
    for (const op of ops) w.append(op);
    expect(w.appended).toBe(5);
    await w.close();
    const h = await readHistory(file);
    expect(h.header).toEqual({ test: 'etcd-register', seed: 42, faultline: 'history', version: 1 });
    expect(h.ops).toEqual(ops);
    expect(h.truncatedLines).toBe(0);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(ops.length + 2);
  });

  it('writes the header at once and ops only when flushed', async () => {
    const file = join(tempDir(), 'h.jsonl');
    const w = await HistoryWriter.create(file, {}, { fsync: true });
    expect(readFileSync(file, 'utf8')).toBe(HEADER);
    w.append(ops[0]);
    expect(readFileSync(file, 'utf8')).toBe(HEADER);
    await w.flush();
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    await w.close();
    await w.close(); // idempotent
    expect(() => w.append(ops[1])).toThrow(/closed/);
  });

  it('flushes in the background once the buffer is full', async () => {
    const file = join(tempDir(), 'h.jsonl');
    const w = await HistoryWriter.create(file, {}, { bufferBytes: 100 });
    for (let i = 0; i < 50; i++) w.append({ index: i, time: i, process: 0, type: 'invoke', f: 'read', value: null });
    await new Promise((r) => setTimeout(r, 50));
    const partial = readFileSync(file, 'utf8');
    expect(partial.length).toBeGreaterThan(HEADER.length);
    expect(partial.endsWith('\n')).toBe(true); // only whole lines
    await w.close();
    expect((await readHistory(file)).ops).toHaveLength(50);
  });

  it('refuses invalid ops, decreasing indices and an existing file', async () => {
    const file = join(tempDir(), 'h.jsonl');
    const w = await HistoryWriter.create(file);
    expect(() => w.append({ ...ops[0], type: 'done' as never })).toThrow(/"type"/);
    w.append(ops[2]);
    expect(() => w.append(ops[1])).toThrow(/index 1 does not increase/);
    await w.close();
    const err = await caught(() => HistoryWriter.create(file));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('already exists');
  });

  it('streams ops lazily and stops early without error', async () => {
    const file = fixture(tempDir(), 'h.jsonl', HEADER + ops.map((o) => JSON.stringify(o)).join('\n') + '\n');
    const reader = new HistoryReader(file);
    const seen: Op[] = [];
    for await (const op of reader) {
      seen.push(op);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(ops.slice(0, 2));
    expect(reader.header?.version).toBe(1);
  });
});

describe('HistoryReader: damaged files', () => {
  it('tolerates a truncated last line (crash mid-write) with a warning', async () => {
    const dir = tempDir();
    const file = join(dir, 'h.jsonl');
    const w = await HistoryWriter.create(file);
    for (const op of ops.slice(0, 3)) w.append(op);
    await w.close();
    appendFileSync(file, '{"index":3,"time":25,"proc');
    const h = await readHistory(file);
    expect(h.ops).toEqual(ops.slice(0, 3));
    expect(h.truncatedLines).toBe(1);
    expect(h.warnings).toEqual([`${file}:5: skipped a truncated last line (the writer stopped mid-line)`]);
  });

  it('rejects a bad line that ends with a newline, or one that is not last', async () => {
    const dir = tempDir();
    const a = fixture(dir, 'a.jsonl', HEADER + line({}) + '{"index":1,"ti\n');
    expect((await caught(() => readHistory(a))).message).toMatch(new RegExp(`^${a}:3: bad JSON \\(`));
    const b = fixture(dir, 'b.jsonl', HEADER + '{"index":0\n' + line({ index: 1 }));
    expect((await caught(() => readHistory(b))).message).toMatch(new RegExp(`^${b}:2: bad JSON`));
  });

  it('refuses header versions it does not know', async () => {
    const file = fixture(tempDir(), 'v2.jsonl', '{"faultline":"history","version":2}\n' + line({}));
    const err = await caught(() => readHistory(file));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(
      `${file}:1: unsupported history version 2: this faultline reads version 1 only: "{\\"faultline\\":\\"history\\",\\"version\\":2}"`,
    );
  });

  it('refuses a file without a header, and an empty file', async () => {
    const dir = tempDir();
    const noHeader = fixture(dir, 'n.jsonl', line({}));
    expect((await caught(() => readHistory(noHeader))).message).toMatch(`${noHeader}:1: line 1 is an op, not the history header: a faultline JSONL history starts with {"faultline":"history","version":1}`);
    const notOp = fixture(dir, 'x.jsonl', '{"hello":1}\n');
    expect((await caught(() => readHistory(notOp))).message).toMatch(`${notOp}:1: not a faultline history file`);
    const empty = fixture(dir, 'e.jsonl', '');
    expect((await caught(() => readHistory(empty))).message).toBe(`${empty}:1: empty file: missing the history header`);
  });

  it.each([
    ['missing field', { type: undefined }, 'missing field "type"'],
    ['bad type', { type: 'done' }, 'bad "type" "done" (expected invoke, ok, fail or info)'],
    ['bad process', { process: -1 }, `bad "process" -1`],
    ['bad time', { time: 'soon' }, 'bad "time" "soon"'],
    ['bad key', { key: true }, 'bad "key" true'],
    ['bad error', { error: 42 }, 'bad "error" 42'],
  ])('names file:line for a %s', async (_name, patch, problem) => {
    const file = fixture(tempDir(), 'h.jsonl', HEADER + line({}) + '\n' + line({ index: 1, ...(patch as Partial<Op>) }));
    const err = await caught(() => readHistory(file));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message.startsWith(`${file}:4: ${problem}`)).toBe(true);
    expect(err.message).not.toContain('\n');
  });

  it('rejects an index that does not increase', async () => {
    const file = fixture(tempDir(), 'h.jsonl', HEADER + line({ index: 5 }) + line({ index: 5 }));
    expect((await caught(() => readHistory(file))).message).toMatch(`${file}:3: index 5 does not increase (previous op has index 5)`);
  });

  it('reports a missing file as a usage error naming the path', async () => {
    const file = join(tempDir(), 'nope.jsonl');
    const err = await caught(() => readHistory(file));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`no such file: ${file}`);
  });

  it('reads CRLF files', async () => {
    const file = join(tempDir(), 'crlf.jsonl');
    writeFileSync(file, (HEADER + line({}) + line({ index: 1 })).replace(/\n/g, '\r\n'));
    expect((await readHistory(file)).ops).toHaveLength(2);
  });
});
