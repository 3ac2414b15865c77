/**
 * Doing one thing on several nodes at once and keeping score: a fault or heal is attempted on
 * every node even when some fail, and the result says which did and which did not.
 */

/** Which nodes an action succeeded on, and why it failed on the others. */
export interface NodesOutcome {
  /** Nodes it succeeded on, in the order given. */
  ok: string[];
  /** Nodes it failed on, with the error message. */
  failed: Array<{ node: string; error: string }>;
}

/** Runs `action` on every node concurrently and waits for all. Never rejects. */
export async function onNodes(nodes: readonly string[], action: (node: string) => Promise<unknown>): Promise<NodesOutcome> {
  const results = await Promise.allSettled(nodes.map((n) => action(n)));
  const out: NodesOutcome = { ok: [], failed: [] };
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') out.ok.push(nodes[i]);
    else out.failed.push({ node: nodes[i], error: r.reason instanceof Error ? r.reason.message : String(r.reason) });
  });
  return out;
}

/** `n1: why; n2: why`, or undefined when nothing failed. Pure. */
export function failureText(o: NodesOutcome): string | undefined {
  return o.failed.length === 0 ? undefined : o.failed.map((f) => `${f.node}: ${f.error}`).join('; ');
}

/** Throws an Error (`<what> failed on n1: why; ...`) when something failed. */
export function throwIfFailed(o: NodesOutcome, what: string): void {
  const text = failureText(o);
  if (text !== undefined) throw new Error(`${what} failed on ${text}`);
}

/** `{ value }`, plus `error` when some node failed: what a nemesis `invoke` returns. Pure. */
export function withErrors<T>(value: T, ...outcomes: NodesOutcome[]): { value: T; error?: string } {
  const texts = outcomes.map(failureText).filter((t): t is string => t !== undefined);
  return texts.length === 0 ? { value } : { value, error: texts.join('; ') };
}
