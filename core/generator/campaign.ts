/**
 * Building blocks for a whole Jepsen-style test schedule: a main phase (client workload and
 * nemesis faults side by side, time-limited), then a final phase (heal, quiet, final reads).
 * Pure.
 */
import { any } from './any.js';
import { eachThread } from './each-thread.js';
import { checkDuration } from './errors.js';
import type { GenLike } from './lift.js';
import { phases } from './phases.js';
import { cycle } from './repeat.js';
import { clients, nemesis } from './routing.js';
import { sleep } from './sleep.js';
import { timeLimit } from './time-limit.js';
import type { Generator, OpSpec } from './types.js';

/**
 * A fault schedule for the nemesis: wait `intervalNs`, `start`, wait `intervalNs`, `stop`,
 * and again, forever (bound it with `timeLimit`). Route it with `nemesis(...)`.
 *
 * @example startStop(seconds(10), { f: 'start-partition' }, { f: 'stop-partition' })
 */
export function startStop(intervalNs: number, start: OpSpec, stop: OpSpec): Generator {
  checkDuration('startStop: interval', intervalNs);
  return cycle([sleep(intervalNs), start, sleep(intervalNs), stop]);
}

/** Options of {@link finalGenerator}. */
export interface FinalOptions {
  /** Nemesis ops that heal every fault, e.g. `{ f: 'stop-partition' }`. Default none. */
  heal?: GenLike;
  /** Quiet time after healing, in ns, for the system to recover. Default 0. */
  quietNs?: number;
  /**
   * What every client thread runs at the end (a copy per thread), e.g. `{ f: 'read' }` or
   * `untilOk(repeat({ f: 'read' }))`. Default none.
   */
  reads?: GenLike;
}

/**
 * The end of a test: the nemesis heals, then (all threads free) a quiet pause, then every
 * client thread runs its own copy of `reads`. Each step waits for all threads to be free.
 *
 * @example finalGenerator({ heal: { f: 'stop-partition' }, quietNs: seconds(5), reads: { f: 'read' } })
 */
export function finalGenerator(opts: FinalOptions): Generator {
  const quiet = opts.quietNs ?? 0;
  checkDuration('finalGenerator: quietNs', quiet);
  return phases(nemesis(opts.heal), sleep(quiet), clients(eachThread(opts.reads)));
}

/** Options of {@link campaign}. */
export interface CampaignOptions {
  /** The client workload (routed to client threads). */
  clients: GenLike;
  /** The fault schedule (routed to the nemesis thread). Default none. */
  nemesis?: GenLike;
  /** Length of the main phase in ns. */
  timeLimitNs: number;
  /** The final phase; default none. */
  final?: FinalOptions;
}

/**
 * A whole test schedule: `clients` and `nemesis` side by side for `timeLimitNs`, then (once
 * every op has completed) the {@link finalGenerator}.
 *
 * @example
 * campaign({
 *   clients: stagger(100, mix([r, w, cas])),
 *   nemesis: startStop(seconds(10), { f: 'start-partition' }, { f: 'stop-partition' }),
 *   timeLimitNs: seconds(60),
 *   final: { heal: { f: 'stop-partition' }, reads: { f: 'read' } },
 * })
 */
export function campaign(opts: CampaignOptions): Generator {
  checkDuration('campaign: timeLimitNs', opts.timeLimitNs);
  const main = timeLimit(opts.timeLimitNs, any(clients(opts.clients), nemesis(opts.nemesis)));
  return opts.final === undefined ? main : phases(main, finalGenerator(opts.final));
}
