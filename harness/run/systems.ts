/**
 * Finding a system under test by name in the registry (`systems/index.ts`).
 */
import { UsageError, quote } from '../../core/errors.js';
import type { SystemDefinition } from '../../core/plugins.js';
import { SYSTEMS } from '../../systems/index.js';

export { SYSTEMS };

/**
 * The definition of system `name`.
 * @throws UsageError naming the known systems
 */
export function findSystem(name: string, systems: readonly SystemDefinition[] = SYSTEMS): SystemDefinition {
  const e = systems.find((s) => s.name === name);
  if (e === undefined) throw new UsageError(`unknown system ${quote(name)} (known: ${systems.map((s) => s.name).join(', ')})`);
  return e;
}
