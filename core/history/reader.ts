/**
 * Streaming reader of JSONL history files (see ./format.ts), line by line with readline, so a
 * history of any size can be checked without holding its text in memory.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { InputError, UsageError } from '../errors.js';
import type { History, Op } from '../op.js';
import { checkHeader, type HistoryHeader } from './format.js';
import { checkOp, indexOrderProblem } from './validate.js';

/** A line that did not parse, held until we know whether it is the file's truncated tail. */
interface Pending {
  line: number;
  text: string;
  problem: string;
}

/**
 * Reads one history file as an async iterable of validated ops. Iterate it once.
 *
 * Anything malformed (bad JSON, missing or invalid fields, an index that does not increase, a
 * header that is missing or of an unknown version) throws an {@link InputError} naming
 * `file:line`. The one exception is a last line that is not valid JSON and has no newline after
 * it (a crash in mid-write): it is skipped and counted in {@link truncatedLines}.
 * Blank lines are skipped.
 */
export class HistoryReader implements AsyncIterable<Op> {
  /** The header; set once iteration has read line 1. */
  header: HistoryHeader | undefined;
  /** 1 when a truncated last line was skipped, else 0. */
  truncatedLines = 0;
  /** Human-readable warnings (`file:line: …`), e.g. about a skipped truncated line. */
  readonly warnings: string[] = [];

  constructor(/** Path of the history file. */ readonly file: string) {}

  /**
   * Yields the ops one by one, validated, reading the file as it goes.
   * @throws UsageError when the file is missing; InputError (`file:line`) when it is malformed
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<Op, void, undefined> {
    await requireFile(this.file);
    const endsWithNewline = await lastByteIsNewline(this.file);
    const rl = createInterface({ input: Readable.from(utf8Text(this.file)), crlfDelay: Infinity });
    let lineNo = 0;
    let pending: Pending | undefined;
    let lastIndex: number | undefined;
    const open = new Set<number>(); // client processes with an invocation in flight
    try {
      for await (const text of rl) {
        lineNo++;
        if (pending) throw new InputError(this.file, pending.line, pending.problem, pending.text);
        if (lineNo === 1) {
          this.header = this.parseHeader(text);
          continue;
        }
        if (text.trim() === '') continue;
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch (err) {
          pending = { line: lineNo, text, problem: `bad JSON (${(err as Error).message})` };
          continue;
        }
        const c = checkOp(raw);
        if (!c.ok) throw new InputError(this.file, lineNo, c.problem, text);
        const order = indexOrderProblem(lastIndex, c.value.index);
        if (order) throw new InputError(this.file, lineNo, order, text);
        const pairing = pairingProblem(open, c.value);
        if (pairing) throw new InputError(this.file, lineNo, pairing, text);
        lastIndex = c.value.index;
        yield c.value;
      }
    } finally {
      rl.close();
    }
    if (lineNo === 0) throw new InputError(this.file, 1, 'empty file: missing the history header');
    if (pending) {
      if (endsWithNewline) throw new InputError(this.file, pending.line, pending.problem, pending.text);
      this.truncatedLines = 1;
      this.warnings.push(`${this.file}:${pending.line}: skipped a truncated last line (the writer stopped mid-line)`);
    }
  }

  private parseHeader(text: string): HistoryHeader {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const c = checkHeader(raw);
    if (!c.ok) throw new InputError(this.file, 1, c.problem, text);
    return c.value;
  }
}

/** What {@link readHistory} returns. */
export interface HistoryFile {
  header: HistoryHeader;
  ops: History;
  /** 1 when a truncated last line was skipped, else 0. */
  truncatedLines: number;
  warnings: string[];
}

/**
 * Reads a whole JSONL history file into memory (see {@link HistoryReader} for the checks).
 * @throws UsageError when the file does not exist or is not a regular file; InputError when
 *   it is malformed
 */
export async function readHistory(file: string): Promise<HistoryFile> {
  const reader = new HistoryReader(file);
  const ops: History = [];
  for await (const op of reader) ops.push(op);
  if (!reader.header) throw new InputError(file, 1, 'missing the history header');
  return { header: reader.header, ops, truncatedLines: reader.truncatedLines, warnings: reader.warnings };
}

/**
 * Checks that `file` exists and is a regular file.
 * @throws UsageError naming the path otherwise
 */
export async function requireFile(file: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(file)).isFile();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UsageError(`${why}: ${file}`, { cause: err });
  }
  if (!isFile) throw new UsageError(`not a regular file: ${file}`);
}

/** True when the file's last byte is `\n` (false for an empty file). */
async function lastByteIsNewline(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size === 0) return false;
    const buf = Buffer.alloc(1);
    await fh.read(buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  } finally {
    await fh.close();
  }
}

/**
 * A client process's ops alternate invoke, completion; `open` holds the processes with an
 * invocation in flight and is updated. Returns the problem with `op`, if any: an `ok`, `fail`
 * or `info` with no invocation before it.
 * Nemesis ops are not paired.
 */
function pairingProblem(open: Set<number>, op: Op): string | undefined {
  if (op.process === 'nemesis') return undefined;
  if (op.type === 'invoke') {
    open.add(op.process);
    return undefined;
  }
  if (!open.delete(op.process)) return `an ${op.type} of process ${op.process} with no invocation before it`;
  return undefined;
}

/**
 * The file's text, chunk by chunk, decoded as strict UTF-8.
 * @throws InputError naming the line of the first byte sequence that is not UTF-8 (never U+FFFD in silence)
 */
async function* utf8Text(file: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new InputError(file, line + firstBadLine(chunk), 'not UTF-8 text (an invalid byte sequence)');
    }
    for (const b of chunk) if (b === 0x0a) line++;
    if (text !== '') yield text;
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new InputError(file, line, 'not UTF-8 text (a byte sequence cut off at the end)');
  }
  if (tail !== '') yield tail;
}

/** Lines (0-based, within `chunk`) before the first one that is not valid UTF-8 on its own. */
function firstBadLine(chunk: Buffer): number {
  let start = 0;
  for (let i = 0, n = 0; i <= chunk.length; i++) {
    if (i === chunk.length || chunk[i] === 0x0a) {
      if (!isUtf8(chunk.subarray(start, i))) return n;
      n++;
      start = i + 1;
    }
  }
  return 0;
}
