/**
 * Progress of a long step (an image build): on a terminal one line rewritten in place; when
 * not a TTY or in CI, plain lines — the milestones plus a heartbeat every 15 s. The last lines
 * are kept for error messages.
 */
import { seconds } from '../core/log.js';

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Short label shown before each line, e.g. `build faultline/node`. */
  title: string;
  /** Lines worth printing in plain mode (e.g. `Step 3/7`). */
  milestone: RegExp;
  /** Where to write. Default `process.stderr`. */
  out?: NodeJS.WriteStream;
  /** Force plain lines (default: when `out` is not a TTY or `$CI` is set). */
  plain?: boolean;
}

/** A running progress display. */
export interface Progress {
  /** Feeds raw output (may hold several or partial lines). */
  feed(chunk: string | Uint8Array): void;
  /** Ends the display with a summary line. */
  done(summary: string): void;
  /** The last output lines (≤ 30), for an error message. */
  tail(): string;
}

/** Starts a progress display for one step. */
export function createProgress(opts: ProgressOptions): Progress {
  const out = opts.out ?? process.stderr;
  const plain = opts.plain ?? (!out.isTTY || !!process.env.CI);
  const t0 = Date.now();
  const last: string[] = [];
  let partial = '';
  let lastPrint = Date.now();
  const show = (line: string): void => {
    const text = `faultline: [${opts.title} ${seconds(Date.now() - t0)}] ${line}`;
    if (plain) out.write(`${text}\n`);
    else out.write(`\r\x1b[K${text.slice(0, Math.max(20, (out.columns ?? 100) - 1))}`);
    lastPrint = Date.now();
  };
  const onLine = (raw: string): void => {
    const line = raw.replace(/\r/g, '').trimEnd();
    if (!line) return;
    last.push(line);
    if (last.length > 30) last.shift();
    if (!plain || opts.milestone.test(line)) show(line);
    else if (Date.now() - lastPrint > 15_000) show(`… ${line}`);
  };
  return {
    feed(chunk) {
      partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(onLine);
    },
    done(summary) {
      if (partial) onLine(partial);
      partial = '';
      if (!plain) out.write('\r\x1b[K');
      out.write(`faultline: [${opts.title}] ${summary} (${seconds(Date.now() - t0)})\n`);
    },
    tail: () => last.join('\n'),
  };
}
