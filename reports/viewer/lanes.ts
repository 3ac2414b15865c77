/**
 * The lanes above the timeline's op rows: one sub-lane per fault kind (so overlapping faults of
 * different kinds never share a bar or a label), the leader lane and one clock row per node.
 * Drawing and hit-testing (what is under the pointer, as lines of text). Pure apart from
 * drawing on the given canvas context.
 */
import type { ReportData } from '../report-data.js';
import { faultLines, type FaultInterval } from './fault-text.js';
import { faultName, nemesisColor, offsetText } from './format.js';

/** Heights, px. */
export const LANE = 16;
export const LEADER_ROW = 14;
export const CLOCK_ROW = 13;

/** Maps ms to x (px) and back, and knows the plot's horizontal bounds. */
export interface XScale {
  X(ms: number): number;
  left: number;
  right: number;
  durMs: number;
}

const LEADER_PALETTE = ['130,80,223', '9,105,218', '26,127,55', '191,135,0', '207,34,46', '0,140,140', '150,150,30'];

/** The lanes of one report, laid out from `top` px. */
export class Lanes {
  readonly kinds: string[];
  readonly intervals: FaultInterval[];
  readonly instants: { f: string; time: number; value: unknown }[];
  readonly leaders: ReportData['leaders'];
  readonly clock: ReportData['clock'];
  readonly height: number;
  readonly faultH: number;
  readonly leaderH: number;

  constructor(data: ReportData, readonly top: number) {
    this.intervals = data.perf.nemesis.intervals as FaultInterval[];
    this.instants = data.perf.nemesis.instants;
    const kinds: string[] = [];
    for (const f of [...this.intervals.map((iv) => iv.f), ...this.instants.map((it) => it.f)]) {
      const k = this.kindOf(f);
      if (!kinds.includes(k)) kinds.push(k);
    }
    this.kinds = kinds;
    this.leaders = data.leaders;
    this.clock = data.clock;
    this.faultH = kinds.length * LANE;
    this.leaderH = this.leaders ? LEADER_ROW + 2 : 0;
    this.height = this.faultH + this.leaderH + (this.clock ? this.clock.nodes.length * CLOCK_ROW + 2 : 0) + (this.faultH || this.leaderH || this.clock ? 4 : 0);
  }

  /** The sub-lane name of a nemesis f: `start-partition` → `partition`; instants like `strobe-clock` share `clock`. */
  kindOf(f: string): string {
    if (f === 'start') return 'kill';
    if (f === 'resume') return 'pause';
    const name = faultName(f).replace(/^(stop|reset)-/, '');
    return /clock/.test(name) ? 'clock' : name;
  }

  /** Labels of the lane rows: [text, y-centre]. */
  labels(): [string, number][] {
    const out: [string, number][] = this.kinds.map((k, r) => [k, this.top + r * LANE + LANE / 2]);
    if (this.leaders) out.push(['leader', this.top + this.faultH + LEADER_ROW / 2]);
    if (this.clock) this.clock.nodes.forEach((n, r) => out.push([`clock ${n}`, this.top + this.faultH + this.leaderH + r * CLOCK_ROW + CLOCK_ROW / 2]));
    return out;
  }

