/**
 * What a fault hit, in words, from the nemesis ops' values: the partition's shape and grudge,
 * the nodes killed / paused / healed, clock offsets, loss probability. Unknown shapes fall back
 * to short JSON. Pure.
 */
import { offsetText } from './format.js';

const MAX_LINE = 160;
const clip = (s: string): string => (s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s);
const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const names = (x: unknown): string | null => (Array.isArray(x) && x.every((n) => typeof n === 'string' || typeof n === 'number') ? (x.length ? x.join(', ') : 'none') : null);

/** A grudge `{n1: [n2, n3]}` as `n1 drops n2, n3` lines (one per node with a grudge). */
export function grudgeLines(g: unknown): string[] {
  if (!isObj(g)) return [];
  return Object.entries(g)
    .filter(([, peers]) => Array.isArray(peers) && peers.length > 0)
    .map(([node, peers]) => `${node} cut off from ${(peers as unknown[]).join(', ')}`);
}

/** One node's file corruption (corrupt-file's `corrupted` entry) in words. */
export function corruptionLine(node: string, c: unknown): string {
  if (!isObj(c)) return `${node}: ${JSON.stringify(c)}`;
  const at = `${String(c.file)} bytes ${String(c.offset)}..${Number(c.offset) + Number(c.bytes)}`;
  if (c.mode === 'bitflip') return `${node}: ${Array.isArray(c.bits) ? c.bits.length : '?'} bits flipped in ${at}`;
  if (c.mode === 'truncate') return `${node}: ${String(c.file)} cut by ${String(c.bytes)} bytes to ${String(c.offset)}`;
  if (c.mode === 'restore') return `${node}: older copy of ${at} written back`;
  return `${node}: nothing corrupted (${String(c.reason)})`;
}

/** Lines describing one nemesis value (an op's invocation or completion value). */
export function valueLines(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string' || typeof v === 'number') return [String(v)];
  if (!isObj(v)) return [clip(JSON.stringify(v))];
  const out: string[] = [];
  const rest: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'seed') continue;
    if (k === 'shape' || k === 'targets') out.push(`${k}: ${names(x) ?? String(x)}`);
    else if (k === 'partition' || k === 'grudge') out.push(...grudgeLines(x));
    else if (k === 'clock' && isObj(x)) {
      const offs = Object.entries(x).filter(([, o]) => typeof o === 'number' && o !== 0);
      out.push(`clocks: ${offs.length ? offs.map(([n, o]) => `${n} ${offsetText(o as number)}`).join(', ') : 'all in step'}`);
    } else if (k === 'probability' && typeof x === 'number') out.push(`packet loss p = ${x}`);
    else if (k === 'mode' && typeof x === 'string') out.push(`mode: ${x}`);
    else if (k === 'corrupted' && isObj(x)) out.push(...Object.entries(x).map(([n, c]) => corruptionLine(n, c)));
    else if (k === 'notReady' && isObj(x)) out.push(...Object.entries(x).map(([n, why]) => `${n}: not healthy after restart: ${String(why)}`));
    else if (k === 'dropped' && isObj(x)) {
      for (const [n, d] of Object.entries(x)) {
        if (isObj(d)) out.push(`${n}: lost ${String(d.bytes)} unsynced bytes in ${String(d.files)} file(s)${typeof d.removed === 'number' && d.removed > 0 ? `, ${d.removed} never-synced file(s) gone` : ''}`);
      }
    }
    else if (names(x) !== null) out.push(`${k}: ${names(x)}`);
    else rest[k] = x;
  }
  if (Object.keys(rest).length) out.push(clip(JSON.stringify(rest)));
  return out.map(clip);
}

/** A fault interval as the viewer gets it (perf.nemesis.intervals). */
export interface FaultInterval {
  f: string;
  stopF: string | null;
  start: number;
  end: number | null;
  value: unknown;
  stopValue?: unknown;
}

/** Lines for a fault interval's hover: what it was, when, what it hit, how it ended. */
export function faultLines(iv: FaultInterval, endOfRun: number): string[] {
  const end = iv.end === null ? endOfRun : iv.end;
  const head = `${iv.f} ${iv.start.toFixed(2)} s → ${iv.end === null ? 'end of run (never healed)' : `${end.toFixed(2)} s`} (${(end - iv.start).toFixed(2)} s)`;
  const hit = valueLines(iv.value);
  const healed = iv.stopF ? valueLines(iv.stopValue).map((l) => `${iv.stopF}: ${l}`) : [];
  return [head, ...hit, ...healed].slice(0, 14);
}
