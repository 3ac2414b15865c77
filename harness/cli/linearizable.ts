/**
 * The CLI's view of the linearizability checker (checkers/linearizable/index.ts): the check,
 * the model names and the explanation formatter. Loaded on demand, so that `faultline` starts
 * (and reports usage errors) without loading the checker, and so that optional exports the
 * checker does not have fall back to local equivalents.
 */
import type { LinearizableOptions } from '../../checkers/linearizable/index.js';
import type { Verdict } from '../../checkers/verdict.js';
import type { History } from '../op.js';

/** What the CLI needs from the checker. */
export interface LinearizableChecker {
  /** Runs the check; see `checkLinearizable`. */
  check(history: History, model: string, options: LinearizableOptions): Promise<Verdict>;
  /** The model names `check` accepts. */
  models: readonly string[];
  /** Renders an invalid verdict's explanation as text (several lines, no trailing newline). */
  explain(verdict: Verdict): string;
}

/** The exports of checkers/linearizable/index.js that this file uses, all optional. */
interface CheckerExports {
  checkLinearizable?: (history: History, model: string, options?: LinearizableOptions) => Promise<Verdict>;
  formatExplanation?: (verdict: never) => string;
  MODEL_NAMES?: readonly string[];
}

/** The models documented in checkers/linearizable/index.ts, used when it exports no list. */
export const DOCUMENTED_MODELS: readonly string[] = ['register', 'cas-register', 'cas-register-noop', 'kv', 'mutex', 'fifo-queue', 'set'];

/**
 * Loads the checker module.
 * @throws Error (a crash, exit 255) when the build has no `checkLinearizable`
 */
export async function loadLinearizableChecker(): Promise<LinearizableChecker> {
  const mod = (await import('../../checkers/linearizable/index.js')) as unknown as CheckerExports;
  const check = mod.checkLinearizable;
  const format = mod.formatExplanation;
  return {
    models: Array.isArray(mod.MODEL_NAMES) ? mod.MODEL_NAMES : DOCUMENTED_MODELS,
    async check(history, model, options) {
      if (typeof check !== 'function') throw new Error('this build of faultline has no linearizability checker');
      return check(history, model, options);
    },
    explain: (verdict) => (typeof format === 'function' ? format(verdict as never) : fallbackExplanation(verdict)),
  };
}

/**
 * A plain rendering of an invalid verdict for checkers without `formatExplanation`: its
 * `explanation` text when present, else its `failures` as indented JSON. Pure.
 */
export function fallbackExplanation(verdict: Verdict): string {
  if (typeof verdict.explanation === 'string') return verdict.explanation.trimEnd();
  if (verdict.failures !== undefined) return JSON.stringify(verdict.failures, null, 2);
  return '(the checker gave no explanation)';
}
