/**
 * Collecting anomalies with bounded output: every case is counted, the first few of each type
 * are kept with their evidence.
 */

/** A transaction as anomalies and cycles name it. */
export interface TxnRef {
  /** The op index (`:index`) of the op holding its micro-ops. */
  index: number;
  process: number | string;
  /** `ok`, `info` or `fail`. */
  type: string;
}

/** One non-cycle anomaly with the transactions, key and values behind it. */
export interface AnomalyCase {
  type: string;
  /** The transactions involved (the one that read first, then the writers). */
  txns: TxnRef[];
  key?: unknown;
  value?: unknown;
  /** What was read, when it matters. */
  read?: unknown;
  /** What was expected instead, when it matters. */
  expected?: unknown;
  /** One sentence saying what is wrong. */
  explanation: string;
}

/** Keeps counts of every anomaly type and up to `limit` cases of each. */
export class AnomalySink<C> {
  readonly counts = new Map<string, number>();
  readonly cases = new Map<string, C[]>();
  constructor(readonly limit: number) {}

  /** Counts one `type` case; builds and keeps it (via `make`) only while under the limit. */
  add(type: string, make: () => C): void {
    const n = (this.counts.get(type) ?? 0) + 1;
    this.counts.set(type, n);
    if (n > this.limit) return;
    let list = this.cases.get(type);
    if (!list) this.cases.set(type, (list = []));
    list.push(make());
  }

  /** True when at least one `type` case was counted. */
  has(type: string): boolean {
    return this.counts.has(type);
  }
}
