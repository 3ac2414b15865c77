/**
 * The stream / log order checker: public barrel. The op contract is in ./ops.ts, the
 * definitions in docs/checkers.md § "Stream / log order".
 */
export { checkStream, type StreamStats, type StreamVerdict } from './check.js';
export type { StreamAnomaly } from './anomalies.js';
export { STREAM_CLASSES, defaultErrorClasses, isStreamClass, resolveStreamOptions, type ResolvedStreamOptions, type StreamClass, type StreamOptions, type StreamPromise } from './options.js';
export { STREAM_FS, type MicroOp, type MicroOpDone, type MicroOpInvoke, type PollResult, type StreamF } from './ops.js';
export type { UnseenPoint } from './values.js';
