/**
 * What `faultline check` prints: the one-line verdict, and the JSON document of `--json`. Pure.
 */
import type { Validity, Verdict } from '../../core/verdict.js';
import type { History } from '../../core/op.js';

/** Facts about one check, shown next to the verdict. */
export interface CheckFacts {
  /** The history file as the user named it. */
  file: string;
  format: string;
  model: string;
  /** Events (invocations and completions) in the history. */
  ops: number;
  /** Distinct keys of client ops (1 when ops carry no key). */
  keys: number;
  /** Wall-clock time of the check alone (loading excluded), in ms. */
  ms: number;
}

/** Colours the verdict word; identity when output is not a terminal. */
export type Paint = (validity: Validity, word: string) => string;

/**
 * The verdict line, e.g.
 * `valid: etcd_002.log is linearizable (cas-register, 1 key, 154 ops, 12 ms)`,
 * `invalid: … is not linearizable (…)`, `unknown: … could not be decided (…; reason)`. Pure.
 * The file is shown by its base name.
 */
export function verdictLine(verdict: Verdict, facts: CheckFacts, paint: Paint = (_v, w) => w): string {
  const name = baseName(facts.file);
  const details = `${facts.model}, ${plural(facts.keys, 'key')}, ${plural(facts.ops, 'op')}, ${Math.round(facts.ms)} ms`;
  const v = verdict.valid;
  if (v === true) return `${paint(v, 'valid')}: ${name} is linearizable (${details})`;
  if (v === false) return `${paint(v, 'invalid')}: ${name} is not linearizable (${details})`;
  const reason = typeof verdict.reason === 'string' ? verdict.reason : 'no reason given';
  return `${paint('unknown', 'unknown')}: ${name} could not be decided (${details}; ${reason})`;
}

/** The `--json` document: the facts, the validity, and the checker's full verdict. Pure. */
export function verdictJson(verdict: Verdict, facts: CheckFacts): string {
  const doc = { ...facts, ms: Math.round(facts.ms), valid: verdict.valid, verdict };
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

/** Distinct `key`s among client (non-nemesis) ops; 1 when none carries a key. Pure. */
export function countKeys(history: History): number {
  const keys = new Set<string | number>();
  for (const op of history) if (op.key !== undefined && op.process !== 'nemesis') keys.add(op.key);
  return Math.max(1, keys.size);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function baseName(file: string): string {
  return file.replace(/[/\\]+$/, '').split(/[/\\]/).pop() ?? file;
}
