/**
 * Process and real-time edges. Process: each transaction to the next one its process invoked.
 * Real time: A → B when A completed before B was invoked, kept transitively reduced by a sweep
 * that only links B to the "frontier" (completed transactions no later-completed one follows).
 */
import type { EdgeBuilder } from './graph.js';
import { PROCESS, REALTIME } from './rels.js';
import { FAIL, OK, type TxnTable } from './txns.js';

/** Adds a process edge between successive transactions of each process (failed ones skipped). */
export function addProcessEdges(txns: TxnTable, edges: EdgeBuilder): void {
  const last = new Map<number, number>();
  for (let t = 0; t < txns.n; t++) {
    if (txns.status[t] === FAIL || txns.process[t] < 0) continue;
    const p = txns.process[t];
    const prev = last.get(p);
    if (prev !== undefined) edges.add(prev, t, PROCESS);
    last.set(p, t);
  }
}

/**
 * Adds real-time edges: from every `ok` transaction to the transactions (`ok` or `info`)
 * invoked after it completed, transitively reduced.
 * @param length the history's length (positions are indices into it)
 */
export function addRealtimeEdges(txns: TxnTable, length: number, edges: EdgeBuilder): void {
  const completing = new Int32Array(length).fill(-1);
  for (let t = 0; t < txns.n; t++) if (txns.status[t] === OK && txns.completeAt[t] >= 0) completing[txns.completeAt[t]] = t;
  // The frontier, in one of two buffers; each completion filters it into the other.
  let frontier = new Int32Array(64);
  let spare = new Int32Array(64);
  let size = 0;
  let t = 0;
  for (let pos = 0; pos < length; pos++) {
    while (t < txns.n && txns.invokeAt[t] === pos) {
      if (txns.status[t] !== FAIL) for (let i = 0; i < size; i++) edges.add(frontier[i], t, REALTIME);
      t++;
    }
    const c = completing[pos];
    if (c < 0) continue;
    const since = txns.invokeAt[c];
    if (spare.length < size + 1) spare = new Int32Array(2 * (size + 1));
    let kept = 0;
    for (let i = 0; i < size; i++) if (txns.completeAt[frontier[i]] > since) spare[kept++] = frontier[i];
    spare[kept++] = c;
    [frontier, spare] = [spare, frontier];
    size = kept;
  }
}
