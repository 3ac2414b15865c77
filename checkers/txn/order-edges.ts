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
  let frontier: number[] = [];
  let t = 0;
  for (let pos = 0; pos < length; pos++) {
    while (t < txns.n && txns.invokeAt[t] === pos) {
      if (txns.status[t] !== FAIL) for (const f of frontier) edges.add(f, t, REALTIME);
      t++;
    }
    const c = completing[pos];
    if (c < 0) continue;
    const since = txns.invokeAt[c];
    const kept: number[] = [];
    for (const f of frontier) if (txns.completeAt[f] > since) kept.push(f);
    kept.push(c);
    frontier = kept;
  }
}
