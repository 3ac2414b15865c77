/**
 * The operation model shared by every stage: clients, nemeses, history files and checkers.
 * See docs/checkers.md ("Histories").
 */

/** What an event in a history is: an invocation or one of three completions. */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** The process that issued an op: a client process number, or `'nemesis'`. */
export type ProcessId = number | 'nemesis';

/**
 * One event of a history.
 *
 * - `invoke`: the process started the op (its `value` is the input).
 * - `ok`: the op happened; `value` is its result.
 * - `fail`: the op definitely did not happen.
 * - `info`: unknown; it may have happened at any instant after its invocation, or never.
 *   A process whose op ended in `info` issues nothing more.
 */
export interface Op {
  /** Position in the history, 0-based, strictly increasing. */
  index: number;
  /** Nanoseconds since the test started (monotonic). Importers without times use the index. */
  time: number;
  process: ProcessId;
  type: OpType;
  /** The function, e.g. `read`, `write`, `cas`, `send`, `poll`, `start-partition`. */
  f: string;
  value: unknown;
  /**
   * For workloads over independent keys (kv, registers per key, streams): the key this op is
   * about. Checkers split the history by key when the model says keys are independent.
   */
  key?: string | number;
  /** The node the client talked to, when known. */
  node?: string;
  /** A completion's error message, when there was one. */
  error?: string;
}

/** A history: events in the order they happened. */
export type History = Op[];

/** True when `t` is one of the four op types. Pure. */
export function isOpType(t: unknown): t is OpType {
  return t === 'invoke' || t === 'ok' || t === 'fail' || t === 'info';
}

/**
 * The `f` of a probe sample: a lone `info` event of process `nemesis` (no invocation) holding
 * what a probe saw, e.g. `{ primaries: ['n2'] }` from the leader probe. Checkers ignore it
 * (it is no client op); nemesis pairing must skip it.
 */
export const PROBE_F = 'primaries';

/** True when `op` is a probe sample ({@link PROBE_F}). Pure. */
export function isProbeOp(op: Op): boolean {
  return op.process === 'nemesis' && op.f === PROBE_F && op.type === 'info';
}
