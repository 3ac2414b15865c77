/**
 * Appending a history to a JSONL file while the test runs. Lines are buffered in memory and
 * written whole, so a crash loses at most the unflushed tail (and leaves at most one partial
 * last line, which the reader tolerates).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { Op } from '../op.js';
import { encodeHeader, encodeOp, makeHeader } from './format.js';
import { checkOp, indexOrderProblem } from './validate.js';

/** Options of {@link HistoryWriter.create}. */
export interface HistoryWriterOptions {
  /** `fsync` the file after every flush (and after the header). Default false. */
  fsync?: boolean;
  /** Start a flush once this many bytes (UTF-16 code units) are buffered. Default 65536. */
  bufferBytes?: number;
}

/**
 * An append-only writer of one history file. {@link append} is synchronous and cheap; data
 * reaches the file on {@link flush}, on {@link close}, or in the background once the buffer is
 * full. Not safe to share between processes.
 */
export class HistoryWriter {
  private buffer: string[] = [];
  private buffered = 0;
  private lastIndex: number | undefined;
  private writes: Promise<void> = Promise.resolve();
  private failure: unknown;
  private closed = false;
  private count = 0;

  private constructor(
    /** The path of the file being written. */
    readonly file: string,
    private readonly fh: FileHandle,
    private readonly options: Required<HistoryWriterOptions>,
  ) {}

  /**
   * Creates `file` (which must not exist yet) and writes the header with `meta` to it, flushed
   * (and fsynced when asked) before returning.
   * @throws UsageError when the file already exists or cannot be created
   */
  static async create(file: string, meta: Record<string, unknown> = {}, options: HistoryWriterOptions = {}): Promise<HistoryWriter> {
    let fh: FileHandle;
    try {
      fh = await open(file, 'wx');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EEXIST' ? 'file already exists' : (err as Error).message;
      throw new UsageError(`cannot create history file ${file}: ${why}`, { cause: err });
    }
    const w = new HistoryWriter(file, fh, { fsync: options.fsync ?? false, bufferBytes: options.bufferBytes ?? 65536 });
    w.push(encodeHeader(makeHeader(meta)));
    await w.flush();
    return w;
  }

  /** Number of ops appended so far (flushed or not). */
  get appended(): number {
    return this.count;
  }

  /**
   * Buffers one op. Validates it and its index (strictly increasing).
   * @throws TypeError for an invalid op; Error after {@link close} or after a failed write
   */
  append(op: Op): void {
    this.throwIfUnusable();
    const c = checkOp(op);
    if (!c.ok) throw new TypeError(`${this.file}: cannot append op: ${c.problem}`);
    const order = indexOrderProblem(this.lastIndex, op.index);
    if (order) throw new TypeError(`${this.file}: cannot append op: ${order}`);
    this.push(encodeOp(op));
    this.lastIndex = op.index;
    this.count++;
    if (this.buffered >= this.options.bufferBytes) void this.flush().catch(() => undefined);
  }

  /** Writes everything buffered so far to the file (and fsyncs when configured). */
  async flush(): Promise<void> {
    this.throwIfFailed();
    const data = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    if (data !== '') {
      this.writes = this.writes.then(() => this.write(data));
      this.writes.catch((err: unknown) => {
        this.failure ??= err;
      });
    }
    await this.writes;
  }

  /** Flushes and closes the file. Further appends throw. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.fh.close();
    }
  }

  private push(line: string): void {
    this.buffer.push(line);
    this.buffered += line.length;
  }

  private async write(data: string): Promise<void> {
    const bytes = Buffer.from(data, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.fh.write(bytes, done, bytes.length - done);
      done += bytesWritten;
    }
    if (this.options.fsync) await this.fh.sync();
  }

  private throwIfUnusable(): void {
    if (this.closed) throw new Error(`${this.file}: history writer is closed`);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) {
      throw new Error(`${this.file}: an earlier history write failed`, { cause: this.failure });
    }
  }
}
