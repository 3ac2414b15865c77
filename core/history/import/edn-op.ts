/**
 * Turning EDN values (as `edn-data` returns them in its default, lossless shape) into plain
 * JSON-compatible values, and Jepsen op maps into {@link Op}s.
 */
import type { EDNVal } from 'edn-data';
import type { Op, ProcessId } from '../../op.js';
import { isOpType } from '../../op.js';

/** The children of an EDN collection or tagged value (none for a scalar). Pure. */
function ednChildren(v: EDNVal): readonly EDNVal[] {
  if (v === null || typeof v !== 'object' || v instanceof Date) return [];
  if (Array.isArray(v)) return v;
  if (v instanceof Map) return [...v.entries()].flat();
  if (v instanceof Set) return [...v];
  if ('list' in v) return v.list;
  if ('set' in v) return v.set;
  if ('map' in v) return v.map.flat();
  if ('tag' in v) return [v.val];
  return [];
}

/**
 * True when `v` nests collections more than `max` levels deep. Iterative, so a value nested
 * 500,000 deep is told apart before {@link ednToPlain} (recursive) would overflow the stack. Pure.
 */
export function ednDeeperThan(v: EDNVal, max: number): boolean {
  const stack: [EDNVal, number][] = [[v, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [x, depth] = item;
    const children = ednChildren(x);
    if (children.length === 0) continue;
    if (depth >= max) return true;
    for (const c of children) stack.push([c, depth + 1]);
  }
  return false;
}

/**
 * Converts an EDN value to plain data. Pure.
 *
 * Keywords and symbols → their name without the colon; chars → one-character strings;
 * `nil` → null; vectors, lists and sets → arrays; maps → objects (keys converted the same way,
 * non-string keys JSON-encoded); `#inst` → ISO string; other tagged values → `{tag, value}`;
 * bigints → numbers when safe, else decimal strings.
 */
export function ednToPlain(v: EDNVal): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(ednToPlain);
  if (v instanceof Map) return objectFrom([...v.entries()]);
  if (v instanceof Set) return [...v].map(ednToPlain);
  if ('key' in v) return v.key;
  if ('sym' in v) return v.sym;
  if ('char' in v) return v.char;
  if ('list' in v) return v.list.map(ednToPlain);
  if ('set' in v) return v.set.map(ednToPlain);
  if ('map' in v) return objectFrom(v.map);
  if ('tag' in v) return { tag: v.tag, value: ednToPlain(v.val) };
  return String(v);
}

function objectFrom(pairs: readonly (readonly [EDNVal, EDNVal])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, val] of pairs) {
    const key = ednToPlain(k);
    out[typeof key === 'string' ? key : JSON.stringify(key)] = ednToPlain(val);
  }
  return out;
}

/** True when `v` is an EDN map in `edn-data`'s default shape. Pure. */
export function isEdnMap(v: unknown): v is { map: [EDNVal, EDNVal][] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { map?: unknown }).map);
}

/** A short description of an EDN value's kind, for error messages. Pure. */
export function ednKind(v: unknown): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'a vector';
  if (typeof v === 'object') {
    const k = Object.keys(v)[0];
    return k === 'key' ? 'a keyword' : k === 'sym' ? 'a symbol' : k === 'list' ? 'a list' : k === 'set' ? 'a set' : `a ${k}`;
  }
  return `a ${typeof v}`;
}

/**
 * Converts one Jepsen op map to an {@link Op}. Pure.
 *
 * Reads `:process` (an integer, or `:nemesis`), `:type`, `:f`, `:value` (absent → null), `:key`,
 * `:time` (ns; absent → `position`), `:index` (absent → `position`), `:node` and `:error`
 * (non-string errors are JSON-encoded). Other entries are dropped.
 *
 * @param position the op's 0-based position in the file
 * @returns the op, or a string describing what is wrong with the map
 */
export function opFromEdnMap(map: { map: [EDNVal, EDNVal][] }, position: number): Op | string {
  const m = new Map<string, unknown>();
  for (const [k, v] of map.map) {
    if (typeof k === 'object' && k !== null && 'key' in k) m.set(k.key, ednToPlain(v));
  }
  for (const field of ['process', 'type', 'f'] as const) {
    if (!m.has(field)) return `op map has no :${field}`;
  }
  const process = m.get('process');
  const type = m.get('type');
  const f = m.get('f');
  if (!isProcess(process)) return `bad :process ${show(process)} (expected an integer or :nemesis)`;
  if (!isOpType(type)) return `bad :type ${show(type)} (expected :invoke, :ok, :fail or :info)`;
  if (typeof f !== 'string' || f === '') return `bad :f ${show(f)}`;
  const index = m.has('index') ? m.get('index') : position;
  const time = m.has('time') ? m.get('time') : position;
  if (!isNat(index)) return `bad :index ${show(index)}`;
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) return `bad :time ${show(time)}`;
  const op: Op = { index, time, process, type, f, value: m.get('value') ?? null };
  const key = m.get('key');
  if (key !== undefined && key !== null) {
    if (typeof key !== 'string' && typeof key !== 'number') return `bad :key ${show(key)} (expected a string or number)`;
    op.key = key;
  }
  const node = m.get('node');
  if (node !== undefined && node !== null) op.node = typeof node === 'string' ? node : JSON.stringify(node);
  const error = m.get('error');
  if (error !== undefined && error !== null) op.error = typeof error === 'string' ? error : JSON.stringify(error);
  return op;
}

function isProcess(p: unknown): p is ProcessId {
  return p === 'nemesis' || isNat(p);
}

function isNat(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function show(v: unknown): string {
  return v === undefined ? 'nil' : JSON.stringify(v) ?? String(v);
}
