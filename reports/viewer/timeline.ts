/**
 * The timeline: rows = processes, bars = ops (invoke → completion), fault lanes above, fault
 * bands behind, checker marks and the longest linearizable path on top. State, geometry and
 * drawing; interactions are in timeline-ui.ts.
 */
import type { ReportData } from '../report-data.js';
import type { TimelineMark } from '../timeline.js';
import { el, range } from './dom.js';
import { nemesisColor, OUTCOME_COLORS, OUTCOMES, palette, seconds, ticks } from './format.js';
import { Lanes } from './lanes.js';

const AXIS = 26;
const PAD_R = 12;

/** Colours of marks by kind. */
export const MARK_COLORS: Record<string, string> = { blocking: '#cf222e', path: '#0969da', 'bad-read': '#8250df', lost: '#bf3989', stream: '#bc4c00', txn: '#953800', other: '#cf222e' };

/** How bars are coloured. */
export type ColorBy = 'outcome' | 'node';

/** A canvas timeline of one report. */
export class Timeline {
  readonly t: ReportData['timeline'];
  readonly durMs: number;
  readonly rows: number;
  readonly rowH: number;
  readonly lanes: Lanes;
  readonly canvas: HTMLCanvasElement;
  readonly tip: HTMLDivElement;
  readonly wrap: HTMLDivElement;
  readonly byIndex = new Map<number, number>();
  /** Mark labels by drawn op. */
  readonly marksAt = new Map<number, TimelineMark[]>();
  /** Drawn ops of the longest linearizable path of each failing key, in linearization order, ending at the op that could not be placed. */
  readonly paths: number[][] = [];
  /** The model state each path got stuck in (same order as `paths`). */
  readonly pathStates: string[] = [];
  x0 = 0;
  x1: number;
  width = 600;
  height = 100;
  gutter = 60;
  dpr = 1;
  /** Drawn ops outlined (the op or transactions last jumped to). */
  highlights: number[] = [];
  colorBy: ColorBy = 'outcome';
  /** Key shown (index into t.keys), -1 = all. */
  key = -1;
  label: HTMLElement | null = null;
  /** Called when the key filter changes from inside (e.g. jumping to an op of another key). */
  onKeyChange: ((key: number) => void) | null = null;
  readonly onRange: (min: number, max: number) => void;
  readonly byRow: number[][];
  private groups: { color: string; list: number[] }[] = [];