  /** Draws every lane. */
  draw(ctx: CanvasRenderingContext2D, x: XScale): void {
    ctx.font = '10.5px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (const iv of this.intervals) {
      const r = this.kinds.indexOf(this.kindOf(iv.f));
      const y = this.top + r * LANE + 1;
      const xs = Math.max(x.left, x.X(iv.start * 1000));
      const xe = Math.min(x.right, x.X((iv.end === null ? x.durMs / 1000 : iv.end) * 1000));
      if (xe < x.left || xs > x.right) continue;
      ctx.fillStyle = nemesisColor(iv.f, 0.5);
      ctx.fillRect(xs, y, Math.max(1, xe - xs), LANE - 3);
      const label = this.kinds[r];
      if (xe - xs > ctx.measureText(label).width + 8) {
        ctx.fillStyle = '#1f2328';
        ctx.fillText(label, xs + 4, y + (LANE - 3) / 2);
      }
    }
    for (const it of this.instants) {
      const r = this.kinds.indexOf(this.kindOf(it.f));
      const px = x.X(it.time * 1000);
      if (px < x.left || px > x.right) continue;
      ctx.fillStyle = nemesisColor(it.f, 0.9);
      ctx.fillRect(px - 1, this.top + r * LANE + 1, 2, LANE - 3);
    }
    if (this.leaders) this.drawLeaders(ctx, x, this.top + this.faultH);
    if (this.clock) this.drawClock(ctx, x, this.top + this.faultH + this.leaderH);
  }

  private drawLeaders(ctx: CanvasRenderingContext2D, x: XScale, top: number): void {
    const lane = this.leaders!;
    const color = (leaders: string[], a: number): string => {
      if (!leaders.length) return `rgba(140,149,159,${(a * 0.5).toFixed(2)})`;
      const i = Math.max(0, lane.nodes.indexOf(leaders[0]));
      return `rgba(${LEADER_PALETTE[i % LEADER_PALETTE.length]},${a})`;
    };
    ctx.font = '10px system-ui, sans-serif';
    lane.steps.forEach((st, k) => {
      const xs = Math.max(x.left, x.X(st.time));
      const xe = Math.min(x.right, x.X(k + 1 < lane.steps.length ? lane.steps[k + 1].time : x.durMs));
      if (xe <= x.left || xs >= x.right) return;
      ctx.fillStyle = color(st.leaders, 0.45);
      ctx.fillRect(xs, top, Math.max(1, xe - xs), LEADER_ROW - 2);
      const label = st.leaders.length ? st.leaders.join(', ') : 'none';
      if (xe - xs > ctx.measureText(label).width + 6) {
        ctx.fillStyle = '#1f2328';
        ctx.fillText(label, xs + 4, top + (LEADER_ROW - 2) / 2);
      }
    });
  }

  private drawClock(ctx: CanvasRenderingContext2D, x: XScale, top: number): void {
    const c = this.clock!;
    const color = (off: number): string => {
      const a = 0.15 + 0.6 * Math.min(1, Math.abs(off) / Math.max(1, c.maxAbsMs));
      return off > 0 ? `rgba(207,102,0,${a.toFixed(2)})` : `rgba(9,105,218,${a.toFixed(2)})`;
    };
    ctx.font = '10px system-ui, sans-serif';
    c.nodes.forEach((node, r) => {
      const y = top + r * CLOCK_ROW;
      c.steps.forEach((st, k) => {
        const off = st.offsets[node] ?? 0;
        if (off === 0) return;
        const xs = Math.max(x.left, x.X(st.time));
        const xe = Math.min(x.right, x.X(k + 1 < c.steps.length ? c.steps[k + 1].time : x.durMs));
        if (xe <= x.left || xs >= x.right) return;
        ctx.fillStyle = color(off);
        ctx.fillRect(xs, y, Math.max(1, xe - xs), CLOCK_ROW - 2);
        const label = offsetText(off);
        if (xe - xs > ctx.measureText(label).width + 6) {
          ctx.fillStyle = '#1f2328';
          ctx.fillText(label, xs + 3, y + (CLOCK_ROW - 2) / 2);
        }
      });
      for (const st of c.strobes) {
        if (!st.targets.includes(node)) continue;
        const xs = Math.max(x.left, x.X(st.start));
        const xe = Math.min(x.right, x.X(st.end));
        if (xe <= xs) continue;
        ctx.fillStyle = color(st.deltaMs);
        ctx.fillRect(xs, y, xe - xs, (CLOCK_ROW - 2) / 2);
      }
    });
  }

  /** What is under (px, py): lines of text for a tooltip, or null. `ms` is the time at px. */
  hit(py: number, ms: number, tolMs: number, durMs: number): string[] | null {
    const y = py - this.top;
    if (y < 0) return null;
    if (y < this.faultH) {
      const kind = this.kinds[Math.floor(y / LANE)];
      const s = ms / 1000;
      const tol = tolMs / 1000;
      const lines: string[] = [];
      for (const iv of this.intervals) {
        if (this.kindOf(iv.f) !== kind) continue;
        const end = iv.end === null ? durMs / 1000 : iv.end;
        if (iv.start - tol <= s && s <= end + tol) lines.push(...faultLines(iv, durMs / 1000), '');
      }
      for (const it of this.instants) {
        if (this.kindOf(it.f) === kind && Math.abs(it.time - s) <= tol * 2) lines.push(`${it.f} at ${it.time.toFixed(2)} s`, ...faultLines({ f: it.f, stopF: null, start: it.time, end: it.time, value: it.value }, durMs / 1000).slice(1), '');
      }
      return lines.length ? lines.slice(0, -1) : [`${kind}: not in force at ${s.toFixed(2)} s`];
    }
    if (this.leaders && y < this.faultH + this.leaderH) {
      const st = [...this.leaders.steps].reverse().find((x) => x.time <= ms);
      return [`leader at ${(ms / 1000).toFixed(2)} s: ${st && st.leaders.length ? st.leaders.join(', ') : 'none known'}`, `${this.leaders.changes} leader changes in the run`];
    }
    if (this.clock) {
      const r = Math.floor((y - this.faultH - this.leaderH) / CLOCK_ROW);
      const node = this.clock.nodes[r];
      if (node === undefined) return null;
      const st = [...this.clock.steps].reverse().find((x) => x.time <= ms);
      const off = st?.offsets[node] ?? 0;
      const strobe = this.clock.strobes.find((x) => x.targets.includes(node) && x.start <= ms && ms <= x.end);
      return [`clock of ${node} at ${(ms / 1000).toFixed(2)} s: ${off === 0 ? 'in step' : offsetText(off)}`, ...(strobe ? [`strobing ${offsetText(strobe.deltaMs)} every ${strobe.periodMs} ms`] : [])];
    }
    return null;
  }
}
