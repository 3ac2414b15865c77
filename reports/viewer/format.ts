/** Number, time and colour formatting. Pure. */

/** Outcome names by the codes of the embedded timeline (reports/timeline.ts OUTCOME_CODE). */
export const OUTCOMES = ['ok', 'fail', 'info', 'open', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcome colours: ok green, fail red, info amber, never completed grey, expected refusal slate blue. */
export const OUTCOME_COLORS: Record<Outcome, string> = { ok: '#1f8a3b', fail: '#cf222e', info: '#d4a000', open: '#8c959f', refused: '#8fa7c4' };

/** Legend words of the outcomes. */
export const OUTCOME_LABELS: Record<Outcome, string> = { ok: 'ok', fail: 'fail', info: 'info (unknown)', open: 'never completed', refused: 'refused by design (cas mismatch, no funds)' };

const PALETTE = ['#0969da', '#8250df', '#bf3989', '#1a7f37', '#bc4c00', '#0a7ea4', '#6e7781', '#953800', '#4d2d9e', '#116329'];

/** A distinct colour for series `i`. */
export const palette = (i: number): string => PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];

/** The rgb of a fault kind. */
function faultRgb(f: string): string {
  if (/partition|net|loss|bridge/.test(f)) return '255,140,0';
  if (/kill|crash|start$/.test(f)) return '207,34,46';
  if (/pause|resume/.test(f)) return '9,105,218';
  if (/clock/.test(f)) return '26,127,55';
  return '130,80,223';
}

/** The fill of a fault of kind `f`; `alpha` defaults to 0.16. */
export const nemesisColor = (f: string, alpha = 0.16): string => `rgba(${faultRgb(f)},${alpha})`;

/** A friendly name for an interval's kind: `start-partition` → `partition`. */
export const faultName = (f: string): string => f.replace(/^(start|bump)-/, '');

/** Integer with thousands separators. */
export const int = (n: number | null | undefined): string => (typeof n === 'number' ? n.toLocaleString('en-US') : '—');

/** Milliseconds, 3 significant digits; seconds past 10 s. */
export function ms(v: number | null | undefined): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  if (v >= 10000) return `${(v / 1000).toPrecision(3)} s`;
  if (v >= 100) return `${v.toFixed(0)} ms`;
  if (v >= 1) return `${v.toPrecision(3)} ms`;
  if (v === 0) return '0 ms';
  return `${v.toPrecision(2)} ms`;
}

/** A duration in seconds as `1 h 2 min`, `3 min 20 s`, `12.5 s` or `340 ms`. */
export function duration(s: number | null | undefined): string {
  if (typeof s !== 'number' || !Number.isFinite(s)) return '—';
  if (s < 1) return ms(s * 1000);
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A time offset in seconds for axes: precision follows the visible span. */
export function seconds(s: number, span: number): string {
  const d = span < 0.01 ? 4 : span < 0.1 ? 3 : span < 1 ? 2 : span < 10 ? 1 : 0;
  return `${s.toFixed(d)} s`;
}

/** An ISO time as `2025-01-02 12:34:56 UTC`, or the text itself when it is not a date. */
export function date(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** `valid` / `invalid` / `unknown` for a validity. */
export const validWord = (v: unknown): string => (v === true ? 'valid' : v === false ? 'invalid' : 'unknown');

/** About `count` evenly spaced round tick values between `min` and `max`. */
export function ticks(min: number, max: number, count: number): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** `+93 s`, `−1.5 s`, `+2 min`: a clock offset in ms, short. */
export function offsetText(off: number): string {
  const s = Math.abs(off) / 1000;
  const t = s >= 120 ? `${+(s / 60).toFixed(1)} min` : `${+s.toFixed(s >= 10 ? 0 : 1)} s`;
  return (off < 0 ? '−' : '+') + t;
}
