/**
 * Test helper: runs a sequential reference object under a random interleaving of processes,
 * with crashes (info completions, ops never completed) and plain failures, producing a history
 * that is linearizable by construction; plus corruptions that usually make it not so.
 */
import fc from 'fast-check';
import type { History, Op } from '../../../core/op.js';
import { makeReference, type RefName } from './reference.js';

/** One planned op. */
export interface PlannedOp {
  process: number;
  f: string;
  key?: string;
  input: unknown;
  /**
   * How it ends: normally; `info` after taking effect or without; never completed, after
   * taking effect or without; or `fail` without taking effect (only where `fail` means "did not
   * happen").
   */
  fate: 'normal' | 'info-applied' | 'info-lost' | 'hang-applied' | 'hang-lost' | 'fail';
}

/** A simulation plan: the ops, the scheduler's choices, and an optional corruption. */
export interface Plan {
  ops: PlannedOp[];
  choices: number[];
  corrupt: { at: number; pick: number } | null;
}

const KEYS = ['a', 'b'];

function opArb(model: RefName, processes: number, keyed: boolean): fc.Arbitrary<Omit<PlannedOp, 'fate'>> {
  const proc = fc.integer({ min: 0, max: processes - 1 });
  const key = keyed ? fc.constantFrom(...KEYS) : fc.constant(undefined);
  const small = fc.integer({ min: 0, max: 2 });
  const pick = (fs: fc.Arbitrary<[string, unknown]>): fc.Arbitrary<Omit<PlannedOp, 'fate'>> =>
    fc.tuple(proc, key, fs).map(([process, k, [f, input]]) => (k === undefined ? { process, f, input } : { process, f, key: k, input }));
  switch (model) {
    case 'register':
      return pick(fc.oneof(fc.constant<[string, unknown]>(['read', null]), small.map((v): [string, unknown] => ['write', v])));
    case 'cas-register':
    case 'cas-register-noop':
      return pick(
        fc.oneof(
          fc.constant<[string, unknown]>(['read', null]),
          small.map((v): [string, unknown] => ['write', v]),
          fc.tuple(fc.constantFrom<number | null>(null, 0, 1, 2), small).map(([a, b]): [string, unknown] => ['cas', [a, b]]),
        ),
      );
    case 'kv':
      return pick(
        fc.oneof(
          fc.constant<[string, unknown]>(['get', null]),
          fc.constantFrom('x', 'y').map((v): [string, unknown] => ['put', v]),
          fc.constantFrom('x', 'y', 'z').map((v): [string, unknown] => ['append', v]),
        ),
      );
    case 'mutex':
      return pick(fc.constantFrom<[string, unknown]>(['acquire', null], ['release', null]));
    case 'fifo-queue':
      return pick(fc.oneof(fc.constant<[string, unknown]>(['dequeue', null]), small.map((v): [string, unknown] => ['enqueue', v])));
    case 'set':
      return pick(fc.oneof(fc.constant<[string, unknown]>(['read', null]), small.map((v): [string, unknown] => ['add', v])));
  }
}

/** True when a `fail` completion of `f` means "did not happen" under `model`. */
function failIsNoop(model: RefName, f: string): boolean {
  return !(model === 'cas-register' && f === 'cas');
}

/**
 * Plans of up to `maxOps` ops over `processes` processes; `crashes` allows info / hang / fail
 * fates; `corruptRate` (0..1) is how often a plan carries a corruption.
 */
export function planArb(
  model: RefName,
  opts: { maxOps: number; processes: number; keyed?: boolean; crashes?: boolean; corruptRate?: number },
): fc.Arbitrary<Plan> {
  const fate = opts.crashes === false
    ? fc.constant<PlannedOp['fate']>('normal')
    : fc.oneof(
        { weight: 6, arbitrary: fc.constant<PlannedOp['fate']>('normal') },
        { weight: 1, arbitrary: fc.constantFrom<PlannedOp['fate']>('info-applied', 'info-lost', 'hang-applied', 'hang-lost', 'fail') },
      );
  const op = fc.tuple(opArb(model, opts.processes, opts.keyed ?? false), fate).map(([o, f]) => ({
    ...o,
    fate: f === 'fail' && !failIsNoop(model, o.f) ? ('normal' as const) : f,
  }));
  const rate = opts.corruptRate ?? 0;
  const corrupt = fc.oneof(
    { weight: Math.round((1 - rate) * 100), arbitrary: fc.constant(null) },
    { weight: Math.round(rate * 100), arbitrary: fc.record({ at: fc.nat(), pick: fc.nat() }) },
  );
  return fc.record({
    ops: fc.array(op, { minLength: 1, maxLength: opts.maxOps }),
    choices: fc.array(fc.nat(), { minLength: 0, maxLength: opts.maxOps * 4 }),
    corrupt,
  });
}

