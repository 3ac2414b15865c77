/** Dividing the client threads among generators. Pure. */
import { ownsProcess, restrict, threadOfProcess, threadsOf, type Context, type Thread } from './context.js';
import { checkCount, GeneratorError } from './errors.js';
import { lift, type GenLike } from './lift.js';
import { askAll } from './soonest.js';
import { emit, pending, type GenEvent, type Generator, type Step } from './types.js';

class Reserve implements Generator {
  constructor(
    private readonly counts: readonly number[],
    /** One per group, then the rest's generator last. */
    private readonly gens: readonly (Generator | null)[],
  ) {}

  /** Thread → group index (the last index = the rest), client threads only. */
  private groups(ctx: Context): Map<Thread, number> {
    const clients = threadsOf(ctx).filter((t) => t !== 'nemesis');
    const wanted = this.counts.reduce((a, b) => a + b, 0);
    if (wanted > clients.length) {
      throw new GeneratorError(`reserve: asked for ${wanted} threads but the context has ${clients.length} client threads`);
    }
    const groupOf = new Map<Thread, number>();
    let g = 0;
    let left = this.counts[0] ?? 0;
    for (const t of clients) {
      while (g < this.counts.length && left === 0) left = this.counts[++g] ?? 0;
      groupOf.set(t, g);
      left--;
    }
    return groupOf;
  }

  op(ctx: Context): Step {
    const groupOf = this.groups(ctx);
    const asked = askAll(this.gens, ctx.time, (i) => {
      const sub = restrict(ctx, (t) => groupOf.get(t) === i, `reserve/${this.counts.join(',')}/${i}`);
      return sub.processes.size === 0 ? undefined : sub;
    });
    if (asked.emit !== undefined) return emit(asked.emit.op, new Reserve(this.counts, asked.next));
    if (!asked.alive) return null;
    return pending(new Reserve(this.counts, asked.next), asked.wakeAt);
  }

  update(ctx: Context, event: GenEvent): Generator {
    if (!ownsProcess(ctx, event.process)) return this;
    const groupOf = this.groups(ctx);
    const i = groupOf.get(threadOfProcess(ctx, event.process));
    const g = i === undefined ? null : this.gens[i];
    if (i === undefined || g === null) return this;
    const u = g.update(
      restrict(ctx, (t) => groupOf.get(t) === i, `reserve/${this.counts.join(',')}/${i}`),
      event,
    );
    if (u === g) return this;
    const gens = this.gens.slice();
    gens[i] = u;
    return new Reserve(this.counts, gens);
  }
}

/**
 * Gives the first `n₁` client threads (in order) to `g₁`, the next `n₂` to `g₂`, …, and the
 * remaining client threads to `rest`; runs them side by side like `any`. The nemesis thread is
 * never used. A group with no threads is exhausted. Throws a {@link GeneratorError} when the
 * counts add up to more client threads than the context has.
 *
 * @example reserve([[2, repeat({ f: 'write' })]], repeat({ f: 'read' })) // 2 writers, the rest read
 */
export function reserve(groups: readonly (readonly [count: number, gen: GenLike])[], rest: GenLike): Generator {
  for (const [n] of groups) checkCount('reserve: thread count', n);
  return new Reserve(
    groups.map(([n]) => n),
    [...groups.map(([, g]) => lift(g)), lift(rest)],
  );
}
