/**
 * The `fifo-queue` model: `enqueue` v appends v; `dequeue` returns the head (ok value v) or
 * `null` when the queue is empty. An indeterminate dequeue removes the head if there is one.
 */
import { describeCall, type Model } from '../model.js';
import { canonicalJson, formatValue, sameValue } from '../values.js';

/** A queue's state: its elements, head first. Never mutated. */
export type QueueState = readonly unknown[];

/** First-in first-out queue starting empty. */
export const fifoQueueModel: Model<QueueState> = {
  name: 'fifo-queue',
  fs: ['enqueue', 'dequeue'],
  init: () => [],
  step(queue, op) {
    if (op.f === 'enqueue') return [...queue, op.input ?? null];
    if (op.f !== 'dequeue') return undefined;
    if (op.outcome === 'info') return queue.length === 0 ? queue : queue.slice(1);
    const out = op.output ?? null;
    if (out === null) return queue.length === 0 ? queue : undefined;
    return queue.length > 0 && sameValue(queue[0], out) ? queue.slice(1) : undefined;
  },
  readOnly: (op) => op.f === 'dequeue' && op.outcome === 'ok' && (op.output ?? null) === null,
  guard: (op) => (op.f === 'dequeue' && (op.output ?? null) === null ? { only: [] } : undefined),
  stateKey: (queue) => (queue.length === 0 ? '' : canonicalJson(queue)),
  describeOp(op) {
    if (op.f === 'dequeue') return describeCall(op, undefined, formatValue(op.output));
    return describeCall(op, formatValue(op.input));
  },
  describeState: (queue) => `queue = ${formatValue(queue)}`,
};
