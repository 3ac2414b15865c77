/**
 * Nemesis fault intervals: pairs the nemesis's opening and closing ops (start-X / stop-X,
 * kill / start, pause / resume, bump-X / reset-X) into intervals, and keeps anything else as an
 * instant; probe samples (leader probe) are skipped. Pure, used by {@link perfStats} in perf.ts.
 */
import { isProbeOp, type Op } from '../core/op.js';

const NS_PER_S = 1e9;

/** A fault that held from `start` to `end` (s since test start; `end` null = never healed). */
export interface NemesisInterval {
  /** The f that opened it, e.g. `start-partition`, `kill`, `pause`. */
  f: string;
  /** The f that closed it (`stop-partition`, `start`, `resume`), or null. */
  stopF: string | null;
  /** Invocation time of the opening op, s. */
  start: number;
  /** Completion (else invocation) time of the closing op, s; null when still open. */
  end: number | null;
  /** The opening op's completion value (else its invocation value). */
  value: unknown;
  /** The closing op's value, when closed. */
  stopValue?: unknown;
}

/** A nemesis op that opens or closes nothing (e.g. `strobe-clock`), at `time` s. */
export interface NemesisInstant {
  f: string;
  time: number;
  value: unknown;
}

/** How a nemesis `f` acts: opens an interval of `kind`, closes intervals opened by `kind`, or neither. Pure. */
export function nemesisRole(f: string): { role: 'open' | 'close'; opener: string } | { role: 'instant' } {
  if (f === 'kill' || f === 'pause') return { role: 'open', opener: f };
  if (f === 'start') return { role: 'close', opener: 'kill' };
  if (f === 'resume') return { role: 'close', opener: 'pause' };
  const m = /^(start|stop|bump|reset)-(.+)$/.exec(f);
  if (!m) return { role: 'instant' };
  if (m[1] === 'start' || m[1] === 'bump') return { role: 'open', opener: f };
  return { role: 'close', opener: `${m[1] === 'stop' ? 'start' : 'bump'}-${m[2]}` };
}

/** Turns the nemesis's ops into intervals and instants, pairing each completion with its invocation. */
export class NemesisTracker {
  private intervals: NemesisInterval[] = [];
  private instants: NemesisInstant[] = [];
  private openByOpener = new Map<string, NemesisInterval[]>();
  /** What the pending invocation created or closed. */
  private pending: { opened?: NemesisInterval; closed?: NemesisInterval[]; instant?: NemesisInstant } | null = null;

  add(op: Op): void {
    if (isProbeOp(op)) return; // probe samples are no faults and must not complete a pending op
    const s = op.time / NS_PER_S;
    if (op.type !== 'invoke' && this.pending) {
      const p = this.pending;
      this.pending = null;
      if (op.value !== null && op.value !== undefined) {
        if (p.opened) p.opened.value = op.value;
        for (const iv of p.closed ?? []) iv.stopValue = op.value;
        if (p.instant) p.instant.value = op.value;
      }
      for (const iv of p.closed ?? []) iv.end = s;
      return;
    }
    const role = nemesisRole(op.f);
    if (role.role === 'open') {
      const iv: NemesisInterval = { f: op.f, stopF: null, start: s, end: null, value: op.value ?? null };
      this.intervals.push(iv);
      const list = this.openByOpener.get(role.opener) ?? [];
      list.push(iv);
      this.openByOpener.set(role.opener, list);
      this.pending = { opened: iv };
    } else if (role.role === 'close') {
      const closed = this.openByOpener.get(role.opener) ?? [];
      this.openByOpener.delete(role.opener);
      for (const iv of closed) Object.assign(iv, { end: s, stopF: op.f, stopValue: op.value ?? null });
      this.pending = { closed };
    } else {
      const instant: NemesisInstant = { f: op.f, time: s, value: op.value ?? null };
      this.instants.push(instant);
      this.pending = { instant };
    }
    // A completion with no invocation before it stands for both.
    if (op.type !== 'invoke') this.pending = null;
  }

  result(): { intervals: NemesisInterval[]; instants: NemesisInstant[] } {
    return { intervals: this.intervals, instants: this.instants };
  }
}
