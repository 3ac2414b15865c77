/**
 * What a report shows for each checker: its validity, a one-line summary, and its evidence in
 * a shape the viewer knows (linearizability explanations, element lists of set-like checkers,
 * else bounded JSON). Pure; every output is bounded in size whatever the verdict holds.
 */
import { formatExplanation, type KeyFailure, type LinearizableVerdict } from '../checkers/linearizable/index.js';
import type { Validity, Verdict } from '../core/verdict.js';

/** A list of elements a checker names (e.g. lost adds), with its full count. */
export interface ElementListView {
  name: string;
  count: number;
  /** At most {@link MAX_LISTED} elements, as JSON text. */
  elements: string[];
}

/** The evidence of one checker, by kind. */
export type Evidence =
  | { kind: 'linearizable'; model: string; explanation: string; failures: KeyFailure[]; unknownKeys: { key: string; reason: string }[] }
  | { kind: 'elements'; lists: ElementListView[] }
  | { kind: 'none' };

/** One checker as the report shows it. */
export interface CheckerView {
  name: string;
  valid: Validity;
  /** One line: the first line of the explanation, the anomaly counts, or the reason. */
  summary: string;
  evidence: Evidence;
  /** The whole verdict as pretty JSON, arrays and strings shortened, at most {@link MAX_JSON} chars. */
  json: string;
}

/** Elements listed per list. */
export const MAX_LISTED = 100;
/** Characters of pretty JSON or explanation text kept per checker. */
export const MAX_JSON = 20_000;
/** Verdict fields that hold element lists worth showing (the set checker's). */
const ELEMENT_FIELDS = ['lost', 'unexpected', 'aborted', 'recovered', 'stale', 'duplicated', 'never-read', 'neverRead'];

/** Cuts `s` to `max` characters, saying how much was left out. Pure. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}\n… (${s.length - max} more characters)`;
}

/** Pretty JSON with long arrays and strings shortened, then clipped to `max` characters. Pure. */
export function boundedJson(v: unknown, max = MAX_JSON): string {
  const text = JSON.stringify(
    v,
    (_k, x: unknown) => {
      if (Array.isArray(x) && x.length > MAX_LISTED) return [...x.slice(0, MAX_LISTED), `… ${x.length - MAX_LISTED} more`];
      if (typeof x === 'string' && x.length > 2000) return `${x.slice(0, 2000)}… (${x.length - 2000} more characters)`;
      return x;
    },
    2,
  );
  return clip(text ?? 'null', max);
}

function isLinearizable(v: Verdict): v is LinearizableVerdict {
  return typeof v.model === 'string' && Array.isArray(v.failures) && Array.isArray(v.unknownKeys) && typeof v.stats === 'object' && v.stats !== null;
}

function elementList(name: string, x: unknown): ElementListView | null {
  const list = Array.isArray(x) ? { count: x.length, elements: x } : (x as { count?: unknown; elements?: unknown } | null);
  if (!list || typeof list.count !== 'number' || !Array.isArray(list.elements)) return null;
  return { name, count: list.count, elements: list.elements.slice(0, MAX_LISTED).map((e) => clip(JSON.stringify(e) ?? 'null', 200)) };
}

const arr = <T>(x: T[] | undefined): T[] => (Array.isArray(x) ? x : []);

function linearizableEvidence(v: LinearizableVerdict): Extract<Evidence, { kind: 'linearizable' }> {
  let explanation = typeof v.explanation === 'string' ? v.explanation : '';
  if (!explanation) {
    try {
      explanation = formatExplanation(v);
    } catch {
      explanation = '';
    }
  }
  return {
    kind: 'linearizable',
    model: v.model,
    explanation: clip(explanation, MAX_JSON),
    failures: v.failures.slice(0, 10).map((f) => ({
      ...f,
      prefixes: arr(f.prefixes)
        .slice(0, 3)
        .map((p) => ({ ...p, ops: arr(p.ops).slice(-20), rejected: arr(p.rejected).slice(0, 20) })),
    })),
    unknownKeys: v.unknownKeys.slice(0, 10).map((u) => ({ key: JSON.stringify(u.key), reason: String(u.reason) })),
  };
}

function validWord(v: Validity): string {
  return v === true ? 'valid' : v === false ? 'invalid' : 'unknown';
}

/** Builds the view of checker `name`'s verdict. Pure. */
export function checkerView(name: string, verdict: Verdict): CheckerView {
  const valid: Validity = verdict.valid === true || verdict.valid === false ? verdict.valid : 'unknown';
  const reason =
    typeof verdict.reason === 'string' ? verdict.reason : typeof verdict.error === 'string' ? verdict.error : typeof verdict.summary === 'string' ? verdict.summary : '';
  let evidence: Evidence = { kind: 'none' };
  let summary = reason ? `${validWord(valid)}: ${reason}` : validWord(valid);
  if (isLinearizable(verdict)) {
    const lin = linearizableEvidence(verdict);
    evidence = lin;
    summary = lin.explanation.split('\n')[0] || summary;
  } else {
    const lists = ELEMENT_FIELDS.map((f) => elementList(f, verdict[f])).filter((l): l is ElementListView => l !== null);
    if (lists.length > 0) {
      evidence = { kind: 'elements', lists };
      const counts = lists.filter((l) => l.count > 0).map((l) => `${l.count} ${l.name}`);
      if (counts.length > 0) summary = `${validWord(valid)}: ${counts.join(', ')}`;
    }
  }
  return { name, valid, summary: clip(summary, 500), evidence, json: boundedJson(verdict) };
}
