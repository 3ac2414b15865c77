/**
 * The generator library: pure, seeded schedules of ops for client threads and the nemesis.
 * See ./types.ts for the contract, ./scheduler.ts for how an interpreter drives a generator,
 * and ./campaign.ts for a whole test's schedule. All times and durations are ns.
 *
 * @example
 * const schedule = campaign({
 *   clients: stagger(100, mix([
 *     repeat({ f: 'read' }),
 *     (ctx) => ({ f: 'write', value: ctx.rng.int(5) }),
 *     (ctx) => ({ f: 'cas', value: [ctx.rng.int(5), ctx.rng.int(5)] }),
 *   ])),
 *   nemesis: startStop(seconds(10), { f: 'start-partition' }, { f: 'stop-partition' }),
 *   timeLimitNs: seconds(60),
 *   final: { heal: { f: 'stop-partition' }, quietNs: seconds(5), reads: { f: 'read' } },
 * });
 * simulate(schedule, { threads: 6, seed: 42 }); // the history a run with 1 ms ops would record
 */
export { Rng } from './rng.js';
export { NS_PER_MS, NS_PER_S, millis, seconds } from './time.js';
export { GeneratorError } from './errors.js';
export {
  allFree,
  freeThreadList,
  initialContext,
  makeContext,
  NARROW_MEMO_LIMIT,
  narrowMemoSize,
  onlyThread,
  ownsProcess,
  restrict,
  someFree,
  threadOfProcess,
  threadsOf,
  withBusy,
  withFree,
  withNextProcess,
  withRng,
  withTime,
  type Context,
  type InitialContextOptions,
  type Thread,
} from './context.js';
export {
  earliest,
  emit,
  isGenerator,
  isPending,
  mapStep,
  pending,
  type Emit,
  type GenEvent,
  type Generator,
  type OpSpec,
  type OpTemplate,
  type Pending,
  type Step,
} from './types.js';
export { empty, fillIn, fromFn, once, type OpFn } from './leaf.js';
export { lift, seq, type GenLike } from './lift.js';
export { mix } from './mix.js';
export { delay, stagger } from './stagger.js';
export { sleep } from './sleep.js';
export { first, limit } from './limit.js';
export { timeLimit } from './time-limit.js';
export { andThen, phases, synchronize } from './phases.js';
export { cycle, repeat } from './repeat.js';
export { eachThread } from './each-thread.js';
export { clients, nemesis, onThreads, type ThreadSelector } from './routing.js';
export { any } from './any.js';
export { reserve } from './reserve.js';
export { untilOk } from './until-ok.js';
export { flipFlop } from './flip-flop.js';
export { FILTER_MAX_SKIPS, filter, map, type OpMapper } from './transform.js';
export { keyed, type Key, type KeyedOptions } from './keys.js';
export { campaign, finalGenerator, startStop, type CampaignOptions, type FinalOptions } from './campaign.js';
export { Scheduler, type Completion, type Decision, type Invocation, type SchedulerOptions } from './scheduler.js';
export { simulate, type SimOutcome, type SimulateOptions } from './simulate.js';
