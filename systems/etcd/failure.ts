/**
 * What went wrong with a gateway call, and whether the server may have applied it. Pure;
 * unit-tested. The rule (docs/architecture.md): `fail` only when the op certainly did not happen,
 * `info` when it may have.
 *
 * Certainly not applied:
 * - the connection was never made (refused, unknown host, unreachable, connect timeout):
 *   the request was never sent;
 * - an HTTP 4xx answer other than 408/499 (the gateway's mappings of gRPC Canceled): the
 *   request was rejected before it was proposed (bad argument, auth, too many requests);
 * - a 5xx answer whose message says the proposal never entered the log: `etcdserver: no
 *   leader`, `etcdserver: not capable`, `raft proposal dropped`, `etcdserver: too many requests`.
 *
 * Everything else may have been applied: time-outs (ours or etcd's `request timed out`), the
 * run being aborted, a reset connection, `context deadline exceeded`, `leader changed`,
 * `server stopped`, unknown 5xx answers, unreadable bodies.
 */

/** How a gateway call failed. */
export type Failure =
  /** The gateway answered with a non-2xx status (or an unreadable body). */
  | { kind: 'http'; status: number; grpcCode?: number; message: string }
  /** No answer: the connection failed (`code` is Node's / undici's error code). */
  | { kind: 'network'; code?: string; message: string; responded: boolean }
  /** The per-op deadline passed first. */
  | { kind: 'timeout' }
  /** Aborted from outside (the run was interrupted). */
  | { kind: 'aborted'; reason: string };

/** Thrown by the gateway client; carries the {@link Failure}. */
export class GatewayFailure extends Error {
  override name = 'GatewayFailure';
  constructor(
    readonly failure: Failure,
    options?: { cause?: unknown },
  ) {
    super(describeFailure(failure), options);
  }
}

/** Error codes meaning the connection was never established (nothing was sent). */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

/** 5xx messages meaning the proposal never entered the raft log. */
const NOT_PROPOSED = ['etcdserver: no leader', 'etcdserver: not capable', 'raft proposal dropped', 'etcdserver: too many requests'];

/** The network error code inside a fetch error (`cause.code`, or the first of an AggregateError). Pure. */
function codeOf(e: unknown): string | undefined {
  const cause = (e as { cause?: unknown })?.cause ?? e;
  const c = cause as { code?: unknown; errors?: unknown };
  if (typeof c?.code === 'string') return c.code;
  if (Array.isArray(c?.errors)) return codeOf({ cause: c.errors[0] });
  return undefined;
}

/**
 * The {@link Failure} of an error thrown by fetch (or while reading its body) under `signal`.
 * `responded`: a status line had arrived. Pure.
 */
export function failureOf(e: unknown, signal: AbortSignal, responded: boolean): Failure {
  if (signal.aborted) {
    const reason = signal.reason as { name?: unknown; message?: unknown } | undefined;
    if (reason?.name === 'TimeoutError') return { kind: 'timeout' };
    return { kind: 'aborted', reason: typeof reason?.message === 'string' ? reason.message : String(reason) };
  }
  const cause = (e as { cause?: { message?: unknown } })?.cause;
  const message = typeof cause?.message === 'string' ? cause.message : e instanceof Error ? e.message : String(e);
  const code = codeOf(e);
  return code === undefined ? { kind: 'network', message, responded } : { kind: 'network', code, message, responded };
}

/** True when the server certainly did not apply the request (see the module notes). Pure. */
export function certainlyNotApplied(f: Failure): boolean {
  switch (f.kind) {
    case 'network':
      return !f.responded && f.code !== undefined && NEVER_SENT.has(f.code);
    case 'http':
      if (f.status >= 400 && f.status <= 499) return f.status !== 408 && f.status !== 499;
      return f.status >= 500 && NOT_PROPOSED.some((m) => f.message.includes(m));
    case 'timeout':
    case 'aborted':
      return false;
  }
}

/** A one-line description, e.g. `HTTP 503: etcdserver: request timed out`. Pure. */
export function describeFailure(f: Failure): string {
  switch (f.kind) {
    case 'http':
      return `HTTP ${f.status}: ${f.message}`;
    case 'network':
      return f.code === undefined ? f.message : `${f.code}: ${f.message}`;
    case 'timeout':
      return 'timed out';
    case 'aborted':
      return `aborted: ${f.reason}`;
  }
}

/** True when `e` is a {@link GatewayFailure}. */
export function isGatewayFailure(e: unknown): e is GatewayFailure {
  return e instanceof GatewayFailure;
}

/**
 * The completion of an op that failed with `f`. Reads have no effect, so a read without an
 * answer is always `fail` (it observed nothing; recording it as `fail` rather than `info`
 * keeps the process alive and tells the checker the same). A write (`write`, `cas`, `add`)
 * is `fail` only when {@link certainlyNotApplied}, else `info`. `value` is the op's input,
 * repeated. Pure.
 */
export function failedCompletion(effect: 'read' | 'write', f: Failure, value: unknown): { type: 'fail' | 'info'; value: unknown; error: string } {
  const type = effect === 'read' || certainlyNotApplied(f) ? 'fail' : 'info';
  return { type, value, error: describeFailure(f) };
}
