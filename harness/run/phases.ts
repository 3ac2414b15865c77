/**
 * The run as a numbered list of phases, each `{title, setup, teardown}`. A phase's teardown is
 * pushed on a stack BEFORE its setup runs (so a setup that fails half-way is still undone);
 * when the phases end — all done, one failed, or the signal aborted — the stack unwinds in
 * reverse. Every teardown runs even when an earlier one fails. No I/O besides the `log` calls.
 */

/** One step of a run. */
export interface Phase {
  /** What the setup does, e.g. `cluster up: 3 nodes`. */
  title: string;
  setup?: () => Promise<void> | void;
  /** Undoes the setup; must cope with a setup that never ran or stopped half-way. */
  teardown?: () => Promise<void> | void;
  /** What the teardown does, for the log. Default: `undo <title>`. */
  teardownTitle?: string;
}

/** How a list of phases ended. */
export interface PhasesOutcome {
  /** Phases whose setup finished. */
  completed: number;
  /** The phase whose setup threw (not when aborted). */
  failed?: { title: string; error: unknown };
  /** True when the signal aborted before all phases finished. */
  interrupted: boolean;
  /** Teardowns that threw, in the order they ran. */
  teardownErrors: { title: string; error: unknown }[];
}

/** Options of {@link runPhases}. */
export interface RunPhasesOptions {
  /** Stops the phases (the one running is not awaited further); teardowns still run. */
  signal: AbortSignal;
  /** Receives progress lines, e.g. `[2/8] store: …`, `teardown: heal`. */
  log: (line: string) => void;
  /** Number of the first phase. Default 1. */
  first?: number;
  /** Total shown after the slash. Default: first + phases − 1. */
  total?: number;
  /**
   * After an abort, how long the running setup may take to notice it and stop before the
   * teardowns start, ms. Default 0.
   */
  graceMs?: number;
}

/** Resolves with `p`, or rejects as soon as `signal` aborts (then `p` is left to itself). */
export function untilAborted<T>(p: Promise<T> | T, signal: AbortSignal): Promise<T> {
  const promise = Promise.resolve(p);
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new AbortedError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined);
      reject(new AbortedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Thrown by {@link untilAborted} when the signal aborts first. */
export class AbortedError extends Error {
  override name = 'AbortedError';
  constructor() {
    super('aborted');
  }
}

/**
 * Runs the phases in order, then unwinds the teardown stack in reverse; see the module
 * documentation. Never rejects: failures are in the outcome.
 */
export async function runPhases(phases: readonly Phase[], opts: RunPhasesOptions): Promise<PhasesOutcome> {
  const first = opts.first ?? 1;
  const total = opts.total ?? first + phases.length - 1;
  const stack: { title: string; run: () => Promise<void> | void }[] = [];
  const outcome: PhasesOutcome = { completed: 0, interrupted: false, teardownErrors: [] };
  for (const [i, p] of phases.entries()) {
    if (opts.signal.aborted) {
      outcome.interrupted = true;
      break;
    }
    opts.log(`[${first + i}/${total}] ${p.title}`);
    if (p.teardown) stack.push({ title: p.teardownTitle ?? `undo ${p.title}`, run: p.teardown });
    const running = Promise.resolve().then(() => p.setup?.());
    try {
      await untilAborted(running, opts.signal);
      outcome.completed++;
    } catch (error) {
      if (error instanceof AbortedError || opts.signal.aborted) {
        outcome.interrupted = true;
        await settleWithin(running, opts.graceMs ?? 0);
      } else outcome.failed = { title: p.title, error };
      break;
    }
  }
  await unwind(stack, opts.log, outcome.teardownErrors);
  return outcome;
}

/** Waits for `p` to settle, at most `ms` ms; never rejects. */
async function settleWithin(p: Promise<unknown>, ms: number): Promise<void> {
  if (ms <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.then(noop, noop), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

function noop(): void {}

async function unwind(stack: { title: string; run: () => Promise<void> | void }[], log: (line: string) => void, errors: PhasesOutcome['teardownErrors']): Promise<void> {
  for (let t = stack.pop(); t !== undefined; t = stack.pop()) {
    log(`teardown: ${t.title}`);
    try {
      await t.run();
    } catch (error) {
      errors.push({ title: t.title, error });
      log(`teardown failed: ${t.title}: ${(error as Error)?.message ?? String(error)}`);
    }
  }
}
