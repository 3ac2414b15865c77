/**
 * Run options of the BookKeeper system (read from the run's resolved options; no CLI flags):
 * `bkEnsemble` (default 3), `bkWriteQuorum` (default 3), `bkAckQuorum` (default 2),
 * `bkTimeoutMs` (per-request deadline inside the bridge, default 4000), `bkPollMax` (records
 * per key per poll, default 1000). Validated: ensemble ≥ write quorum ≥ ack quorum ≥ 1.
 */
import { UsageError, quote } from '../../core/errors.js';
import { integerValue, type OptionSpec } from '../../core/options/spec.js';

/** The resolved BookKeeper options. */
export interface BookkeeperOptions {
  ensemble: number;
  writeQuorum: number;
  ackQuorum: number;
  timeoutMs: number;
  pollMax: number;
}

function int(options: Readonly<Record<string, unknown>>, name: string, dflt: number, min: number): number {
  const v = options[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new UsageError(`option ${name}: expected an integer ≥ ${min}, got ${quote(String(v))}`);
  return v;
}

/**
 * The BookKeeper options of a run. Pure.
 * @throws UsageError naming the option and its bad value
 */
export function bookkeeperOptions(options: Readonly<Record<string, unknown>>): BookkeeperOptions {
  const o: BookkeeperOptions = {
    ensemble: int(options, 'bkEnsemble', 3, 1),
    writeQuorum: int(options, 'bkWriteQuorum', 3, 1),
    ackQuorum: int(options, 'bkAckQuorum', 2, 1),
    timeoutMs: int(options, 'bkTimeoutMs', 4000, 1000),
    pollMax: int(options, 'bkPollMax', 1000, 1),
  };
  if (o.writeQuorum > o.ensemble || o.ackQuorum > o.writeQuorum) {
    throw new UsageError(`options bkEnsemble/bkWriteQuorum/bkAckQuorum: need ensemble ≥ write quorum ≥ ack quorum, got ${o.ensemble}/${o.writeQuorum}/${o.ackQuorum}`);
  }
  return o;
}

const count = (v: unknown, label: string): number => integerValue(v, label, 1, 1_000);

/** BookKeeper's options (config file keys) as `faultline test bookkeeper --help` lists them. */
export const BOOKKEEPER_OPTIONS: readonly OptionSpec[] = [
  { key: 'bkEnsemble', type: 'integer 1..1000', default: 3, help: 'bookies a ledger is striped over', parse: count },
  { key: 'bkWriteQuorum', type: 'integer 1..1000', default: 3, help: 'bookies each entry is written to (≤ ensemble)', parse: count },
  { key: 'bkAckQuorum', type: 'integer 1..1000', default: 2, help: 'acks an add waits for (≤ write quorum)', parse: count },
  { key: 'bkTimeoutMs', type: 'integer 1000..600000 (ms)', default: 4_000, help: 'per-request deadline inside the bridge', parse: (v, label) => integerValue(v, label, 1_000, 600_000) },
  { key: 'bkPollMax', type: 'integer 1..100000', default: 1_000, help: 'records per key per poll', parse: (v, label) => integerValue(v, label, 1, 100_000) },
];
