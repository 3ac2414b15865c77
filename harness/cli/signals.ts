/**
 * Ctrl-C and SIGTERM during a run: the first aborts the run (which unwinds its teardowns:
 * heal, logs, containers down), the second exits at once. Neither prints a stack trace.
 */
import { EXIT } from '../../core/errors.js';

/** Handlers installed by {@link onInterrupt}; `dispose` removes them. */
export interface InterruptHandlers {
  dispose(): void;
}

/**
 * Aborts `controller` on the first SIGINT / SIGTERM (saying so through `log`), and exits with
 * code 2 on the second (after `log(forceHint)`).
 */
export function onInterrupt(controller: AbortController, log: (line: string) => void, forceHint: string): InterruptHandlers {
  const handler = (sig: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      log(`${sig}: stopping clients, healing and cleaning up (press Ctrl-C again to exit at once)`);
      controller.abort(new Error(`interrupted by ${sig}`));
      return;
    }
    log(`${sig} again: exiting now; cleanup skipped${forceHint ? ` (${forceHint})` : ''}`);
    process.exit(EXIT.unknown);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
