/**
 * A generator of `add` ops with unique values 0, 1, 2, … (the set workload's main phase). Pure:
 * the next value is part of the generator's state, so a discarded op's value is reused.
 */
import { fillIn, pending, type Context, type Generator, type Step } from '../core/generator/index.js';

class UniqueAdds implements Generator {
  constructor(private readonly next: number) {}
  op(ctx: Context): Step {
    const op = fillIn({ f: 'add', value: this.next }, ctx);
    return op === undefined ? pending(this) : { op, gen: new UniqueAdds(this.next + 1) };
  }
  update(): Generator {
    return this;
  }
}

/**
 * Endless `add` ops, each with a value never used before in this run (0, 1, 2, …), on any
 * free client thread. Bound it with `limit` or `timeLimit`. Pure.
 */
export function uniqueAdds(first = 0): Generator {
  return new UniqueAdds(first);
}
