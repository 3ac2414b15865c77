/**
 * The set checker: clients `add` unique elements, then read the whole set at the end. Every
 * acknowledged add must appear in the final reads; nothing may appear that was never attempted
 * or whose add definitely failed. Pure: history in, verdict out. See docs/checkers.md ("Sets").
 *
 * Op conventions: `add` (invoke value = the element), `read` (ok value = array of elements).
 * Elements are compared by their JSON text, so `1` and `"1"` differ.
 */
import type { History, Op } from '../core/op.js';
import type { Validity, Verdict } from '../core/verdict.js';

/** How many elements each list of the verdict shows at most (counts are always exact). */
export const SET_LIST_MAX = 20;

/** Options of {@link checkSet}. */
export interface SetCheckOptions {
  /** Longest element list in the verdict; default {@link SET_LIST_MAX}. */
  maxListed?: number;
}

/** A bounded list of elements with its full count. */
export interface ElementList {
  count: number;
  /** The first `maxListed` elements in sorted order. */
  elements: unknown[];
}

/** One final read as the verdict reports it. */
export interface FinalReadView {
  /** History index of the read's invocation. */
  index: number;
  process: Op['process'];
  node?: string;
  /** Elements in the read. */
  size: number;
  /** Acknowledged adds (completed before the read began) that the read lacks. */
  missing: number;
}

/** The verdict of {@link checkSet}. */
export interface SetVerdict extends Verdict {
  valid: Validity;
  /** Distinct elements whose add was invoked. */
  attempted: number;
  /** Elements whose add completed `ok`. */
  acknowledged: number;
  /** Acknowledged adds absent from a final read that began after the add completed. */
  lost: ElementList;
  /** Elements read that no add ever tried. */
  unexpected: ElementList;
  /** Elements read whose add definitely failed (`fail`). */
  aborted: ElementList;
  /** Indeterminate (`info` or never completed) adds that a final read saw. */
  recovered: ElementList;
  /** Indeterminate adds no final read saw (allowed: they may never have happened). */
  indeterminate: number;
  /** The final reads the check used. */
  reads: FinalReadView[];
  /** Why the verdict is `unknown`. */
  reason?: string;
}

interface AddState {
  value: unknown;
  /** History position (array index) of the completion, when `ok`. */
  okAt?: number;
  outcome: 'ok' | 'fail' | 'info';
}

interface ReadOp {
  inv: Op;
  invAt: number;
  elements: Map<string, unknown>;
  node?: string;
}

/** JSON text of an element: its identity. Pure. */
function keyOf(v: unknown): string {
  return JSON.stringify(v ?? null);
}

function bounded(map: Map<string, unknown>, max: number): ElementList {
  const keys = [...map.keys()].sort(compareKeys);
  return { count: keys.length, elements: keys.slice(0, max).map((k) => map.get(k)) };
}

/** Numbers in numeric order, then everything else by text. */
function compareKeys(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pairs client invocations with their completions: position of invocation → completion. */
function pair(history: History): { completionOf: Map<number, number> } {
  const open = new Map<Op['process'], number>();
  const completionOf = new Map<number, number>();
  history.forEach((op, i) => {
    if (op.process === 'nemesis') return;
    if (op.type === 'invoke') open.set(op.process, i);
    else {
      const at = open.get(op.process);
      if (at !== undefined) {
        completionOf.set(at, i);
        open.delete(op.process);
      }
    }
  });
  return { completionOf };
}

/**
 * Checks a set history. The final reads are the `ok` reads invoked after the last `add` was
 * invoked (the workload's final phase); when there are none, the last `ok` read. With no `ok`
 * read at all the verdict is `unknown`. Invalid when an acknowledged add is missing from a
 * final read that began after it completed (`lost`), or a read holds an element never
 * attempted (`unexpected`) or whose add failed (`aborted`). Pure.
 */
export function checkSet(history: History, options: SetCheckOptions = {}): SetVerdict {
  const max = options.maxListed ?? SET_LIST_MAX;
  const { completionOf } = pair(history);
  const adds = new Map<string, AddState>();
  const reads: ReadOp[] = [];
  let lastAddInvoke = -1;
  history.forEach((op, i) => {
    if (op.process === 'nemesis' || op.type !== 'invoke') return;
    const done = completionOf.get(i);
    const completion = done === undefined ? undefined : history[done];
    if (op.f === 'add') {
      lastAddInvoke = i;
      const k = keyOf(op.value);
      const outcome = completion === undefined || completion.type === 'invoke' ? 'info' : completion.type;
      const prev = adds.get(k);
      // An element added twice counts as acknowledged if any attempt was.
      if (prev === undefined || outcome === 'ok' || (prev.outcome === 'fail' && outcome === 'info')) {
        adds.set(k, { value: op.value, outcome, ...(outcome === 'ok' ? { okAt: done } : {}) });
      }
    } else if (op.f === 'read' && completion?.type === 'ok' && Array.isArray(completion.value)) {
      const elements = new Map<string, unknown>();
      for (const v of completion.value as unknown[]) elements.set(keyOf(v), v);
      reads.push({ inv: op, invAt: i, elements, node: completion.node ?? op.node });
    }
  });
  let finals = reads.filter((r) => r.invAt > lastAddInvoke);
  if (finals.length === 0 && reads.length > 0) finals = [reads[reads.length - 1]];

  const lost = new Map<string, unknown>();
  const unexpected = new Map<string, unknown>();
  const aborted = new Map<string, unknown>();
  const recovered = new Map<string, unknown>();
  const views: FinalReadView[] = [];
  for (const r of finals) {
    let missing = 0;
    for (const [k, a] of adds) {
      if (a.outcome === 'ok' && a.okAt !== undefined && a.okAt < r.invAt && !r.elements.has(k)) {
        lost.set(k, a.value);
        missing++;
      }
    }
    for (const [k, v] of r.elements) {
      const a = adds.get(k);
      if (a === undefined) unexpected.set(k, v);
      else if (a.outcome === 'fail') aborted.set(k, v);
      else if (a.outcome === 'info') recovered.set(k, v);
    }
    const view: FinalReadView = { index: r.inv.index, process: r.inv.process, size: r.elements.size, missing };
    if (r.node !== undefined) view.node = r.node;
    views.push(view);
  }
  let indeterminate = 0;
  for (const [k, a] of adds) if (a.outcome === 'info' && !recovered.has(k)) indeterminate++;
  const anomalies = lost.size + unexpected.size + aborted.size;
  const verdict: SetVerdict = {
    valid: anomalies > 0 ? false : finals.length === 0 ? 'unknown' : true,
    attempted: adds.size,
    acknowledged: [...adds.values()].filter((a) => a.outcome === 'ok').length,
    lost: bounded(lost, max),
    unexpected: bounded(unexpected, max),
    aborted: bounded(aborted, max),
    recovered: bounded(recovered, max),
    indeterminate,
    reads: views.slice(0, max),
  };
  if (finals.length === 0) verdict.reason = 'no read completed ok: nothing to check the adds against';
  return verdict;
}
