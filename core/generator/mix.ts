/**
 * Random choice among generators: each op comes from one of them, picked with the PRNG
 * (uniformly, or by weight). Pure apart from draws on `ctx.rng`.
 */
import type { Context } from './context.js';
import { GeneratorError } from './errors.js';
import { lift, type GenLike } from './lift.js';
import { mapStep, type GenEvent, type Generator, type Step } from './types.js';

class Mix implements Generator {
  constructor(
    private readonly gens: readonly Generator[],
    private readonly weights: readonly number[],
  ) {}

  op(ctx: Context): Step {
    let gens = this.gens;
    let weights = this.weights;
    while (gens.length > 0) {
      const i = choose(weights, ctx);
      const step = gens[i].op(ctx);
      if (step === null) {
        gens = gens.filter((_, j) => j !== i);
        weights = weights.filter((_, j) => j !== i);
        continue;
      }
      const kept = gens;
      const keptWeights = weights;
      return mapStep(step, (g) => new Mix(replaced(kept, i, g), keptWeights));
    }
    return null;
  }

  update(ctx: Context, event: GenEvent): Generator {
    let changed = false;
    const gens = this.gens.map((g) => {
      const u = g.update(ctx, event);
      if (u !== g) changed = true;
      return u;
    });
    return changed ? new Mix(gens, this.weights) : this;
  }
}

function choose(weights: readonly number[], ctx: Context): number {
  if (weights.length === 1) return 0;
  let total = 0;
  for (const w of weights) total += w;
  let x = ctx.rng.float() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}

function replaced(gens: readonly Generator[], i: number, g: Generator): Generator[] {
  const out = gens.slice();
  out[i] = g;
  return out;
}

/**
 * Each op comes from a generator chosen at random: uniformly, or with probability
 * proportional to `weights` (positive numbers, one per generator). Exhausted generators drop
 * out; the mix is exhausted when all are. If the chosen one is pending, the mix is pending.
 * Every generator receives every update. Pure apart from one draw per op.
 *
 * @example mix([{ f: 'read' }, (ctx) => ({ f: 'write', value: ctx.rng.int(5) })].map(repeat))
 */
export function mix(gens: readonly GenLike[], weights?: readonly number[]): Generator {
  const ws = weights ?? gens.map(() => 1);
  if (ws.length !== gens.length) throw new GeneratorError(`mix: ${gens.length} generators but ${ws.length} weights`);
  for (const w of ws) {
    if (!(Number.isFinite(w) && w > 0)) throw new GeneratorError(`mix: weights must be positive and finite, got ${String(w)}`);
  }
  return new Mix(gens.map(lift), ws);
}
