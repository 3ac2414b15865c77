/**
 * What the user sees while clients run: on a terminal, one status line redrawn in place
 * (elapsed, ops/s, ok / fail / info, current fault); otherwise (CI) a plain line every ~5 s.
 * Formatting is pure; {@link StatusDisplay} does the timing and writing.
 */
import type { Progress, ProgressSnapshot } from './progress.js';

/** The status text. `opsPerS` over the last interval. Pure. */
export function statusText(elapsedS: number, s: ProgressSnapshot, opsPerS: number): string {
  return `${elapsedS.toFixed(1)} s  ${Math.round(opsPerS)} ops/s  ok ${s.ok}  fail ${s.fail}  info ${s.info}  fault: ${s.fault}`;
}

/** Where status output goes. */
export interface StatusStream {
  write(text: string): unknown;
  /** True for a terminal: redraw in place. */
  isTTY?: boolean;
}

/** Draws the status of a running {@link Progress}; see the module documentation. */
export class StatusDisplay {
  private timer: NodeJS.Timeout | undefined;
  private lastAt = 0;
  private lastDone = 0;
  private drawn = false;
  private readonly started = performance.now();

  constructor(
    private readonly progress: Progress,
    private readonly out: StatusStream,
    /** Interval of plain lines when not a terminal, ms. */
    private readonly plainEveryMs = 5000,
  ) {}

  /** Starts drawing. */
  start(): void {
    this.lastAt = performance.now();
    this.timer = setInterval(() => this.draw(), this.out.isTTY ? 250 : this.plainEveryMs);
    this.timer.unref();
  }

  /** Erases the status line (before another line is printed); it is redrawn on the next tick. */
  clear(): void {
    if (this.drawn && this.out.isTTY) this.out.write('\r\x1b[K');
    this.drawn = false;
  }

  /** Stops drawing and erases the line. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private draw(): void {
    const now = performance.now();
    const s = this.progress.snapshot();
    const done = s.ok + s.fail + s.info;
    const rate = now > this.lastAt ? ((done - this.lastDone) * 1000) / (now - this.lastAt) : 0;
    this.lastAt = now;
    this.lastDone = done;
    const text = statusText((now - this.started) / 1000, s, rate);
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[K${text}`);
      this.drawn = true;
    } else {
      this.out.write(`faultline: ${text}\n`);
    }
  }
}
