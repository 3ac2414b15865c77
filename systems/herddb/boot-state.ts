/**
 * Whether a HerdDB node booted its tablespace replica, read from the server's log since it was
 * started: `Boot success tablespace herd on n1 …` or `Error Booting tablespace herd on n1 …`
 * (HerdDB retries a failed boot, logging it again each time). Listening on the server port
 * says nothing about this: a node whose tablespace files are corrupt listens and serves no
 * replica. Pure; unit-tested.
 */

/** What the log since a start says about the tablespace's boot on one node. */
export type BootState = { state: 'booted' } | { state: 'failed'; reason: string } | { state: 'pending' };

/**
 * The last word of `log` (the server's output since its start) on booting `tablespace` on
 * `node`: booted, failed (with the error line and the first exception line after it), or
 * pending when neither was logged yet. Pure.
 */
export function tablespaceBootState(log: string, tablespace: string, node: string): BootState {
  const lines = log.split('\n');
  const success = `Boot success tablespace ${tablespace} on ${node},`;
  const failure = `Error Booting tablespace ${tablespace} on ${node}`;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line.includes(success)) return { state: 'booted' };
    const at = line.indexOf(failure);
    if (at >= 0) {
      const cause = lines.slice(i + 1, i + 6).find((l) => /[\w.$]+(?:Exception|Error)\b/.test(l)); // not HerdDB's bare `SEVERE: Error`
      return { state: 'failed', reason: [line.slice(at).trim(), cause?.trim()].filter(Boolean).join(': ').slice(0, 300) };
    }
  }
  return { state: 'pending' };
}
