/** The union of generators: whichever has the soonest op goes next. Pure. */
import type { Context } from './context.js';
import { lift, type GenLike } from './lift.js';
import { askAll } from './soonest.js';
import { emit, pending, type GenEvent, type Generator, type Step } from './types.js';

class Any implements Generator {
  constructor(private readonly gens: readonly (Generator | null)[]) {}
  op(ctx: Context): Step {
    const asked = askAll(this.gens, ctx.time, () => ctx);
    if (asked.emit !== undefined) return emit(asked.emit.op, new Any(asked.next));
    if (!asked.alive) return null;
    return pending(new Any(asked.next), asked.wakeAt);
  }
  update(ctx: Context, event: GenEvent): Generator {
    let changed = false;
    const gens = this.gens.map((g) => {
      if (g === null) return null;
      const u = g.update(ctx, event);
      if (u !== g) changed = true;
      return u;
    });
    return changed ? new Any(gens) : this;
  }
}

/**
 * Runs the generators side by side: each time, every one is asked and the soonest op wins
 * (ties go to the earlier argument); the others' ops are discarded and asked again later. If
 * the soonest op is due later than now, `any` is pending until then (or until a pending
 * generator wakes, if sooner) and asks again. Pending when none has an op; exhausted when all
 * are. Every generator receives every update.
 *
 * @example any(clients(workload), nemesis(faults))
 */
export function any(...gens: readonly GenLike[]): Generator {
  return new Any(gens.map(lift));
}
