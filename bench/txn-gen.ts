/**
 * Generated list-append histories (the shape of Jepsen's append test: `processes` clients,
 * transactions of 1..maxMops reads and appends over a few active keys, a key retiring after
 * `writesPerKey` appends) run against a simulated store: `serializable` (each transaction takes
 * effect at one instant between invocation and completion: strict serializable),
 * `snapshot-isolation` (reads from the snapshot at invocation, first committer wins on the keys
 * written, so write skew is possible) or `read-committed` (one micro-op per step, reads see the
 * latest committed state, appends applied at commit, no conflict checks). Anomalies can be
 * injected on purpose. Deterministic for a seed. Used by bench/check.ts and the txn tests.
 */
import type { History, Op } from '../core/op.js';
import { prng } from './check-gen.js';

/** The simulated store's isolation. */
export type StoreMode = 'serializable' | 'snapshot-isolation' | 'read-committed';

/** Options of {@link generateAppendHistory}. */
export interface AppendGenOptions {
  txns: number;
  mode?: StoreMode;
  processes?: number;
  activeKeys?: number;
  writesPerKey?: number;
  maxMops?: number;
  seed?: number;
  /** Chance that a transaction crashes (`info`, took effect or not). Default 0.001. */
  crashRate?: number;
  /** Injected on purpose, this many of each (at random transactions). */
  inject?: { abortedReads?: number; intermediateReads?: number; lostAppends?: number; staleReads?: number };
}

/** What was injected, by transaction op index and key. */
export interface Injected {
  kind: 'aborted-read' | 'intermediate-read' | 'lost-append' | 'stale-read';
  key: number;
  value?: number;
}

interface Proc {
  id: number;
  busy: boolean;
  mops: [string, number, unknown][];
  snapshot: number;
  next: number;
  buffer: [number, number][];
}

