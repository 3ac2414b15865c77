/**
 * Collecting stream anomalies: exact counts per class, a capped list of examples per class,
 * each example JSON-serialisable and small. Mutable by design (one collector per check run).
 */
import type { ProcessId } from '../../core/op.js';
import type { StreamClass } from './options.js';

/** One anomaly: where (key, offsets), what (values), who (history indexes), and why. */
export interface StreamAnomaly {
  /** The class. */
  readonly kind: StreamClass;
  readonly key: string;
  /** The offsets involved, in the order the note mentions them. */
  readonly offsets: readonly number[];
  /** The values involved. */
  readonly values: readonly number[];
  /** History indexes of the ops involved (completions; invocations for ops that never completed). */
  readonly ops: readonly number[];
  /** The process it concerns (for per-process classes). */
  readonly process?: ProcessId;
  /** One sentence saying what happened. */
  readonly note: string;
}

/** Collects anomalies: counts every one, keeps the first `maxExamples` of each class. */
export class AnomalyLog {
  /** Exact counts per class (only classes seen). */
  readonly counts = new Map<StreamClass, number>();
  /** Kept examples per class. */
  readonly examples = new Map<StreamClass, StreamAnomaly[]>();

  constructor(private readonly maxExamples: number) {}

  /**
   * Counts one anomaly of class `kind`; builds and keeps it (via `make`) only while fewer than
   * `maxExamples` of that class are kept, so the common case allocates nothing.
   */
  add(kind: StreamClass, make: () => Omit<StreamAnomaly, 'kind'>): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n > this.maxExamples) return;
    const list = this.examples.get(kind) ?? [];
    list.push({ kind, ...make() });
    this.examples.set(kind, list);
  }

  /** The count of `kind` (0 when none). */
  count(kind: StreamClass): number {
    return this.counts.get(kind) ?? 0;
  }
}
