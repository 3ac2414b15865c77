/**
 * The run options the etcd system reads (set by CLI flags or the config file), validated
 * once. Pure.
 */
import { UsageError } from '../../core/errors.js';
import { booleanValue, positiveValue, type OptionSpec } from '../../core/options/spec.js';

/** etcd's client and DB options. */
export interface EtcdOptions {
  /**
   * Reads served by the contacted member from its local state, without consensus (`serializable:
   * true` in the range request): may be stale. Option `etcdSerializableReads`, CLI
   * `--etcd-serializable-reads`. Default false (linearizable reads).
   */
  serializableReads: boolean;
  /** Per-request deadline of the clients, ms. Option `etcdTimeoutMs`. Default 5000. */
  timeoutMs: number;
}

/** Default per-request deadline, ms. */
export const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * Reads {@link EtcdOptions} from a run's options, with defaults.
 * @throws UsageError quoting a value of the wrong type or range
 */
export function etcdOptions(options: Readonly<Record<string, unknown>>): EtcdOptions {
  const s = options.etcdSerializableReads ?? false;
  if (typeof s !== 'boolean') throw new UsageError(`etcdSerializableReads must be true or false, got ${JSON.stringify(s)}`);
  const t = options.etcdTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) throw new UsageError(`etcdTimeoutMs must be a positive number of ms, got ${JSON.stringify(t)}`);
  return { serializableReads: s, timeoutMs: t };
}

/** etcd's options as `faultline test etcd --help` lists them and the config file takes them. */
export const ETCD_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'etcdSerializableReads', type: 'boolean', default: false, flag: '--etcd-serializable-reads',
    help: 'serve reads from any member without consensus (may be stale)',
    fromFlag: () => true, parse: booleanValue, describe: (v) => (v ? 'serializable reads' : ''),
  },
  {
    key: 'etcdTimeoutMs', type: 'number (ms)', default: DEFAULT_TIMEOUT_MS, help: 'per-request deadline of the clients',
    parse: (v, label) => positiveValue(v, label, 'a positive number of ms'),
  },
];
