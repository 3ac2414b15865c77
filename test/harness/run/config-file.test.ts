/**
 * Config resolution with a config file: flags > file > defaults, system options from the file,
 * and one-line errors naming the file, the key and the value.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/errors.js';
import { resolveTestConfig, type ConfigFile, type RawTestFlags } from '../../../harness/run/config.js';
import { etcd } from '../../../systems/etcd/index.js';
import { herddb } from '../../../systems/herddb/index.js';
import { kafka } from '../../../systems/kafka/index.js';
import { WORKLOAD_NAMES } from '../../../workloads/index.js';

const env = { cwd: '/work', randomSeed: () => 1234 };
const file = (values: Record<string, unknown>): ConfigFile => ({ path: 'faultline.config.ts', values });

function error(flags: RawTestFlags, values: Record<string, unknown>, system = herddb): string {
  try {
    resolveTestConfig(system, flags, { ...env, file: file(values) });
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('resolveTestConfig with a config file', () => {
  it('takes test flags and system options from the file, and stores the file and every option default', () => {
    const c = resolveTestConfig(herddb, { workload: 'bank' }, { ...env, file: file({ timeLimit: 30, herddbIsolation: 'read-committed', nemesis: ['kill'] }) });
    expect(c).toMatchObject({ timeLimitS: 30, herddbIsolation: 'read-committed', nemesis: ['kill'], configFile: 'faultline.config.ts', herddbTimeoutMs: 4000, herddbRetries: 3 });
    expect(Object.isFrozen(c)).toBe(true);
    expect(resolveTestConfig(herddb, {}, env)).toMatchObject({ herddbIsolation: 'repeatable-read', timeLimitS: 60 });
  });

  it('lets flags win over the file', () => {
    const c = resolveTestConfig(kafka, { workload: 'queue', timeLimit: '10', kafkaWeak: true }, { ...env, file: file({ timeLimit: 30, kafkaWeak: false, rate: 7 }) });
    expect(c).toMatchObject({ timeLimitS: 10, kafkaWeak: true, rate: 7 });
  });

  it("checks, but does not apply, another system's options", () => {
    const c = resolveTestConfig(etcd, {}, { ...env, file: file({ herddbIsolation: 'read-committed', kafkaWeak: true }) });
    expect(c.herddbIsolation).toBeUndefined();
    expect(c.kafkaWeak).toBeUndefined();
    expect(error({}, { herddbIsolation: 'serializable' }, etcd)).toBe('faultline.config.ts: herddbIsolation: expected one of repeatable-read, read-committed, got "serializable"');
  });

  it.each<[Record<string, unknown>, string]>([
    [{ herddbIsolaton: 'read-committed' }, 'faultline.config.ts: herddbIsolaton: unknown key (value "read-committed"): not a test flag or an option of any system'],
    [{ herddbIsolation: 'serializable' }, 'faultline.config.ts: herddbIsolation: expected one of repeatable-read, read-committed, got "serializable"'],
    [{ herddbRetries: 1.5 }, 'faultline.config.ts: herddbRetries: expected an integer from 0 to 100, got 1.5'],
    [{ timeLimit: -5 }, 'faultline.config.ts: timeLimit: expected a positive number of seconds (at most 86400), got "-5"'],
    [{ timeLimit: true }, 'faultline.config.ts: timeLimit: expected a number, got true'],
    [{ leaveDbRunning: 'yes' }, 'faultline.config.ts: leaveDbRunning: expected true or false, got "yes"'],
    [{ workload: 'bogus' }, `faultline.config.ts: workload: unknown workload "bogus" (known: ${WORKLOAD_NAMES.join(', ')})`],
    [{ nemesis: 'kill,kill' }, 'faultline.config.ts: nemesis: "kill" is listed twice in "kill,kill"'],
  ])('%j → %s', (values, message) => {
    expect(error({}, values)).toBe(message);
  });

  it('names the file key when a file option conflicts, the flag when a flag does', () => {
    expect(error({ workload: 'queue' }, { bootstrap: 'h1:9092', kafkaWeak: true }, kafka)).toBe(
      "faultline.config.ts: kafkaWeak: configures faultline's own Kafka brokers; it cannot be combined with faultline.config.ts: bootstrap (an external cluster)",
    );
    expect(error({ workload: 'queue', kafkaWeak: true }, { bootstrap: 'h1:9092' }, kafka)).toBe(
      "--kafka-weak: configures faultline's own Kafka brokers; it cannot be combined with faultline.config.ts: bootstrap (an external cluster)",
    );
  });
});

describe('resolveTestConfig: campaigns in the file', () => {
  it('leaves `campaigns` to faultline campaign (not a test key) and names labelled keys by their label', () => {
    const c = resolveTestConfig(etcd, {}, { ...env, file: file({ rate: 7, campaigns: { nightly: { systems: ['etcd'] } } }) });
    expect(c.rate).toBe(7);
    const labelled: ConfigFile = { path: 'faultline.config.ts', values: { rate: -1 }, labels: { rate: 'campaigns.nightly.options.rate' } };
    expect(() => resolveTestConfig(etcd, {}, { ...env, file: labelled })).toThrow(/^faultline\.config\.ts: campaigns\.nightly\.options\.rate: expected a positive number/);
  });
});
