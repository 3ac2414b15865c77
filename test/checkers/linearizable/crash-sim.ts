/**
 * Test helper: small single-register histories with a chosen number of crashed (`info`) ops,
 * for the differential test against brute force. Threads run ops on a real register; each op
 * takes effect at a random instant after its invocation — for a crashed op possibly after its
 * `info`, or never — and the crashed thread goes on under a new process id. Then, often, one
 * completed op's result is corrupted (a read returning another value, possibly one never
 * written; a cas flipped between ok and fail). Deterministic for a seed.
 */
import type { History, Op } from '../../../core/op.js';
import { prng } from '../../../bench/check-gen.js';

/** What to generate. */
export interface SmallCrashOptions {
  /** `register` (read / write) or `cas-register` (plus cas). */
  model: 'register' | 'cas-register';
  /** Ops in all (at most 10 for brute force). */
  ops: number;
  /** Of those, how many crash. */
  crashed: number;
  threads: number;
  /** Values written are 0 … values-1 (default 3). */
  values?: number;
  /** Probability of corrupting one completed op. */
  corruptRate: number;
  seed: number;
}

interface Pending {
  process: number;
  f: string;
  input: unknown;
  crash: boolean;
  applied: boolean;
  output: unknown;
  ok: boolean;
}

/** A small history as described in the module comment. Pure given the seed. */
export function smallCrashHistory(o: SmallCrashOptions): History {
  const rnd = prng(o.seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const crashAt = new Set<number>();
  while (crashAt.size < Math.min(o.crashed, o.ops)) crashAt.add(int(o.ops));
  const values = o.values ?? 3;
  let cell: number | null = null;
  const h: History = [];
  const emit = (process: number, type: Op['type'], f: string, value: unknown): void => {
    h.push({ index: h.length, time: h.length, process, type, f, value });
  };
  const running: (Pending | null)[] = new Array(o.threads).fill(null);
  const procs = Array.from({ length: o.threads }, (_, i) => i);
  let nextProc = o.threads;
  const lateCrashed: Pending[] = [];
  const apply = (p: Pending): void => {
    p.applied = true;
    if (p.f === 'read') p.output = cell;
    else if (p.f === 'write') cell = p.input as number;
    else {
      const [a, b] = p.input as [number | null, number];
      p.ok = cell === a;
      if (p.ok) cell = b;
    }
  };
  let started = 0;
  while (started < o.ops || running.some((p) => p !== null)) {
    const t = int(o.threads);
    const p = running[t];
    if (rnd() < 0.15 && lateCrashed.length > 0) apply(lateCrashed.splice(int(lateCrashed.length), 1)[0]);
    if (p === null) {
      if (started >= o.ops) continue;
      // a crashed read would be dropped: crashed ops change the register
      const crash = crashAt.has(started);
      const r = crash ? 0.4 + 0.6 * rnd() : rnd();
      const f = o.model === 'register' ? (r < 0.5 ? 'read' : 'write') : r < 0.4 ? 'read' : r < 0.7 ? 'write' : 'cas';
      const input = f === 'read' ? null : f === 'write' ? int(values) : [rnd() < 0.2 ? null : int(values), int(values)];
      running[t] = { process: procs[t], f, input, crash, applied: false, output: null, ok: true };
      started++;
      emit(procs[t], 'invoke', f, input);
    } else if (!p.applied && !(p.crash && rnd() < 0.4)) {
      apply(p);
    } else {
      if (p.crash) {
        emit(p.process, 'info', p.f, p.input);
        if (!p.applied && rnd() < 0.5) lateCrashed.push(p);
        procs[t] = nextProc++;
      } else {
        emit(p.process, p.ok ? 'ok' : 'fail', p.f, p.f === 'read' ? p.output : p.input);
      }
      running[t] = null;
    }
  }
  if (rnd() < o.corruptRate) corrupt(h, rnd);
  return h;
}

function corrupt(h: History, rnd: () => number): void {
  const done = h.map((op, i) => [op, i] as const).filter(([op]) => (op.type === 'ok' || op.type === 'fail') && op.f !== 'write');
  if (done.length === 0) return;
  const [op, i] = done[Math.floor(rnd() * done.length)];
  if (op.f === 'read') {
    const values = [null, 0, 1, 2, 3].filter((v) => v !== op.value);
    h[i] = { ...op, value: values[Math.floor(rnd() * values.length)] };
  } else {
    h[i] = { ...op, type: op.type === 'ok' ? 'fail' : 'ok' };
  }
}
