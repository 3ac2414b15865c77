/**
 * The "hot key with crashes" histories of the linearizability bench and its tests: one
 * compare-and-set register, `threads` client threads issuing reads, writes and cas over small
 * values; each op takes effect on a real atomic register at one random instant between its
 * invocation and its completion; a share of ops crash (an `info` completion, after taking
 * effect or without, half each), and the thread goes on under a fresh process id, as Jepsen's
 * do — so every crashed op stays concurrent with everything after it. Deterministic for a
 * seed; linearizable (`cas-register`, a failed cas being an observation) by construction.
 */
import type { History, Op } from '../core/op.js';
import { prng } from './check-gen.js';

/** Shape of a generated history. */
export interface CrashedHistoryOptions {
  /** Ops to invoke. */
  readonly ops: number;
  /** Concurrent client threads. Default 20. */
  readonly threads?: number;
  /** Share of ops that crash (`info`). Default 0.05. */
  readonly crashRate?: number;
  /** Values are 0 … values-1. Default 5. */
  readonly values?: number;
  /** Share of reads / writes (the rest are cas). Default 0.5 / 0.3. */
  readonly reads?: number;
  readonly writes?: number;
  /** PRNG seed. Default 1. */
  readonly seed?: number;
}

interface Thread {
  process: number;
  /** 0 idle, 1 invoked, 2 applied. */
  phase: 0 | 1 | 2;
  f: 'read' | 'write' | 'cas';
  input: unknown;
  output: unknown;
  ok: boolean;
  /** 0 no, 1 crashes before taking effect, 2 after. */
  crash: 0 | 1 | 2;
}

/**
 * A linearizable single-register `cas-register` history (no keys) with crashed ops, as
 * described in the module comment. Each step picks a random thread and moves it on: invoke,
 * apply (the op's instant), complete. Pure given the seed.
 */
export function generateCrashedHistory(options: CrashedHistoryOptions): History {
  const threads = options.threads ?? 20;
  const crashRate = options.crashRate ?? 0.05;
  const values = options.values ?? 5;
  const reads = options.reads ?? 0.5;
  const writes = options.writes ?? 0.3;
  const rnd = prng(options.seed ?? 1);
  const pick = (): number => Math.floor(rnd() * values);
  let cell: number | null = null;
  const history: History = [];
  const ts: Thread[] = [];
  for (let p = 0; p < threads; p++) ts.push({ process: p, phase: 0, f: 'read', input: null, output: null, ok: true, crash: 0 });
  let nextProcess = threads;
  let invoked = 0;
  let busy = 0;
  const emit = (t: Thread, type: Op['type'], value: unknown): void => {
    history.push({ index: history.length, time: history.length, process: t.process, type, f: t.f, value });
  };
  const crash = (t: Thread): void => {
    emit(t, 'info', t.input);
    t.process = nextProcess++;
    t.phase = 0;
    busy--;
  };
  while (invoked < options.ops || busy > 0) {
    const t = ts[Math.floor(rnd() * threads)];
    if (t.phase === 0) {
      if (invoked >= options.ops) continue;
      invoked++;
      busy++;
      const r = rnd();
      t.f = r < reads ? 'read' : r < reads + writes ? 'write' : 'cas';
      t.input = t.f === 'read' ? null : t.f === 'write' ? pick() : [pick(), pick()];
      t.crash = rnd() < crashRate ? (rnd() < 0.5 ? 1 : 2) : 0;
      t.phase = 1;
      emit(t, 'invoke', t.input);
    } else if (t.phase === 1) {
      if (t.crash === 1) {
        crash(t);
        continue;
      }
      if (t.f === 'read') {
        t.output = cell;
        t.ok = true;
      } else if (t.f === 'write') {
        cell = t.input as number;
        t.output = t.input;
        t.ok = true;
      } else {
        const [expected, next] = t.input as [number, number];
        t.ok = cell === expected;
        if (t.ok) cell = next;
        t.output = t.input;
      }
      t.phase = 2;
    } else if (t.crash === 2) {
      crash(t);
    } else {
      emit(t, t.ok ? 'ok' : 'fail', t.output);
      t.phase = 0;
      busy--;
    }
  }
  return history;
}

/** A history with one completed read changed, and which. */
export interface AlteredHistory {
  readonly history: History;
  /** History index of the altered read's completion (its invocation comes earlier). */
  readonly index: number;
  /** The value it now returns. */
  readonly value: unknown;
}

/**
 * A copy of `history` in which the first `ok` read at or after the middle returns `value`
 * instead (default 99: a value the generator never writes). Throws when there is no such read.
 * Pure.
 */
export function alterOneRead(history: History, value: unknown = 99): AlteredHistory {
  for (let i = history.length >> 1; i < history.length; i++) {
    const op = history[i];
    if (op.type === 'ok' && op.f === 'read') {
      const out = history.slice();
      out[i] = { ...op, value };
      return { history: out, index: i, value };
    }
  }
  throw new Error('no completed read in the second half of the history');
}

function ednValue(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return `[${v.map(ednValue).join(' ')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/** The history as Jepsen EDN, one op map per line (register values: numbers, nil, vectors). Pure. */
export function toEdn(history: History): string {
  const lines = history.map(
    (op) => `{:index ${op.index}, :time ${op.time}, :process ${typeof op.process === 'number' ? op.process : ':nemesis'}, :type :${op.type}, :f :${op.f}, :value ${ednValue(op.value)}}`,
  );
  return `${lines.join('\n')}\n`;
}
