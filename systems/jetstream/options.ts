/**
 * The run options the JetStream system reads (config file keys; no CLI flags), validated once.
 * Pure.
 */
import { UsageError } from '../../core/errors.js';
import { integerValue, stringValue, type OptionSpec } from '../../core/options/spec.js';

/** JetStream's client options. */
export interface JetStreamOptions {
  /**
   * Deadline of every request (publish, stream and consumer calls, one pull), ms
   * (`jsTimeoutMs`). Default 5000, or 80 % of the run's op timeout (`opTimeoutMs`) when that is
   * shorter, so the client classifies its own failures before the worker times the op out.
   */
  timeoutMs: number;
  /** Most records one poll takes from one key (`jsFetchBatch`). Default 100. */
  fetchBatch: number;
  /** The consumer group `subscribe` joins (`jsGroup`): one durable consumer of that name per stream. Default `faultline`. */
  group: string;
  /** Replicas of every stream (`jsReplicas`, 1–5). Default 3. */
  replicas: number;
}

/** Default request deadline, ms. */
export const DEFAULT_TIMEOUT_MS = 5_000;

/** {@link DEFAULT_TIMEOUT_MS}, or 80 % of a shorter op timeout (at least 100 ms). Pure. */
export function defaultTimeout(opTimeoutMs: unknown): number {
  if (typeof opTimeoutMs !== 'number' || !Number.isFinite(opTimeoutMs) || opTimeoutMs <= 0) return DEFAULT_TIMEOUT_MS;
  return Math.max(100, Math.min(DEFAULT_TIMEOUT_MS, Math.floor(opTimeoutMs * 0.8)));
}

function positiveInt(options: Readonly<Record<string, unknown>>, key: string, dflt: number, max: number): number {
  const t = options[key] ?? dflt;
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t <= 0 || t > max) throw new UsageError(`${key} must be a whole number from 1 to ${max}, got ${JSON.stringify(t)}`);
  return t;
}

/**
 * Reads {@link JetStreamOptions} from a run's options, with defaults.
 * @throws UsageError quoting a value of the wrong type or range
 */
export function jetStreamOptions(options: Readonly<Record<string, unknown>>): JetStreamOptions {
  const g = options.jsGroup ?? 'faultline';
  if (typeof g !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(g)) throw new UsageError(`jsGroup must be 1-32 letters, digits, '_' or '-', got ${JSON.stringify(g)}`);
  return {
    timeoutMs: positiveInt(options, 'jsTimeoutMs', defaultTimeout(options.opTimeoutMs), 600_000),
    fetchBatch: positiveInt(options, 'jsFetchBatch', 100, 10_000),
    group: g,
    replicas: positiveInt(options, 'jsReplicas', 3, 5),
  };
}

/** JetStream's options (config file keys) as `faultline test jetstream --help` lists them. */
export const JETSTREAM_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'jsTimeoutMs', type: 'integer 1..600000 (ms)',
    help: `deadline of every request (default ${DEFAULT_TIMEOUT_MS}, or 80 % of the op timeout when that is shorter)`,
    parse: (v, label) => integerValue(v, label, 1, 600_000),
  },
  { key: 'jsFetchBatch', type: 'integer 1..10000', default: 100, help: 'most records one poll takes from one key', parse: (v, label) => integerValue(v, label, 1, 10_000) },
  {
    key: 'jsGroup', type: 'string', default: 'faultline', help: 'the consumer group subscribe joins (one durable consumer of that name per stream)',
    parse: (v, label) => stringValue(v, label, /^[A-Za-z0-9_-]{1,32}$/, "1-32 letters, digits, '_' or '-'"),
  },
  { key: 'jsReplicas', type: 'integer 1..5', default: 3, help: 'replicas of every stream', parse: (v, label) => integerValue(v, label, 1, 5) },
];
