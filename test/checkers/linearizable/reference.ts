/**
 * Test helper: plain sequential objects, written independently of the checker's models, used
 * to produce histories ("what a correct system would answer").
 */

/** What a sequential object answers: `ok` with an output, or `fail` (nothing happened / CAS mismatch). */
export interface Answer {
  type: 'ok' | 'fail';
  output: unknown;
}

/** A sequential object over keys; `apply` mutates it. */
export interface Reference {
  apply(f: string, key: string | undefined, input: unknown): Answer;
}

/** Model names the generators know. */
export type RefName = 'register' | 'cas-register' | 'cas-register-noop' | 'kv' | 'mutex' | 'fifo-queue' | 'set';

/** A fresh sequential object for `name`. */
export function makeReference(name: RefName): Reference {
  const cells = new Map<string, unknown>();
  const queue: unknown[] = [];
  const set = new Set<number>();
  let held = false;
  return {
    apply(f, key, input) {
      const k = key ?? '';
      switch (f) {
        case 'read':
          if (name === 'set') return { type: 'ok', output: [...set].sort((a, b) => a - b) };
          return { type: 'ok', output: cells.get(k) ?? null };
        case 'write':
          cells.set(k, input);
          return { type: 'ok', output: input };
        case 'cas': {
          const [expected, next] = input as [unknown, unknown];
          if ((cells.get(k) ?? null) !== expected) return { type: 'fail', output: input };
          cells.set(k, next);
          return { type: 'ok', output: input };
        }
        case 'get':
          return { type: 'ok', output: (cells.get(k) as string | undefined) ?? '' };
        case 'put':
          cells.set(k, input);
          return { type: 'ok', output: input };
        case 'append':
          cells.set(k, ((cells.get(k) as string | undefined) ?? '') + String(input));
          return { type: 'ok', output: input };
        case 'acquire':
          if (held) return { type: 'fail', output: null };
          held = true;
          return { type: 'ok', output: null };
        case 'release':
          if (!held) return { type: 'fail', output: null };
          held = false;
          return { type: 'ok', output: null };
        case 'enqueue':
          queue.push(input);
          return { type: 'ok', output: input };
        case 'dequeue':
          return { type: 'ok', output: queue.length === 0 ? null : queue.shift() };
        case 'add':
          set.add(input as number);
          return { type: 'ok', output: input };
        default:
          throw new Error(`reference ${name}: unknown f ${f}`);
      }
    },
  };
}
