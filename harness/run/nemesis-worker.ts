/**
 * The nemesis thread of the interpreter: runs each nemesis op on the nemesis that handles its
 * `f`, one at a time. Every completion is `info` (a fault may or may not have taken effect),
 * carrying the nemesis's result value, or its error. The history is flushed before a fault
 * starts, so a crash during a fault still leaves it on disk.
 */
import type { Op } from '../../core/op.js';
import type { Nemesis, RunContext } from '../../core/plugins.js';
import type { OnComplete } from './client-worker.js';
import { errorMessage } from './completion.js';

/** The nemesis thread; see the module documentation. */
export class NemesisWorker {
  private readonly byF = new Map<string, Nemesis>();
  private stopped = false;

  constructor(
    nemeses: readonly Nemesis[],
    private readonly ctx: RunContext,
    private readonly flush: () => Promise<void>,
    private readonly onComplete: OnComplete,
  ) {
    for (const n of nemeses) for (const f of n.fs) if (!this.byF.has(f)) this.byF.set(f, n);
  }

  /** Starts nemesis op `op` (already recorded). */
  run(op: Op): void {
    void this.exec(op).then((c) => {
      if (!this.stopped) this.onComplete(op, c);
    });
  }

  /** Drops the completion of an op still running (the run is over). */
  stop(): void {
    this.stopped = true;
  }

  private async exec(op: Op): Promise<{ type: 'info'; value: unknown; error?: string }> {
    try {
      await this.flush();
      const nemesis = this.byF.get(op.f);
      if (nemesis === undefined) return { type: 'info', value: op.value, error: `no nemesis handles ${JSON.stringify(op.f)}` };
      const r = await nemesis.invoke(this.ctx, op);
      const out: { type: 'info'; value: unknown; error?: string } = { type: 'info', value: r?.value ?? null };
      if (r?.error !== undefined) out.error = r.error;
      return out;
    } catch (err) {
      return { type: 'info', value: op.value, error: errorMessage(err) };
    }
  }
}
