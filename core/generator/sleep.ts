/**
 * A pause: a generator that emits nothing for a while, then is exhausted. In a sequence it
 * delays what follows. Pure.
 */
import type { Context } from './context.js';
import { checkDuration } from './errors.js';
import { pending, type Generator, type Step } from './types.js';

class Sleep implements Generator {
  constructor(
    private readonly durationNs: number,
    private readonly until: number | undefined,
  ) {}
  op(ctx: Context): Step {
    const until = this.until ?? ctx.time + this.durationNs;
    if (ctx.time >= until) return null;
    return pending(this.until === undefined ? new Sleep(this.durationNs, until) : this, until);
  }
  update(): Generator {
    return this;
  }
}

/**
 * Pending for `durationNs` ns counted from the first time it is asked, then exhausted. In a
 * sequence it is asked right after the previous op was invoked (not completed); to wait for
 * completions first, put it in its own phase (`phases(a, sleep(d), b)`).
 *
 * @example seq(sleep(seconds(10)), { f: 'start-partition' })
 */
export function sleep(durationNs: number): Generator {
  checkDuration('sleep: duration', durationNs);
  return new Sleep(durationNs, undefined);
}
