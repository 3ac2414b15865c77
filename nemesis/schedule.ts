/**
 * The schedule most fault packages share: wait an interval, fault, wait an interval, heal,
 * again; after the main phase, heal once more. And the target kinds a fault picks from by
 * default. Pure.
 */
import { cycle, first, sleep, type GenLike, type Generator } from '../core/generator/index.js';
import type { TargetKind } from './targets.js';

/**
 * The target kinds a fault picks from when not told: one, minority, majority, all, and
 * primaries when the system can say who leads.
 */
export function defaultTargetKinds(withPrimaries: boolean): readonly TargetKind[] {
  return ['one', 'minority', 'majority', 'all', ...(withPrimaries ? (['primaries'] as const) : [])];
}

/**
 * `fault` and its healing op `healF` every `intervalNs` ns: wait, fault, wait, heal, forever
 * (bounded by the campaign's time limit); the final generator heals once.
 */
export function faultCycle(intervalNs: number, fault: GenLike, healF: string): { generator: Generator; finalGenerator: Generator } {
  return {
    generator: cycle([sleep(intervalNs), fault, sleep(intervalNs), { f: healF }]),
    finalGenerator: first({ f: healF }),
  };
}
