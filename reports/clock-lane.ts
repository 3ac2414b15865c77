/**
 * The report's clock lane: each node's clock offset over time, from the clock nemesis's ops
 * (`bump-clock`, `strobe-clock`, `reset-clock`; their completions carry `clock`, every node's
 * offset in ms after the op). Pure, linear in the history, bounded in size.
 */
import type { History, Op } from '../core/op.js';

/** A change of offsets: from `time` on, node → offset (ms). */
export interface ClockStep {
  /** ms since test start: the completion of the op that set it. */
  time: number;
  offsets: Record<string, number>;
}

/** A strobe: the targets' clocks flipped by `deltaMs` every `periodMs` from `start` to `end` (ms). */
export interface ClockStrobe {
  start: number;
  end: number;
  targets: string[];
  deltaMs: number;
  periodMs: number;
}

/** What the viewer draws; null in the report when the run had no clock faults. */
export interface ClockLane {
  /** Nodes in the order they first appear in an offset table. */
  nodes: string[];
  steps: ClockStep[];
  strobes: ClockStrobe[];
  /** Largest |offset| seen, ms (scales the colours). */
  maxAbsMs: number;
}

const CLOCK_FS = new Set(['bump-clock', 'strobe-clock', 'reset-clock']);
const ms = (ns: number): number => Math.round(ns / 1e3) / 1e3;

function offsetTable(v: unknown): Record<string, number> | undefined {
  const c = (v as { clock?: unknown } | null)?.clock;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(c)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  return out;
}

/**
 * The clock lane of `history`, or null when no clock op completed with an offset table. At
 * most `maxSteps` steps (later ones are dropped). Pure.
 */
export function clockLane(history: History, maxSteps = 2_000): ClockLane | null {
  const nodes: string[] = [];
  const steps: ClockStep[] = [];
  const strobes: ClockStrobe[] = [];
  let maxAbsMs = 0;
  let pending: Op | undefined;
  for (const op of history) {
    if (op.process !== 'nemesis' || !CLOCK_FS.has(op.f)) continue;
    if (op.type === 'invoke') {
      pending = op;
      continue;
    }
    const table = offsetTable(op.value);
    if (table === undefined) continue;
    for (const n of Object.keys(table)) if (!nodes.includes(n)) nodes.push(n);
    for (const x of Object.values(table)) maxAbsMs = Math.max(maxAbsMs, Math.abs(x));
    if (steps.length < maxSteps) steps.push({ time: ms(op.time), offsets: table });
    const v = op.value as { targets?: unknown; deltaMs?: unknown; periodMs?: unknown };
    if (op.f === 'strobe-clock' && pending?.f === 'strobe-clock' && typeof v.deltaMs === 'number' && strobes.length < maxSteps) {
      const targets = Array.isArray(v.targets) ? v.targets.map(String) : [];
      strobes.push({ start: ms(pending.time), end: ms(op.time), targets, deltaMs: v.deltaMs, periodMs: typeof v.periodMs === 'number' ? v.periodMs : 0 });
      for (const t of targets) maxAbsMs = Math.max(maxAbsMs, Math.abs((table[t] ?? 0) + v.deltaMs));
    }
    pending = undefined;
  }
  return steps.length === 0 ? null : { nodes, steps, strobes, maxAbsMs };
}
