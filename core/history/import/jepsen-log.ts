/**
 * Importer for the client lines of `jepsen.util` logs written by Jepsen register tests, e.g.
 * `INFO  jepsen.util - 1	:invoke	:cas	[3 0]` (fields separated by tabs or runs of spaces).
 * See test/fixtures/vectors/README.md for the meaning of each completion.
 */
import { InputError } from '../../errors.js';
import type { History, Op, OpType } from '../../op.js';
import { isOpType } from '../../op.js';

/** A line is a client op line when a process number follows `jepsen.util -`. */
const OP_LINE = /\bjepsen\.util\s+-\s+(\d+)(?:\s+(.*))?$/;
/** The fields after the process: `:type :f value`. */
const FIELDS = /^:(\S+)\s+:(\S+)\s+(\S.*?)\s*$/;
const FUNCTIONS = new Set(['read', 'write', 'cas']);

/**
 * Parses the text of a Jepsen log into a history of register ops. Pure.
 *
 * - Lines that are not client op lines (nemesis lines, other log lines, blank lines) are ignored.
 * - `index` is the op's position among the imported ops (0-based); `time` equals `index`
 *   (the log carries no usable times).
 * - Values: `nil` → `null`, integers → numbers, `[3 0]` → `[3, 0]`.
 * - A keyword completion value such as `:timed-out` becomes `error: 'timed-out'`; the
 *   completion then repeats its invocation's value (`null` for reads, since it carries no result).
 *
 * @param text the whole log
 * @param file the file name used in error messages
 * @returns the ops in log order; `[]` for an empty log
 * @throws InputError naming `file:line` and quoting the line when an op line is malformed
 *   (unknown type or function, unparsable value, missing field)
 */
export function parseJepsenLog(text: string, file: string): History {
  const history: History = [];
  /** Value of each process's open invocation. */
  const pending = new Map<number, unknown>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const m = OP_LINE.exec(line);
    if (!m) continue;
    const fail = (problem: string): InputError => new InputError(file, i + 1, problem, line);
    const process = Number(m[1]);
    if (!Number.isSafeInteger(process)) throw fail('process number out of range');
    const fields = FIELDS.exec(m[2] ?? '');
    if (!fields) throw fail('malformed op line (expected process, :type, :f and a value)');
    const [, type, f, rawValue] = fields;
    if (!isOpType(type)) throw fail(`unknown op type ":${type}"`);
    if (!FUNCTIONS.has(f)) throw fail(`unknown function ":${f}" (expected :read, :write or :cas)`);
    const op = toOp(history.length, process, type, f, rawValue, pending, fail);
    if (type === 'invoke') pending.set(process, op.value);
    else pending.delete(process);
    history.push(op);
  }
  return history;
}

/** Builds one op from its parsed fields. Pure apart from reading `pending`. */
function toOp(
  index: number,
  process: number,
  type: OpType,
  f: string,
  rawValue: string,
  pending: ReadonlyMap<number, unknown>,
  fail: (problem: string) => InputError,
): Op {
  const base = { index, time: index, process, type, f };
  if (rawValue.startsWith(':')) {
    const keyword = rawValue.slice(1);
    if (type === 'invoke' || type === 'ok' || !/^[\w.-]+$/.test(keyword)) {
      throw fail(`unexpected value "${rawValue}" on ${type}`);
    }
    return { ...base, value: pending.get(process) ?? null, error: keyword };
  }
  const value = parseValue(rawValue);
  if (value === undefined) throw fail(`unparsable value "${rawValue}"`);
  return { ...base, value };
}

/**
 * Parses a register value: `nil`, an integer, or a vector of two of those (`[3 0]`).
 * Returns `undefined` when the text is none of these. Pure.
 */
export function parseValue(raw: string): null | number | [number | null, number | null] | undefined {
  const vec = /^\[\s*(\S+)\s+(\S+)\s*\]$/.exec(raw);
  if (vec) {
    const a = parseScalar(vec[1]);
    const b = parseScalar(vec[2]);
    return a === undefined || b === undefined ? undefined : [a, b];
  }
  return parseScalar(raw);
}

/** `nil` → null, a safe integer → number, anything else → undefined. Pure. */
function parseScalar(raw: string): number | null | undefined {
  if (raw === 'nil') return null;
  if (!/^-?\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}
