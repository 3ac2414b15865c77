/**
 * Canonical identity and compact rendering of op values (numbers, strings, null, arrays, plain
 * objects), shared by every model. Pure.
 */

/**
 * A canonical key for a value: two values get the same key iff they are equal as data.
 * Numbers map to themselves (fast `Map` keys); everything else to a tagged string, so `1` and
 * `"1"` stay distinct. `undefined` and `null` are the same value (absent). Pure.
 */
export function valueKey(v: unknown): string | number {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return 'n';
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  return `j${canonicalJson(v)}`;
}

/** True when `a` and `b` are equal as data (see {@link valueKey}). Pure. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return valueKey(a) === valueKey(b);
}

/** JSON with object keys sorted, so equal data gives equal text. Pure. */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/**
 * Renders a value the way Jepsen prints it: `nil`, `3`, `"abc"`, `[3 0]`, `{:a 1}`; strings
 * longer than `max` characters (default 40) keep their start and their end around a `…` (the
 * end is where appended strings differ). Pure.
 */
export function formatValue(v: unknown, max = 40): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') {
    if (v.length <= max) return JSON.stringify(v);
    const head = Math.floor(max / 3);
    return JSON.stringify(`${v.slice(0, head)}…${v.slice(v.length - (max - head))}`);
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, max)).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .map((k) => `:${k} ${formatValue(o[k], max)}`)
      .join(', ')}}`;
  }
  return String(v);
}
