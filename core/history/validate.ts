/**
 * Pure validation of ops as they come out of a file or go into one. No I/O: callers attach the
 * file and line.
 */
import type { Op } from '../op.js';
import { isOpType } from '../op.js';

/** The result of a validation: the checked value, or a problem described in words. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The deepest nesting of arrays and objects an op may have (a real op's value is a few levels deep). */
export const MAX_NESTING = 100;

/**
 * True when `v` nests arrays / objects more than `max` levels deep. Iterative (no recursion,
 * so a value nested 500,000 deep cannot overflow the stack); stops at the first level past
 * `max`. Pure.
 */
export function nestedDeeperThan(v: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[v, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [x, depth] = item;
    if (typeof x !== 'object' || x === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(x) ? x : Object.values(x)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Checks that `raw` (e.g. a parsed JSON line) is a well-formed {@link Op} and returns a clean
 * copy holding only the known fields. Pure.
 *
 * Required: `index` (integer ≥ 0), `time` (finite number ≥ 0, ns), `process` (integer ≥ 0 or
 * `'nemesis'`), `type` (`invoke|ok|fail|info`), `f` (non-empty string), `value` (any JSON value,
 * `null` included). Optional: `key` (string or number), `node` and `error` (strings).
 * Unknown fields are dropped.
 */
export function checkOp(raw: unknown): Checked<Op> {
  if (nestedDeeperThan(raw, MAX_NESTING)) return bad(`nested more than ${MAX_NESTING} levels deep`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return bad(`expected an op object, got ${describe(raw)}`);
  }
  const r = raw as Record<string, unknown>;
  if (!isNat(r.index)) return bad(field('index', r.index, 'an integer ≥ 0'));
  if (typeof r.time !== 'number' || !Number.isFinite(r.time) || r.time < 0) {
    return bad(field('time', r.time, 'a number of ns ≥ 0'));
  }
  if (r.process !== 'nemesis' && !isNat(r.process)) {
    return bad(field('process', r.process, "an integer ≥ 0 or 'nemesis'"));
  }
  if (!isOpType(r.type)) return bad(field('type', r.type, 'invoke, ok, fail or info'));
  if (typeof r.f !== 'string' || r.f === '') return bad(field('f', r.f, 'a non-empty string'));
  if (r.value === undefined) return bad('missing field "value"');
  const op: Op = { index: r.index, time: r.time, process: r.process, type: r.type, f: r.f, value: r.value };
  if (r.key !== undefined) {
    if (typeof r.key !== 'string' && typeof r.key !== 'number') return bad(field('key', r.key, 'a string or number'));
    op.key = r.key;
  }
  for (const name of ['node', 'error'] as const) {
    const v = r[name];
    if (v === undefined) continue;
    if (typeof v !== 'string') return bad(field(name, v, 'a string'));
    op[name] = v;
  }
  return { ok: true, value: op };
}

/**
 * Checks that `next` may follow an op with index `previous` (`undefined` for the first op):
 * indices must strictly increase. Returns a problem, or `undefined` when fine. Pure.
 */
export function indexOrderProblem(previous: number | undefined, next: number): string | undefined {
  if (previous === undefined || next > previous) return undefined;
  return `index ${next} does not increase (previous op has index ${previous})`;
}

/**
 * Validates a whole history in memory: every op well-formed and indices strictly increasing.
 * Returns the first problem with its 0-based position, or `undefined` when valid. Pure.
 */
export function historyProblem(ops: readonly unknown[]): { position: number; problem: string } | undefined {
  let previous: number | undefined;
  for (let i = 0; i < ops.length; i++) {
    const c = checkOp(ops[i]);
    if (!c.ok) return { position: i, problem: c.problem };
    const order = indexOrderProblem(previous, c.value.index);
    if (order) return { position: i, problem: order };
    previous = c.value.index;
  }
  return undefined;
}

function bad(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}

function field(name: string, v: unknown, expected: string): string {
  return v === undefined ? `missing field "${name}"` : `bad "${name}" ${describe(v)} (expected ${expected})`;
}

function isNat(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** A short JSON rendering of a bad value for messages. Pure. */
export function describe(v: unknown): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
