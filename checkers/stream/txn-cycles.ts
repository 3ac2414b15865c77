/**
 * G0 and G1c among a stream history's transactions: the graph of ./txn-graph.ts searched by
 * the transactional checker's own cycle search (checkers/txn/cycles.ts), each cycle explained
 * in words as that checker explains it, then counted into the stream checker's anomaly log
 * (classes `G0`, `G1c` and their `-process` / `-realtime` forms), and the same search over the
 * wr edges alone (class `G1c-wr`: a G1c that needs no ww edge). Pure.
 */
import type { History } from '../../core/op.js';
import { AnomalySink } from '../txn/anomalies.js';
import { CYCLE_SPECS } from '../txn/cycle-types.js';
import { DEFAULT_BUDGET, findCycles } from '../txn/cycles.js';
import type { CycleCase } from '../txn/explain.js';
import type { AnomalyLog } from './anomalies.js';
import type { KeyLog } from './log.js';
import type { StreamClass } from './options.js';
import { buildStreamTxnGraph } from './txn-graph.js';

/** The cycle classes of the stream checker: the txn checker's names, and `G1c-wr`. */
export const STREAM_CYCLE_CLASSES = ['G1c-wr', 'G0', 'G1c', 'G0-process', 'G1c-process', 'G0-realtime', 'G1c-realtime'] as const;

const SPECS = CYCLE_SPECS.filter((s) => s.base === 'G0' || s.base === 'G1c');
const WR_ONLY = CYCLE_SPECS.filter((s) => s.name === 'G1c');

/** What the cycle search looked at. */
export interface StreamTxnStats {
  /** `txn` ops (transactions), and edges of their graph. */
  txns: number;
  edges: number;
  /** Cycle classes whose search ran out of budget (the class may be there, unseen). */
  incomplete: StreamClass[];
}

/**
 * Finds the G0 / G1c cycles (and -process / -realtime forms) of the `txn` ops of `history` and
 * adds them to `anomalies`, each with its transactions (`ops`: their op indexes), the keys and
 * values of its steps, and the step-by-step explanation as its note.
 */
export function checkTxnCycles(history: History, logs: ReadonlyMap<string, KeyLog>, anomalies: AnomalyLog, maxExamples: number): StreamTxnStats {
  const g = buildStreamTxnGraph(history, logs);
  if (g === undefined) return { txns: 0, edges: 0, incomplete: [] };
  const sink = new AnomalySink<CycleCase>(maxExamples);
  const stats = findCycles(g.txns, g.graph, g.why, sink, DEFAULT_BUDGET, SPECS);
  // The same search over the wr edges alone: a G1c that needs no ww edge is `G1c-wr`.
  const wrSink = new AnomalySink<CycleCase>(maxExamples);
  const wrStats = findCycles(g.txns, g.wrGraph, g.why, wrSink, DEFAULT_BUDGET, WR_ONLY);
  copyCases(wrSink, 'G1c-wr', anomalies);
  for (const type of sink.counts.keys()) copyCases(sink, type as StreamClass, anomalies);
  const incomplete = [...wrStats.incomplete.map(() => 'G1c-wr' as StreamClass), ...stats.incomplete.map((i) => i.type as StreamClass)];
  return { txns: g.txns.n, edges: g.graph.to.length, incomplete: [...new Set(incomplete)] };
}

/** Counts every cycle of `sink` into `anomalies` as class `as` (the sink's only type for `G1c-wr`). */
function copyCases(sink: AnomalySink<CycleCase>, as: StreamClass, anomalies: AnomalyLog): void {
  for (const [type, n] of sink.counts) {
    if (as !== 'G1c-wr' && type !== as) continue;
    const cases = sink.cases.get(type) ?? [];
    for (let i = 0; i < n; i++) {
      anomalies.add(as, () => {
        const c = cases[i];
        const step = c?.steps.find((s) => typeof s.key === 'string');
        return {
          key: typeof step?.key === 'string' ? step.key : '',
          offsets: [],
          values: (c?.steps ?? []).map((s) => s.value).filter((v): v is number => typeof v === 'number'),
          ops: (c?.txns ?? []).map((t) => t.index),
          note: c?.explanation ?? `${type} cycle`,
        };
      });
    }
  }
}
