/**
 * The `faultline test` flags that recreate a stored run's options (nodes, rate, concurrency,
 * op timeout, nemesis interval and the system's options that have a flag), for the replay
 * command `faultline shrink` prints next to the schedule. Pure.
 */
import type { SystemDefinition } from '../../core/plugins.js';
import { flagName } from '../../core/options/spec.js';
import { SYSTEMS } from '../run/systems.js';

/** True when two option values are the same (lists compared by their items). */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The flags of `system`'s options whose stored value differs from the default. Pure. */
function systemFlags(options: Readonly<Record<string, unknown>>, system: SystemDefinition | undefined): string[] {
  const out: string[] = [];
  for (const o of system?.options ?? []) {
    const value = options[o.key];
    if (o.flag === undefined || value === undefined || same(value, o.default)) continue;
    const name = flagName(o.flag);
    if (!/[<[]/.test(o.flag)) {
      if (same(o.fromFlag?.(true, name), value)) out.push(name); // a bare flag that sets this value
    } else out.push(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  return out;
}

/** Flags for `options` (a run's test.json options); defaults are left out. */
export function replayFlags(options: Readonly<Record<string, unknown>>, systems: readonly SystemDefinition[] = SYSTEMS): string[] {
  const out: string[] = [];
  const nodes = options.nodes;
  if (Array.isArray(nodes) && nodes.length !== 3) out.push('--nodes', String(nodes.length));
  if (typeof options.concurrencySpec === 'string' && options.concurrencySpec !== '2n') out.push('--concurrency', options.concurrencySpec);
  if (typeof options.rate === 'number' && options.rate !== 100) out.push('--rate', String(options.rate));
  if (typeof options.opTimeoutMs === 'number' && options.opTimeoutMs !== 5000) out.push('--op-timeout', String(options.opTimeoutMs / 1000));
  if (typeof options.nemesisIntervalS === 'number' && options.nemesisIntervalS !== 10) out.push('--nemesis-interval', String(options.nemesisIntervalS));
  return [...out, ...systemFlags(options, systems.find((s) => s.name === options.system))];
}