/** A list-append history; `injected` lists the anomalies put in on purpose. Pure given the seed. */
export function generateAppendHistory(o: AppendGenOptions): { history: History; injected: Injected[] } {
  const rnd = prng(o.seed ?? 1);
  const mode = o.mode ?? 'serializable';
  const nproc = o.processes ?? 10;
  const perKey = o.writesPerKey ?? 32;
  const maxMops = o.maxMops ?? 4;
  const crashRate = o.crashRate ?? 0.001;
  const lists: number[][] = [];
  const commits: number[][] = []; // per key: [commitNo, length, commitNo, length, …]
  const reserved: number[] = [];
  const active: number[] = [];
  const newKey = (): number => {
    lists.push([]);
    commits.push([]);
    reserved.push(0);
    return lists.length - 1;
  };
  for (let i = 0; i < (o.activeKeys ?? 10); i++) active.push(newKey());
  const inject = new Map<number, Injected['kind']>();
  const kinds: [Injected['kind'], number][] = [
    ['aborted-read', o.inject?.abortedReads ?? 0],
    ['intermediate-read', o.inject?.intermediateReads ?? 0],
    ['lost-append', o.inject?.lostAppends ?? 0],
    ['stale-read', o.inject?.staleReads ?? 0],
  ];
  for (const [kind, n] of kinds) for (let i = 0; i < n; i++) inject.set(Math.floor(rnd() * o.txns), kind);
  const injected: Injected[] = [];
  const pendingLoss = new Set<number>();
  const pendingTruncate = new Map<number, number>();
  let commitNo = 0;
  const history: History = [];
  // Plain literals in one key order, as the history readers make them (spread copies are slow to read).
  const push = (e: Omit<Op, 'index' | 'time'>): void =>
    void history.push({ index: history.length, time: history.length * 1000, process: e.process, type: e.type, f: e.f, value: e.value });
  const procs: Proc[] = [];
  for (let i = 0; i < nproc; i++) procs.push({ id: i, busy: false, mops: [], snapshot: 0, next: 0, buffer: [] });
  let started = 0;
  let txnNo = 0;
  const ownAppends = (p: Proc, k: number): number[] => p.buffer.filter((b) => b[0] === k).map((b) => b[1]);
  const append = (k: number, v: number): void => {
    if (pendingLoss.has(k) && lists[k].length > 0) {
      pendingLoss.delete(k);
      const lost = lists[k].pop() as number;
      injected.push({ kind: 'lost-append', key: k, value: lost });
    }
    lists[k].push(v);
  };
  const readList = (k: number, upTo: number): number[] => {
    const cut = pendingTruncate.get(k);
    if (cut !== undefined && cut < upTo) {
      pendingTruncate.delete(k);
      return lists[k].slice(0, cut);
    }
    return lists[k].slice(0, upTo);
  };
  let busy = 0;
  while (started < o.txns || busy > 0) {
    const p = procs[Math.floor(rnd() * nproc)];
    if (!p.busy) {
      if (started >= o.txns) continue;
      started++;
      const n = 1 + Math.floor(rnd() * maxMops);
      p.mops = [];
      for (let i = 0; i < n; i++) {
        const slot = Math.floor(rnd() * active.length);
        const k = active[slot];
        if (rnd() < 0.5) p.mops.push(['r', k, null]);
        else {
          p.mops.push(['append', k, ++reserved[k]]);
          if (reserved[k] >= perKey) active[slot] = newKey();
        }
      }
      p.busy = true;
      busy++;
      p.snapshot = commitNo;
      p.next = 0;
      p.buffer = [];
      push({ process: p.id, type: 'invoke', f: 'txn', value: p.mops.map((m) => [...m]) });
      continue;
    }
    if (mode === 'read-committed' && p.next < p.mops.length) {
      const m = p.mops[p.next++];
      if (m[0] === 'r') m[2] = [...readList(m[1], lists[m[1]].length), ...ownAppends(p, m[1])];
      else p.buffer.push([m[1], m[2] as number]);
      if (p.next < p.mops.length) continue;
    }
    const kind = inject.get(txnNo);
    txnNo++;
    complete(p, kind);
  }
  return { history, injected };

  function complete(p: Proc, kind: Injected['kind'] | undefined): void {
    const crash = rnd() < crashRate;
    let type: 'ok' | 'fail' | 'info' = 'ok';
    if (mode === 'serializable') {
      for (const m of p.mops) {
        if (m[0] === 'r') m[2] = readList(m[1], lists[m[1]].length);
        else p.buffer.push([m[1], m[2] as number]), append(m[1], m[2] as number);
      }
    } else if (mode === 'snapshot-isolation') {
      for (const m of p.mops) {
        if (m[0] === 'r') m[2] = [...readList(m[1], lengthAt(m[1], p.snapshot)), ...ownAppends(p, m[1])];
        else p.buffer.push([m[1], m[2] as number]);
      }
      if (p.buffer.some(([k]) => lastCommit(k) > p.snapshot)) type = 'fail';
      else applyBuffer(p);
    } else applyBuffer(p);
    if (kind === 'stale-read') {
      const r = p.mops.find((m) => m[0] === 'r' && (m[2] as number[]).length > 0 && !p.buffer.some(([k]) => k === m[1]));
      if (r) {
        (r[2] as number[]).pop();
        injected.push({ kind, key: r[1] });
      }
    } else if (kind === 'aborted-read' && type === 'ok' && p.buffer.length > 0) {
      type = 'fail'; // its appends stay applied: an aborted transaction whose writes are visible
      injected.push({ kind, key: p.buffer[0][0], value: p.buffer[0][1] });
    } else if (kind === 'lost-append' && type === 'ok' && p.buffer.length > 0) {
      pendingLoss.add(p.buffer[p.buffer.length - 1][0]);
    } else if (kind === 'intermediate-read' && type === 'ok') {
      const [k, v] = p.buffer[0] ?? [];
      if (k !== undefined && ownAppends(p, k).length > 1) {
        pendingTruncate.set(k, lists[k].indexOf(v as number) + 1);
        injected.push({ kind, key: k, value: v });
      }
    }
    if (type !== 'ok') for (const m of p.mops) if (m[0] === 'r') m[2] = null;
    if (crash && type === 'ok') {
      push({ process: p.id, type: 'info', f: 'txn', value: p.mops.map((m) => (m[0] === 'r' ? [m[0], m[1], null] : [...m])) });
      p.id += nproc;
    } else push({ process: p.id, type, f: 'txn', value: p.mops });
    p.busy = false;
    busy--;
  }

  function applyBuffer(p: Proc): void {
    commitNo++;
    for (const [k, v] of p.buffer) append(k, v);
    for (const k of new Set(p.buffer.map(([key]) => key))) commits[k].push(commitNo, lists[k].length);
  }

  function lengthAt(k: number, snapshot: number): number {
    const c = commits[k];
    let len = 0;
    for (let i = 0; i < c.length && c[i] <= snapshot; i += 2) len = c[i + 1];
    return len;
  }

  function lastCommit(k: number): number {
    const c = commits[k];
    return c.length === 0 ? 0 : c[c.length - 2];
  }
}
