/**
 * The controller's last line of defence: an exception nothing caught (a client library
 * throwing inside a socket handler, a timer callback) or a promise rejection nobody handled
 * must not end a run with Node's default exit code 1 — which CI reads as INVALID — and leave
 * faults and containers behind. {@link guardController} turns the first such error into an
 * abort of the run with a {@link ControllerCrash} reason: the run's teardowns heal the faults
 * and remove the cluster as after Ctrl-C, and the run ends `crashed` with exit 255. Errors
 * after the first are logged and otherwise ignored while the teardowns run; if they take
 * longer than `deadlineMs`, the process exits 255 at once.
 */
import { ControllerCrash, EXIT } from '../../core/errors.js';

export { ControllerCrash };

/** Handlers installed by {@link guardController}; `dispose` removes them. */
export interface ControllerGuard {
  /** The first uncaught error, once there was one. */
  readonly crash: ControllerCrash | undefined;
  dispose(): void;
}

/** Options of {@link guardController}. */
export interface GuardOptions {
  /** After the first uncaught error, how long the teardowns may take before the process exits 255, ms. Default 300,000. */
  deadlineMs?: number;
  /** Ends the process; default `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * Installs `uncaughtException` / `unhandledRejection` handlers that abort `controller` with a
 * {@link ControllerCrash} (see the module notes), logging one line per error through `log`.
 */
export function guardController(controller: AbortController, log: (line: string) => void, opts: GuardOptions = {}): ControllerGuard {
  let crash: ControllerCrash | undefined;
  let deadline: NodeJS.Timeout | undefined;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const onError = (error: unknown): void => {
    const c = new ControllerCrash(error);
    if (crash !== undefined) {
      log(`controller error while cleaning up (ignored): ${c.message}`);
      return;
    }
    crash = c;
    log(`controller error: ${c.message}; healing faults, tearing down, then exiting ${EXIT.crash}`);
    if (process.env.FAULTLINE_DEBUG && error instanceof Error && error.stack) log(error.stack);
    deadline = setTimeout(() => {
      log(`cleanup did not finish within ${Math.round((opts.deadlineMs ?? 300_000) / 1000)} s: exiting ${EXIT.crash}`);
      exit(EXIT.crash);
    }, opts.deadlineMs ?? 300_000);
    deadline.unref();
    if (!controller.signal.aborted) controller.abort(c);
  };
  const onRejection = (reason: unknown): void => onError(reason);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onRejection);
  return {
    get crash() {
      return crash;
    },
    dispose() {
      clearTimeout(deadline);
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onRejection);
    },
  };
}

/**
 * Outside a run (before its guard is installed, after it is removed) an uncaught error prints
 * one line and exits 255 instead of Node's default exit 1. Installed once by the CLI's
 * `main`; stands aside while a {@link guardController} guard is installed.
 */
export function installLastResort(write: (line: string) => void = (l) => process.stderr.write(`${l}\n`), exit: (code: number) => void = (c) => process.exit(c)): void {
  const handler = (kind: 'uncaughtException' | 'unhandledRejection') => (error: unknown) => {
    if (process.listenerCount(kind) > 1) return; // a run's guard handles it
    write(`faultline: crashed: ${new ControllerCrash(error).message}`);
    exit(EXIT.crash);
  };
  process.on('uncaughtException', handler('uncaughtException'));
  process.on('unhandledRejection', handler('unhandledRejection'));
}