  constructor(readonly data: ReportData) {
    const t = data.timeline;
    this.t = t;
    this.durMs = Math.max(data.perf.durationS * 1000, 1e-3);
    this.x1 = this.durMs;
    this.rows = t.rows.length;
    this.rowH = Math.max(2, Math.min(18, Math.floor(440 / Math.max(1, this.rows))));
    this.lanes = new Lanes(data, AXIS + 2);
    this.byRow = t.rows.map(() => []);
    for (let i = 0; i < t.s.length; i++) {
      this.byRow[t.rowOf[t.p[i]]].push(i);
      this.byIndex.set(t.i[i], i);
    }
    for (const m of t.marks) {
      const i = this.byIndex.get(m.index);
      if (i === undefined) continue;
      const list = this.marksAt.get(i) ?? [];
      list.push(m);
      this.marksAt.set(i, list);
    }
    const groups = new Map<string, TimelineMark[]>();
    for (const m of t.marks) if (m.kind === 'path' && m.group !== undefined) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
    for (const [group, marks] of groups) {
      const path = marks.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)).map((m) => this.byIndex.get(m.index)).filter((i): i is number => i !== undefined);
      const blocking = t.marks.find((m) => m.kind === 'blocking' && m.group === group);
      if (blocking && this.byIndex.has(blocking.index)) path.push(this.byIndex.get(blocking.index)!);
      if (path.length > 1) {
        this.paths.push(path);
        this.pathStates.push(blocking?.state ?? '');
      }
    }
    this.canvas = el('canvas', { role: 'img', ariaLabel: 'Timeline of operations per process' });
    this.tip = el('div', { className: 'tip', hidden: true });
    this.wrap = el('div', { className: 'timeline-wrap' }, [this.canvas, this.tip]);
    this.onRange = (min, max) => this.setRange(min, max, false);
    range.on(this.onRange);
    this.regroup();
  }

  /** Row of drawn op `i`. */
  row(i: number): number {
    return this.t.rowOf[this.t.p[i]];
  }

  /** True when drawn op `i` passes the key filter. */
  shown(i: number): boolean {
    return this.key < 0 || this.t.k[i] === this.key;
  }

  /** Colour of drawn op `i` under the current colouring. */
  colorOf(i: number): string {
    if (this.colorBy === 'node') return this.t.n[i] < 0 ? '#8c959f' : palette(this.t.n[i]);
    return OUTCOME_COLORS[OUTCOMES[this.t.t[i]] ?? 'open'];
  }

  /** Rebuilds the colour batches (after a colouring or filter change). */
  regroup(): void {
    const by = new Map<string, number[]>();
    for (let i = 0; i < this.t.s.length; i++) {
      if (!this.shown(i)) continue;
      const c = this.colorOf(i);
      const list = by.get(c);
      if (list) list.push(i);
      else by.set(c, [i]);
    }
    this.groups = [...by].map(([color, list]) => ({ color, list }));
  }

  /** The plot's box, px. */
  plot(): { left: number; top: number; right: number; bottom: number; width: number } {
    const top = AXIS + 2 + this.lanes.height;
    return { left: this.gutter, top, right: this.width - PAD_R, bottom: top + this.rows * this.rowH, width: this.width - this.gutter - PAD_R };
  }

  X(msv: number): number {
    const p = this.plot();
    return p.left + ((msv - this.x0) / (this.x1 - this.x0)) * p.width;
  }

  msAt(px: number): number {
    const p = this.plot();
    return this.x0 + ((px - p.left) / p.width) * (this.x1 - this.x0);
  }

  /** Sizes the canvas to its container and redraws. */
  resize(): void {
    this.dpr = window.devicePixelRatio || 1;
    this.width = Math.max(300, this.wrap.clientWidth);
    this.height = AXIS + 2 + this.lanes.height + this.rows * this.rowH + 8;
    this.canvas.width = Math.round(this.width * this.dpr);
    this.canvas.height = Math.round(this.height * this.dpr);
    this.canvas.style.height = `${this.height}px`;
    const ctx = this.canvas.getContext('2d')!;
    ctx.font = '11px system-ui, sans-serif';
    const labels = [...this.t.rows, ...this.lanes.labels().map((l) => l[0])];
    const widest = labels.reduce((w, r) => Math.max(w, ctx.measureText(r).width), 0);
    this.gutter = Math.min(140, Math.max(44, Math.ceil(widest) + 16));
    this.draw();
  }

  /** Redraws everything for the current range. */
  draw(): void {
    const ctx = this.canvas.getContext('2d')!;
    const p = this.plot();
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.left, p.top, p.width, p.bottom - p.top);
    ctx.clip();
    this.drawBands(ctx, p);
    this.drawOps(ctx, p);
    this.drawPath(ctx, p);
    this.drawMarks(ctx, p);
    ctx.restore();
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.left, AXIS, p.width, this.lanes.height + 2);
    ctx.clip();
    this.lanes.draw(ctx, { X: (v) => this.X(v), left: p.left, right: p.right, durMs: this.durMs });
    ctx.restore();
    ctx.font = '10.5px system-ui, sans-serif';
    ctx.fillStyle = '#59636e';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const [text, y] of this.lanes.labels()) ctx.fillText(text, this.gutter - 8, y);
    this.drawAxes(ctx, p);
  }

  private drawBands(ctx: CanvasRenderingContext2D, p: ReturnType<Timeline['plot']>): void {
    for (const iv of this.lanes.intervals) {
      const xs = Math.max(p.left, this.X(iv.start * 1000));
      const xe = Math.min(p.right, this.X((iv.end === null ? this.durMs / 1000 : iv.end) * 1000));
      if (xe < p.left || xs > p.right) continue;
      ctx.fillStyle = nemesisColor(iv.f, 0.1);
      ctx.fillRect(xs, p.top, Math.max(1, xe - xs), p.bottom - p.top);
      ctx.fillStyle = nemesisColor(iv.f, 0.7);
      ctx.fillRect(xs, p.top, 1, p.bottom - p.top);
      ctx.fillRect(Math.max(xs, xe - 1), p.top, 1, p.bottom - p.top);
    }
  }

  private drawOps(ctx: CanvasRenderingContext2D, p: ReturnType<Timeline['plot']>): void {
    const t = this.t;
    const h = this.rowH > 5 ? this.rowH - 3 : Math.max(1, this.rowH - 1);
    const pad = this.rowH > 5 ? 1.5 : 0;
    for (const g of this.groups) {
      ctx.fillStyle = g.color;
      for (const i of g.list) {
        const s = t.s[i];
        const e = t.e[i] < 0 ? this.durMs : t.e[i];
        if (e < this.x0 || s > this.x1) continue;
        const xs = this.X(s);
        ctx.fillRect(xs, p.top + this.row(i) * this.rowH + pad, Math.max(1, this.X(e) - xs), h);
      }
    }
  }

  /**
   * The longest linearizable path: a dot at each op's linearization point (the earliest moment
   * after the previous point within the op's interval) joined in order, ending at the op that
   * could not be placed.
   */
  private drawPath(ctx: CanvasRenderingContext2D, p: ReturnType<Timeline['plot']>): void {
    this.paths.forEach((path, k) => this.drawOnePath(ctx, p, path, this.pathStates[k]));
  }

  private drawOnePath(ctx: CanvasRenderingContext2D, p: ReturnType<Timeline['plot']>, path: number[], state: string): void {
    const pts: [number, number][] = [];
    let at = 0;
    for (const i of path) {
      if (!this.shown(i)) continue;
      const e = this.t.e[i] < 0 ? this.durMs : this.t.e[i];
      at = Math.min(e, Math.max(this.t.s[i], at));
      pts.push([this.X(at), p.top + this.row(i) * this.rowH + this.rowH / 2]);
    }
    ctx.strokeStyle = MARK_COLORS.path;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    pts.forEach(([x, y], k) => (k ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.stroke();
    ctx.fillStyle = MARK_COLORS.path;
    pts.forEach(([x, y], k) => {
      ctx.beginPath();
      ctx.arc(x, y, k === pts.length - 1 ? 0 : 3, 0, Math.PI * 2);
      ctx.fill();
    });
    const last = pts[pts.length - 1];
    if (last && state) {
      ctx.font = '600 11px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'bottom';
      const text = `stuck in ${state}`;
      const w = ctx.measureText(text).width;
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.fillRect(last[0] + 6, last[1] - 16, w + 6, 14);
      ctx.fillStyle = MARK_COLORS.blocking;
      ctx.fillText(text, last[0] + 9, last[1] - 3);
    }
  }

  private drawMarks(ctx: CanvasRenderingContext2D, p: ReturnType<Timeline['plot']>): void {
    for (const [i, marks] of this.marksAt) {
      if (!this.shown(i)) continue;
      const kinds = marks.map((m) => m.kind ?? 'other').filter((k) => k !== 'path');
      if (!kinds.length) continue;
      const x = this.X(this.t.s[i]);
      if (x < p.left || x > p.right) continue;
      const color = MARK_COLORS[kinds[0]] ?? MARK_COLORS.other;
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = 1.2;
      if (kinds.includes('blocking')) {
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x, p.top);
        ctx.lineTo(x, p.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      const y = p.top + this.row(i) * this.rowH + this.rowH / 2;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x - 5, y - 7);
      ctx.lineTo(x + 5, y - 7);
      ctx.fill();
    }
    ctx.strokeStyle = '#1f2328';
    ctx.lineWidth = 2;
    for (const i of this.highlights) {
      if (!this.shown(i)) continue;
      const xs = this.X(this.t.s[i]);
      const xe = this.X(this.t.e[i] < 0 ? this.durMs : this.t.e[i]);
      ctx.strokeRect(xs - 2, p.top + this.row(i) * this.rowH - 1, Math.max(1, xe - xs) + 4, this.rowH + 2);
    }
  }

  private drawAxes(ctx: CanvasRenderingContext2D, p: ReturnType<Timeline['plot']>): void {
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#59636e';
    ctx.strokeStyle = 'rgba(31,35,40,0.08)';
    ctx.lineWidth = 1;
    const span = (this.x1 - this.x0) / 1000;
    for (const s of ticks(this.x0 / 1000, this.x1 / 1000, Math.max(2, Math.floor(p.width / 110)))) {
      const x = Math.round(this.X(s * 1000)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, p.top - 4);
      ctx.lineTo(x, p.bottom);
      ctx.stroke();
      ctx.textAlign = 'center';
      ctx.fillText(seconds(s, span), x, AXIS / 2);
    }
    ctx.textAlign = 'right';
    const every = Math.ceil(12 / this.rowH);
    for (let r = 0; r < this.rows; r += every) ctx.fillText(this.t.rows[r], this.gutter - 8, p.top + r * this.rowH + this.rowH / 2);
    ctx.strokeStyle = '#d1d9e0';
    ctx.strokeRect(p.left + 0.5, p.top + 0.5, p.width - 1, p.bottom - p.top);
  }

  /** Shows `[min, max]` s; tells the other views when `local`. */
  setRange(min: number, max: number, local: boolean): void {
    this.x0 = Math.max(0, min * 1000);
    this.x1 = Math.min(this.durMs, max * 1000);
    if (!(this.x1 > this.x0)) {
      this.x0 = 0;
      this.x1 = this.durMs;
    }
    this.draw();
    const span = (this.x1 - this.x0) / 1000;
    if (this.label) this.label.textContent = `${seconds(this.x0 / 1000, span)} – ${seconds(this.x1 / 1000, span)}`;
    if (local) range.set(this.x0 / 1000, this.x1 / 1000, this.onRange);
  }

  /** Zooms by `factor` (< 1 zooms in) around `center` ms. */
  zoom(factor: number, center: number): void {
    const span = this.x1 - this.x0;
    const next = Math.min(this.durMs, Math.max(this.durMs * 1e-5, span * factor));
    const x0 = Math.max(0, Math.min(this.durMs - next, center - ((center - this.x0) * next) / span));
    this.setRange(x0 / 1000, (x0 + next) / 1000, true);
  }

  /** Sets the key filter (-1 = all keys) and redraws. */
  setKey(key: number): void {
    this.key = key;
    this.regroup();
    this.draw();
  }

  /** Sets the colouring and redraws. */
  setColorBy(by: ColorBy): void {
    this.colorBy = by;
    this.regroup();
    this.draw();
  }

  /**
   * Centres the view on the drawn op invoked at history index `index`, outlines it and scrolls
   * the timeline into view. With `focusKey`, shows only the op's key (Porcupine's one-key view);
   * else shows all keys first when the filter hides it.
   * @returns false when the op is not drawn
   */
  showIndex(index: number, focusKey = false): boolean {
    const i = this.byIndex.get(index);
    if (i === undefined) return false;
    const key = focusKey && this.t.k[i] >= 0 ? this.t.k[i] : this.shown(i) ? this.key : -1;
    if (key !== this.key) {
      this.setKey(key);
      this.onKeyChange?.(key);
    }
    this.highlights = [i];
    const e = this.t.e[i] < 0 ? this.durMs : this.t.e[i];
    const span = Math.min(this.durMs, Math.max((e - this.t.s[i]) * 8, this.durMs / 20));
    const x0 = Math.max(0, Math.min(this.durMs - span, (this.t.s[i] + e) / 2 - span / 2));
    this.setRange(x0 / 1000, (x0 + span) / 1000, true);
    this.wrap.scrollIntoView({ behavior: 'instant' as ScrollBehavior, block: 'center' });
    return true;
  }

  /**
   * Zooms onto exactly the drawn ops invoked at history indexes `indexes` (from the first one's
   * invocation to the last one's completion, with a margin of a tenth of that span either side),
   * outlines them, shows all keys when the key filter hides one, and scrolls the timeline into
   * view.
   * @returns how many of them are drawn (0: nothing changed)
   */
  showIndexes(indexes: readonly number[]): number {
    const drawn = indexes.map((x) => this.byIndex.get(x)).filter((i): i is number => i !== undefined);
    if (drawn.length === 0) return 0;
    if (drawn.some((i) => !this.shown(i))) {
      this.setKey(-1);
      this.onKeyChange?.(-1);
    }
    this.highlights = drawn;
    let s = Infinity;
    let e = -Infinity;
    for (const i of drawn) {
      s = Math.min(s, this.t.s[i]);
      e = Math.max(e, this.t.e[i] < 0 ? this.durMs : this.t.e[i]);
    }
    const pad = Math.max((e - s) / 10, this.durMs * 1e-4);
    this.setRange(Math.max(0, s - pad) / 1000, Math.min(this.durMs, e + pad) / 1000, true);
    this.wrap.scrollIntoView({ behavior: 'instant' as ScrollBehavior, block: 'center' });
    return drawn.length;
  }
}
