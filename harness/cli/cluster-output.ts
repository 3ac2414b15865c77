/**
 * How `exec` shows each node's result: every output line prefixed with the node's name
 * (stdout to stdout, stderr to stderr), in node order, plus a line for each failure. Pure.
 */

/** One node's outcome of `exec`. */
export interface NodeOutcome {
  node: string;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** Set when the node could not run the command (connection, timeout, ...). */
  error?: string;
}

/** Prefixes each line of `text` with `node: `; no output for empty text. Pure. */
export function prefixLines(node: string, text: string): string {
  if (text === '') return '';
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines.map((l) => `${node}: ${l}\n`).join('');
}

/** The stdout and stderr text for `outcomes`, grouped by node in the given order. Pure. */
export function formatOutcomes(outcomes: NodeOutcome[]): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  for (const o of outcomes) {
    stdout += prefixLines(o.node, o.stdout);
    stderr += prefixLines(o.node, o.stderr);
    if (o.error) stderr += `${o.node}: failed: ${o.error}\n`;
    else if (o.exitCode !== 0) stderr += `${o.node}: exited ${o.exitCode}\n`;
  }
  return { stdout, stderr };
}

/** True when every node ran the command and it exited 0. Pure. */
export function allSucceeded(outcomes: NodeOutcome[]): boolean {
  return outcomes.every((o) => !o.error && o.exitCode === 0);
}
