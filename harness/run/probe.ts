/**
 * Probes: something sampled every interval while the clients run (the leader probe asks the DB
 * which nodes lead), each sample recorded in the history as a lone `info` event of process
 * `nemesis` with f {@link PROBE_F}, so reports can show leader changes next to the faults.
 */
import { PROBE_F } from '../../core/op.js';
import type { DB, HasPrimaries, RunContext } from '../../core/plugins.js';

/** A probe: what to sample and how often. */
export interface Probe {
  /** The f recorded, {@link PROBE_F} for the leader probe. */
  readonly f: string;
  /** Time between the starts of two samples, ms. */
  readonly intervalMs: number;
  /** Longest a sample may take, ms; a slower one is recorded as an error. */
  readonly timeoutMs: number;
  /** Takes one sample (its value is recorded); rejects when it cannot tell. */
  sample(): Promise<unknown>;
}

/** What a sample became: the value, or why there is none. */
export interface ProbeSample {
  value: unknown;
  error?: string;
}

/**
 * The leader probe: every second, `db.primaries()`, recorded as `{ primaries: [...] }`
 * (an empty list when no node leads; an error when the DB could not say within 2 s).
 */
export function leaderProbe(db: DB & HasPrimaries, ctx: RunContext, intervalMs = 1000): Probe {
  return {
    f: PROBE_F,
    intervalMs,
    timeoutMs: 2 * intervalMs,
    sample: async () => ({ primaries: [...(await db.primaries(ctx))].sort() }),
  };
}

/** A running probe. */
export interface RunningProbe {
  /** Stops sampling; resolves when the sample in flight (if any) ended or timed out. */
  stop(): Promise<void>;
}

/** `p`, or a rejection after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Starts sampling `probe` at once and then every `intervalMs` (never two samples at a time),
 * handing each result to `record`. Samples that throw are recorded with their error.
 */
export function startProbe(probe: Probe, record: (s: ProbeSample) => void): RunningProbe {
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      const t0 = Date.now();
      let s: ProbeSample;
      try {
        s = { value: await within(probe.sample(), probe.timeoutMs) };
      } catch (err) {
        s = { value: null, error: (err as Error).message.split('\n')[0] ?? String(err) };
      }
      if (stopped) break;
      record(s);
      const wait = Math.max(0, probe.intervalMs - (Date.now() - t0));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
