/**
 * Checking the values of stream ops (checkers/stream/ops.ts) before the JetStream client acts
 * on them, and reading a record's payload. Pure; unit-tested.
 */

const decoder = new TextDecoder();

/** The micro-ops of a `send` op, or a reason they are malformed. Pure. */
export function sendMicroOps(value: unknown): { key: string; value: number }[] | string {
  if (!Array.isArray(value) || value.length === 0) return `send value must be a non-empty array of micro-ops, got ${JSON.stringify(value)}`;
  const out: { key: string; value: number }[] = [];
  for (const m of value as unknown[]) {
    if (!Array.isArray(m) || m[0] !== 'send' || typeof m[1] !== 'string' || m[1] === '' || !Number.isSafeInteger(m[2])) return `bad send micro-op ${JSON.stringify(m)}`;
    out.push({ key: m[1], value: m[2] as number });
  }
  return out;
}

/** The keys of an `assign` / `subscribe` op, or a reason they are malformed. Pure. */
export function keysOf(value: unknown): string[] | string {
  if (!Array.isArray(value) || !value.every((k) => typeof k === 'string' && k !== '')) return `expected an array of keys, got ${JSON.stringify(value)}`;
  return [...new Set(value as string[])];
}

/** The integer a record carries (faultline writes decimal text). @throws Error for anything else */
export function recordValue(data: Uint8Array): number {
  const text = decoder.decode(data);
  const v = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(v)) throw new Error(`record is not an integer: ${JSON.stringify(text.slice(0, 40))}`);
  return v;
}
