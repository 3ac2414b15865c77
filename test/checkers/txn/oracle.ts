/**
 * A brute-force serializability oracle for small list-append histories: tries serial orders of
 * the committed transactions plus any subset of the unknown (`info`) ones, depth first, placing
 * a transaction only when each of its reads equals the lists built so far (an `info`
 * transaction's reads are unknown and not checked). Memoised on (transactions placed, lists).
 */
import { prng } from '../../../bench/check-gen.js';
import type { History, Op } from '../../../core/op.js';

type Mop = [string, number, unknown];

/** True when some serial order explains every committed read. */
export function serializableByBruteForce(history: History): boolean {
  const done = history.filter((o) => o.type !== 'invoke' && o.type !== 'fail');
  const txns = done.map((o) => ({ ok: o.type === 'ok', mops: o.value as Mop[] }));
  const okMask = txns.reduce((m, t, i) => (t.ok ? m | (1 << i) : m), 0);
  const seen = new Set<string>();
  const lists = new Map<number, number[]>();
  const dfs = (mask: number): boolean => {
    if ((mask & okMask) === okMask) return true;
    const memo = `${mask}|${JSON.stringify([...lists].sort((a, b) => a[0] - b[0]))}`;
    if (seen.has(memo)) return false;
    seen.add(memo);
    for (let i = 0; i < txns.length; i++) {
      if (mask & (1 << i)) continue;
      const undo: [number, number][] = [];
      let fits = true;
      for (const [f, k, v] of txns[i].mops) {
        const l = lists.get(k) ?? [];
        if (f === 'append') {
          lists.set(k, [...l, v as number]);
          undo.push([k, l.length]);
        } else if (txns[i].ok && !same(l, (v ?? []) as number[])) {
          fits = false;
          break;
        }
      }
      if (fits && dfs(mask | (1 << i))) return true;
      for (let u = undo.length - 1; u >= 0; u--) {
        const [k, len] = undo[u];
        const l = lists.get(k) as number[];
        if (len === 0) lists.delete(k);
        else lists.set(k, l.slice(0, len));
      }
    }
    return false;
  };
  return dfs(0);
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * A random history of 2..8 transactions over 1..3 keys: run them in a random serial order,
 * then (half the time) spoil it: a read loses, gains, swaps or repeats an element, or a
 * transaction's outcome becomes fail or info.
 */
export function randomHistory(seed: number): History {
  const rnd = prng(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const n = 2 + pick(7);
  const keys = 1 + pick(3);
  const next = new Array<number>(keys).fill(0);
  const lists: number[][] = Array.from({ length: keys }, () => []);
  const txns: { mops: Mop[]; type: 'ok' | 'fail' | 'info' }[] = [];
  for (let t = 0; t < n; t++) {
    const mops: Mop[] = [];
    for (let m = 1 + pick(4); m > 0; m--) {
      const k = pick(keys);
      if (rnd() < 0.5) mops.push(['r', k, [...lists[k]]]);
      else {
        lists[k].push(++next[k]);
        mops.push(['append', k, next[k]]);
      }
    }
    txns.push({ mops, type: 'ok' });
  }
  if (rnd() < 0.5) {
    const t = txns[pick(n)];
    const reads = t.mops.filter((m) => m[0] === 'r');
    const what = pick(6);
    if (what === 0) t.type = 'fail';
    else if (what === 1) t.type = 'info';
    else if (reads.length > 0) {
      const r = reads[pick(reads.length)];
      const l = r[2] as number[];
      if (what === 2 && l.length > 0) l.pop();
      else if (what === 3 && l.length > 0) l.shift();
      else if (what === 4 && l.length > 1) [l[0], l[1]] = [l[1], l[0]];
      else l.push(1 + pick(next[r[1]] + 1));
    }
  }
  // Shuffle the completion order: real time says nothing here (checked for serializable).
  const order = txns.map((_, i) => i).sort(() => rnd() - 0.5);
  const h: Op[] = [];
  order.forEach((i, p) => h.push({ index: h.length, time: h.length, process: p, type: 'invoke', f: 'txn', value: txns[i].mops.map((m) => (m[0] === 'r' ? [m[0], m[1], null] : m)) }));
  order.forEach((i, p) => {
    const t = txns[i];
    h.push({ index: h.length, time: h.length, process: p, type: t.type, f: 'txn', value: t.type === 'ok' ? t.mops : t.mops.map((m) => (m[0] === 'r' ? [m[0], m[1], null] : m)) });
  });
  return h;
}

/** rw-register: true when some serial order explains every committed read (nil = never written). */
export function registerSerializableByBruteForce(history: History): boolean {
  const done = history.filter((o) => o.type !== 'invoke' && o.type !== 'fail');
  const txns = done.map((o) => ({ ok: o.type === 'ok', mops: o.value as Mop[] }));
  const okMask = txns.reduce((m, t, i) => (t.ok ? m | (1 << i) : m), 0);
  const seen = new Set<string>();
  const state = new Map<number, unknown>();
  const dfs = (mask: number): boolean => {
    if ((mask & okMask) === okMask) return true;
    const memo = `${mask}|${JSON.stringify([...state].sort((a, b) => a[0] - b[0]))}`;
    if (seen.has(memo)) return false;
    seen.add(memo);
    for (let i = 0; i < txns.length; i++) {
      if (mask & (1 << i)) continue;
      const before = new Map(state);
      let fits = true;
      for (const [f, k, v] of txns[i].mops) {
        if (f === 'w') state.set(k, v);
        else if (txns[i].ok && (state.get(k) ?? null) !== (v ?? null)) {
          fits = false;
          break;
        }
      }
      if (fits && dfs(mask | (1 << i))) return true;
      state.clear();
      for (const [k, v] of before) state.set(k, v);
    }
    return false;
  };
  return dfs(0);
}

/** A random rw-register history of 2..7 transactions, run serially, then maybe spoilt. */
export function randomRegisterHistory(seed: number): History {
  const rnd = prng(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const n = 2 + pick(6);
  const keys = 1 + pick(3);
  const next = new Array<number>(keys).fill(0);
  const state: (number | null)[] = new Array<number | null>(keys).fill(null);
  const txns: { mops: Mop[]; type: 'ok' | 'fail' | 'info' }[] = [];
  for (let t = 0; t < n; t++) {
    const mops: Mop[] = [];
    for (let m = 1 + pick(4); m > 0; m--) {
      const k = pick(keys);
      if (rnd() < 0.5) mops.push(['r', k, state[k]]);
      else mops.push(['w', k, (state[k] = ++next[k])]);
    }
    txns.push({ mops, type: 'ok' });
  }
  if (rnd() < 0.6) {
    const t = txns[pick(n)];
    const reads = t.mops.filter((m) => m[0] === 'r');
    const what = pick(4);
    if (what === 0) t.type = 'fail';
    else if (what === 1) t.type = 'info';
    else if (reads.length > 0) {
      const r = reads[pick(reads.length)];
      r[2] = what === 2 ? null : 1 + pick(next[r[1]] + 1);
    }
  }
  const order = txns.map((_, i) => i).sort(() => rnd() - 0.5);
  const h: Op[] = [];
  const inv = (mops: Mop[]): Mop[] => mops.map((m) => (m[0] === 'r' ? [m[0], m[1], null] : m));
  order.forEach((i, p) => h.push({ index: h.length, time: h.length, process: p, type: 'invoke', f: 'txn', value: inv(txns[i].mops) }));
  order.forEach((i, p) => h.push({ index: h.length, time: h.length, process: p, type: txns[i].type, f: 'txn', value: txns[i].type === 'ok' ? txns[i].mops : inv(txns[i].mops) }));
  return h;
}
