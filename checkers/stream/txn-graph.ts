/**
 * The dependency graph of a stream history's transactions (`txn` ops: sends and polls that
 * commit together), in the transactional checker's own graph form (checkers/txn/graph.ts), as
 * Jepsen's Kafka checker builds it: per key the offset order is the version order, so
 * - `ww`: T1 → T2 when T2's send is the next committed transactional send after T1's in a
 *   key's log (offset order; sends of plain `send` ops and of uncommitted transactions are
 *   skipped, which keeps the order: ww is transitive along the log);
 * - `wr`: T1 → T2 when the committed T2 polled a value T1 sent;
 * - `process` and `realtime` edges as the txn checker adds them.
 * A transaction is committed when `ok`, or `info` with a sent value some `ok` op read (a
 * transaction commits as a whole); `fail` ones never are. Pure.
 */
import type { History } from '../../core/op.js';
import type { DataExplainer, EdgeWhy } from '../txn/explain.js';
import { EdgeBuilder, type Graph } from '../txn/graph.js';
import { addProcessEdges, addRealtimeEdges } from '../txn/order-edges.js';
import { txnName } from '../txn/refs.js';
import { WR, WW } from '../txn/rels.js';
import { collectTxns, INFO, OK, type TxnTable } from '../txn/txns.js';
import type { KeyLog } from './log.js';

/** A transaction's send or polled record: key, value, offset (NaN when not known). */
interface Rec {
  key: string;
  value: number;
  offset: number;
}

/** The transactions of a stream history, their graph, and how to explain its data edges. */
export interface StreamTxnGraph {
  txns: TxnTable;
  /** ww, wr, process and realtime edges. */
  graph: Graph;
  /** The wr edges alone (for cycles that need no ww edge). */
  wrGraph: Graph;
  why: DataExplainer;
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

/** The sends and polled records of one transaction's micro-ops (malformed ones skipped). */
function parseTxn(mops: readonly (readonly unknown[])[], sends: Rec[], polls: Rec[]): void {
  for (const m of mops) {
    if (!Array.isArray(m)) continue;
    if (m[0] === 'send' && typeof m[1] === 'string') {
      const x = m[2];
      if (isInt(x)) sends.push({ key: m[1], value: x, offset: NaN });
      else if (Array.isArray(x) && isInt(x[0]) && isInt(x[1])) sends.push({ key: m[1], value: x[1], offset: x[0] });
    } else if (m[0] === 'poll' && m[1] !== null && typeof m[1] === 'object' && !Array.isArray(m[1])) {
      for (const [key, list] of Object.entries(m[1] as Record<string, unknown>)) {
        if (!Array.isArray(list)) continue;
        for (const r of list) if (Array.isArray(r) && isInt(r[0]) && isInt(r[1])) polls.push({ key, value: r[1], offset: r[0] });
      }
    }
  }
}

/** A key's committed transactional sends in offset order. */
interface KeyOrder {
  entries: { value: number; txn: number; offset: number }[];
  /** value → position in `entries`. */
  rank: Map<number, number>;
}

/**
 * Builds the graph of the `txn` ops of `history`, with `logs` (the stream checker's per-key
 * logs) giving each value's offset; `undefined` when there is no `txn` op. Pure.
 */
export function buildStreamTxnGraph(history: History, logs: ReadonlyMap<string, KeyLog>): StreamTxnGraph | undefined {
  const txns = collectTxns(history);
  if (txns.n === 0) return undefined;
  const sends: Rec[][] = [];
  const polls: Rec[][] = [];
  const committed = new Uint8Array(txns.n);
  for (let t = 0; t < txns.n; t++) {
    const s: Rec[] = [];
    const p: Rec[] = [];
    parseTxn(txns.mops[t] as readonly (readonly unknown[])[], s, p);
    sends.push(s);
    polls.push(p);
    const st = txns.status[t];
    committed[t] = st === OK || (st === INFO && s.some((r) => logs.get(r.key)?.values.get(r.value)?.okRead === true)) ? 1 : 0;
  }
  // Per key, the committed transactional sends in offset order (the log's offset of the value).
  const orders = new Map<string, KeyOrder>();
  for (let t = 0; t < txns.n; t++) {
    if (committed[t] === 0) continue;
    for (const r of sends[t]) {
      const info = logs.get(r.key)?.values.get(r.value);
      const offset = info === undefined ? r.offset : Number.isNaN(info.sendOffset) ? info.offset : info.sendOffset;
      if (Number.isNaN(offset)) continue;
      let o = orders.get(r.key);
      if (o === undefined) orders.set(r.key, (o = { entries: [], rank: new Map() }));
      if (!o.rank.has(r.value)) {
        o.rank.set(r.value, -1);
        o.entries.push({ value: r.value, txn: t, offset });
      }
    }
  }
  const edges = new EdgeBuilder(4 * txns.n);
  for (const o of orders.values()) {
    o.entries.sort((a, b) => a.offset - b.offset);
    o.entries.forEach((e, i) => {
      o.rank.set(e.value, i);
      if (i > 0) edges.add(o.entries[i - 1].txn, e.txn, WW);
    });
  }
  const senderOf = (key: string, value: number): number => {
    const o = orders.get(key);
    const i = o?.rank.get(value);
    return o === undefined || i === undefined ? -1 : o.entries[i].txn;
  };
  const wr = new EdgeBuilder(txns.n);
  for (let t = 0; t < txns.n; t++) {
    if (txns.status[t] !== OK) continue;
    for (const r of polls[t]) {
      edges.add(senderOf(r.key, r.value), t, WR);
      wr.add(senderOf(r.key, r.value), t, WR);
    }
  }
  addProcessEdges(txns, edges);
  addRealtimeEdges(txns, history.length, edges);
  return { txns, graph: edges.build(txns.n), wrGraph: wr.build(txns.n), why: explainer(txns, sends, polls, orders, senderOf) };
}

function explainer(txns: TxnTable, sends: Rec[][], polls: Rec[][], orders: Map<string, KeyOrder>, senderOf: (key: string, value: number) => number): DataExplainer {
  const at = (offset: number): string => (Number.isNaN(offset) ? '' : ` at offset ${offset}`);
  return (a: number, b: number, rel: number): EdgeWhy => {
    if (rel === WW) {
      for (const r of sends[a]) {
        const o = orders.get(r.key);
        const i = o?.rank.get(r.value);
        if (o === undefined || i === undefined || i < 0) continue;
        const next = o.entries[i + 1];
        if (next?.txn !== b) continue;
        return {
          key: r.key,
          value: next.value,
          text: `${txnName(txns, a)} sent ${r.value} to key ${r.key}${at(o.entries[i].offset)} and ${txnName(txns, b)} sent ${next.value}, the next transactional value in that key's log${at(next.offset)}`,
        };
      }
    } else if (rel === WR) {
      for (const r of polls[b]) {
        if (senderOf(r.key, r.value) !== a) continue;
        return { key: r.key, value: r.value, text: `${txnName(txns, a)} sent ${r.value} to key ${r.key} and ${txnName(txns, b)} polled it${at(r.offset)}` };
      }
    }
    return { text: `${txnName(txns, a)} came before ${txnName(txns, b)}` };
  };
}