interface Running {
  op: PlannedOp;
  applied: boolean;
  answer: { type: 'ok' | 'fail'; output: unknown } | null;
}

/**
 * Runs `plan` against the reference `model`: each op is invoked, takes effect at one instant
 * (unless its fate says it is lost), then completes, processes interleaving as `choices`
 * say. A crashed process issues nothing more: its remaining ops continue under a fresh process
 * id, as Jepsen does. Linearizable by construction, unless corrupted.
 */
export function simulate(model: RefName, plan: Plan): History {
  const ref = makeReference(model);
  const queues = new Map<number, PlannedOp[]>();
  for (const op of plan.ops) {
    const q = queues.get(op.process) ?? [];
    q.push(op);
    queues.set(op.process, q);
  }
  const running = new Map<number, Running>();
  const history: History = [];
  const emit = (process: number, type: Op['type'], op: PlannedOp, value: unknown): void => {
    const e: Op = { index: history.length, time: history.length, process, type, f: op.f, value };
    if (op.key !== undefined) e.key = op.key;
    history.push(e);
  };
  let fresh = 1000;
  let c = 0;
  for (;;) {
    const active = [...queues.keys()].filter((p) => running.has(p) || (queues.get(p)?.length ?? 0) > 0);
    if (active.length === 0) break;
    const p = active[(plan.choices[c++ % Math.max(1, plan.choices.length)] ?? 0) % active.length];
    const r = running.get(p);
    if (r === undefined) {
      const op = queues.get(p)?.shift() as PlannedOp;
      emit(p, 'invoke', op, op.input);
      running.set(p, { op, applied: false, answer: null });
      continue;
    }
    const fate = r.op.fate;
    const lost = fate === 'info-lost' || fate === 'hang-lost' || fate === 'fail';
    if (!r.applied && !lost) {
      r.applied = true;
      r.answer = ref.apply(r.op.f, r.op.key, r.op.input);
      continue;
    }
    running.delete(p);
    if (fate === 'hang-applied' || fate === 'hang-lost' || fate === 'info-applied' || fate === 'info-lost') {
      if (fate === 'info-applied' || fate === 'info-lost') emit(p, 'info', r.op, r.op.input);
      // the crashed process issues nothing more; its remaining ops go on under a fresh id
      const rest = queues.get(p) ?? [];
      queues.delete(p);
      if (rest.length > 0) queues.set(fresh++, rest);
    } else if (fate === 'fail') {
      emit(p, 'fail', r.op, r.op.input);
    } else {
      const a = r.answer as { type: 'ok' | 'fail'; output: unknown };
      emit(p, a.type, r.op, a.output);
    }
  }
  return plan.corrupt === null ? history : corruptHistory(model, history, plan.corrupt);
}

/** Changes one completion's value or outcome, in a way the model can notice. */
function corruptHistory(model: RefName, h: History, c: { at: number; pick: number }): History {
  const done = h.map((e, i) => [e, i] as const).filter(([e]) => e.type === 'ok' || e.type === 'fail');
  if (done.length === 0) return h;
  const [e, i] = done[c.at % done.length];
  const out = [...h];
  const alt = <T>(xs: readonly T[]): T => xs[c.pick % xs.length];
  let changed: Op = { ...e };
  switch (e.f) {
    case 'read':
      changed.value = model === 'set' ? alt([[], [0], [1], [0, 1], [2], [0, 2]]) : alt([null, 0, 1, 2]);
      break;
    case 'get':
      changed.value = alt(['', 'x', 'y', 'z', 'xz', 'yz', 'zx', 'xy']);
      break;
    case 'dequeue':
      changed.value = alt([null, 0, 1, 2]);
      break;
    case 'cas':
    case 'acquire':
    case 'release':
      changed = { ...e, type: e.type === 'ok' ? 'fail' : 'ok' };
      break;
    default:
      // writes, appends, enqueues, adds: pretend the op completed before it was invoked elsewhere
      changed = { ...e, type: 'ok' };
      return moveEarlier(out, i, c.pick);
  }
  out[i] = changed;
  return out;
}

/** Moves completion `i` earlier (right after its own invocation), renumbering indices. */
function moveEarlier(h: Op[], i: number, pick: number): History {
  const e = h[i];
  let inv = i - 1;
  while (inv >= 0 && !(h[inv].process === e.process && h[inv].type === 'invoke')) inv--;
  const to = inv + 1 + (pick % Math.max(1, i - inv));
  const out = [...h.slice(0, i), ...h.slice(i + 1)];
  out.splice(to, 0, e);
  return out.map((o, j) => ({ ...o, index: j, time: j }));
}
