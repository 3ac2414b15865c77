/**
 * Fault schedules: the nemesis ops of a run's main phase with their times, as
 * `faultline test --schedule <file>` replays them and `faultline shrink` stores them. Taken
 * from a history, each op is pinned to what it did (a kill of `one` node becomes a kill of the
 * node it killed, a random partition the grudge it applied, a clock bump its offsets), so a
 * replay hits the same nodes. Pure.
 */
import { UsageError } from '../../core/errors.js';
import { nemesis, seq, type Generator } from '../../core/generator/index.js';
import { isProbeOp, type History, type Op } from '../../core/op.js';

/** One fault op of a schedule. */
export interface ScheduledOp {
  /** When to invoke it, s since the test started. */
  timeS: number;
  f: string;
  value: unknown;
}

/** A schedule file's content. */
export interface FaultSchedule {
  faultline: 'fault-schedule';
  /** The run it came from. */
  source?: string;
  system: string;
  workload: string;
  /** Nemesis names whose packages handle the ops (e.g. partition, kill). */
  nemesis: string[];
  seed: number;
  timeLimitS: number;
  ops: ScheduledOp[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The invoke value that redoes what `completion` reports the op did; the invoke value when it cannot say. Pure. */
export function pinValue(f: string, invoked: unknown, completion: Op | undefined): unknown {
  const v = (completion?.type === 'ok' || completion?.type === 'info') && isObj(completion.value) ? completion.value : undefined;
  if (v === undefined) return invoked;
  if (f === 'kill' && Array.isArray(v.killed) && v.killed.length > 0) return { targets: v.killed };
  if (f === 'pause' && Array.isArray(v.paused) && v.paused.length > 0) return { targets: v.paused };
  if (f === 'start-partition' && isObj(v.partition)) return { grudge: v.partition, asymmetric: true };
  if (f === 'bump-clock' && Array.isArray(v.targets) && isObj(v.offsetsMs)) return { targets: v.targets, offsetsMs: v.offsetsMs };
  return invoked;
}

/** The nemesis ops invoked before `timeLimitS` in `history` (probe samples left out), pinned. Pure. */
export function scheduleFromHistory(history: History, timeLimitS: number): ScheduledOp[] {
  const out: ScheduledOp[] = [];
  const limitNs = timeLimitS * 1e9;
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.process !== 'nemesis' || op.type !== 'invoke' || isProbeOp(op) || op.time >= limitNs) continue;
    const completion = history.slice(i + 1).find((c) => c.process === 'nemesis' && c.type !== 'invoke' && c.f === op.f && !isProbeOp(c));
    out.push({ timeS: Math.round(op.time / 1e6) / 1e3, f: op.f, value: pinValue(op.f, op.value, completion) });
  }
  return out;
}

/**
 * Checks parsed schedule-file content.
 * @throws UsageError naming `file` and what is wrong
 */
export function checkSchedule(raw: unknown, file: string): FaultSchedule {
  const bad = (what: string): never => {
    throw new UsageError(`${file}: not a faultline fault schedule (${what})`);
  };
  if (!isObj(raw) || raw.faultline !== 'fault-schedule') bad('"faultline": "fault-schedule" missing');
  const s = raw as Record<string, unknown>;
  if (typeof s.system !== 'string' || typeof s.workload !== 'string') bad('system and workload must be strings');
  if (!Array.isArray(s.nemesis) || !s.nemesis.every((n) => typeof n === 'string')) bad('nemesis must be a list of names');
  if (!Number.isSafeInteger(s.seed)) bad('seed must be an integer');
  if (typeof s.timeLimitS !== 'number' || !(s.timeLimitS > 0)) bad('timeLimitS must be a positive number');
  if (!Array.isArray(s.ops)) bad('ops must be a list');
  (s.ops as unknown[]).forEach((op, i) => {
    if (!isObj(op) || typeof op.f !== 'string' || typeof op.timeS !== 'number' || !(op.timeS >= 0)) bad(`ops[${i}] needs a string f and a time timeS ≥ 0`);
  });
  return s as unknown as FaultSchedule;
}

/** A nemesis generator that invokes `ops` at their times, in time order. Pure. */
export function replayGenerator(ops: readonly ScheduledOp[]): Generator {
  const sorted = [...ops].sort((a, b) => a.timeS - b.timeS);
  return nemesis(seq(...sorted.map((o) => ({ f: o.f, value: o.value ?? null, process: 'nemesis' as const, time: Math.round(o.timeS * 1e9) }))));
}
