/**
 * The history readers on hostile input: whatever the bytes or values, `loadHistory` gives ops
 * or a one-line {@link UsageError} (exit 254 at the CLI) — never another exception, a stack
 * overflow or silent U+FFFD. Fuzzed with fast-check (arbitrary bytes, arbitrary JSON values as
 * op lines, arbitrary EDN-looking text) plus the cases found by hand.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/errors.js';
import { loadHistory, type HistoryFormat } from '../../../core/history/index.js';
import { useTempDir } from './helpers.js';

const tmp = useTempDir();
const HEADER = '{"faultline":"history","version":1,"test":"t","seed":1,"startedAt":"2026-01-01T00:00:00.000Z"}';

/** Loads `content`; resolves with the op count or the error message, failing the test on any other throw. */
async function outcome(dir: string, content: string | Buffer, format?: HistoryFormat): Promise<number | string> {
  const file = join(dir, 'h');
  writeFileSync(file, content);
  try {
    return (await loadHistory(file, format)).ops.length;
  } catch (e) {
    if (!(e instanceof UsageError)) throw new Error(`not a one-line usage error: ${String((e as Error)?.stack ?? e)}`);
    expect(e.message).not.toContain('\n');
    return e.message;
  }
}

describe('history readers on bad input', () => {
  it('name the line of bytes that are not UTF-8, in JSONL', async () => {
    const d = tmp();
    const bad = Buffer.concat([Buffer.from(`${HEADER}\n{"index":0,"time":0,"process":0,"type":"invoke","f":"write","value":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]);
    expect(await outcome(d, bad, 'jsonl')).toMatch(/:2: not UTF-8 text \(an invalid byte sequence\)$/);
  });

  it('refuse a completion with no invocation before it', async () => {
    const d = tmp();
    expect(await outcome(d, `${HEADER}\n{"index":0,"time":1,"process":0,"type":"ok","f":"read","value":1}\n`, 'jsonl')).toMatch(/:2: an ok of process 0 with no invocation before it/);
  });

  it('refuse values nested 500,000 deep (JSONL and EDN) without overflowing the stack', async () => {
    const d = tmp();
    const deep = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    expect(await outcome(d, `${HEADER}\n{"index":0,"time":0,"process":0,"type":"invoke","f":"read","value":${deep}}\n`, 'jsonl')).toMatch(/:2: nested more than 100 levels deep/);
    expect(await outcome(d, `${HEADER}\n${deep}\n`, 'jsonl')).toMatch(/:2: nested more than 100 levels deep/);
    expect(await outcome(d, `{:type :invoke, :f :read, :process 0, :value ${deep}}\n`, 'edn')).toMatch(/:1: nested more than 100 levels deep/);
    expect(await outcome(d, `${deep}\n`, 'edn')).toMatch(/:1: nested more than 100 levels deep/);
  });

  it('fuzz: arbitrary bytes in every format give ops or one line', async () => {
    const d = tmp();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.constantFrom<HistoryFormat | undefined>('jsonl', 'edn', 'jepsen-log', undefined), async (bytes, format) => {
        await outcome(d, Buffer.from(bytes), format);
      }),
      { numRuns: 300 },
    );
  });

  it('fuzz: arbitrary JSON values as op lines (and op-shaped objects with arbitrary fields) give ops or one line', async () => {
    const d = tmp();
    const opLike = fc.record({ index: fc.jsonValue(), time: fc.jsonValue(), process: fc.jsonValue(), type: fc.constantFrom('invoke', 'ok', 'fail', 'info', 'x'), f: fc.jsonValue(), value: fc.jsonValue() }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.jsonValue(), opLike), { maxLength: 8 }), async (lines) => {
        await outcome(d, `${HEADER}\n${lines.map((l) => JSON.stringify(l)).join('\n')}\n`, 'jsonl');
      }),
      { numRuns: 300 },
    );
  });

  it('fuzz: arbitrary EDN-like text (maps, vectors, keywords, tags, ##NaN) gives ops or one line', async () => {
    const d = tmp();
    const token = fc.constantFrom('{', '}', '[', ']', '(', ')', '#{', ':type', ':invoke', ':ok', ':f', ':read', ':write', ':process', '0', '1', ':value', 'nil', '##NaN', '##Inf', '#inst "2020"', '"s"', '\\a', ';c\n', ' ', '\n', ':index', '-1', '1.5', '#foo', 'x');
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 40 }), async (tokens) => {
        await outcome(d, tokens.join(' '), 'edn');
      }),
      { numRuns: 300 },
    );
  });
});
