/**
 * Whether a stored run is whole: a run that was interrupted, crashed, or whose controller
 * died (SIGKILL, a second Ctrl-C: test.json still says `running` but its process is gone)
 * checked only part of what it meant to do. Its verdict must say so wherever it appears
 * (console, results.json, report banner, junit.xml).
 */
import { hostname } from 'node:os';
import type { StoredTest } from '../../core/run-store/index.js';

/** True when process `pid` exists on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why the run is partial, or undefined for a whole run: `interrupted`, `crashed`, `cut short:
 * its controller died`, or `still running` (its controller is alive on this machine).
 * `alive` tells whether a pid lives on this machine (default {@link processAlive}). Pure but
 * for `alive`.
 */
export function partialReason(test: Pick<StoredTest, 'outcome'> & { pid?: unknown; host?: unknown }, alive: (pid: number) => boolean = processAlive): string | undefined {
  switch (test.outcome) {
    case 'complete':
    case 'timed-out':
      return undefined;
    case 'interrupted':
      return 'interrupted';
    case 'crashed':
      return 'crashed';
    default: {
      const here = test.host === undefined || test.host === hostname();
      if (typeof test.pid === 'number' && here && test.pid !== process.pid && alive(test.pid)) return 'still running';
      return 'cut short: its controller died (test.json still says running)';
    }
  }
}
