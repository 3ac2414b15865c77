/**
 * Benchmark helper: large linearizable histories made by running a real sequential register
 * per key under random concurrency: `processes` clients issue read / write / cas on random
 * keys; each op takes effect at one random instant between its invocation and completion; a
 * few clients crash (an `info` completion after the op took effect or not) and come back under
 * a fresh process id. Deterministic for a seed.
 */
import type { History, Op } from '../core/op.js';

/** A small fast seeded PRNG (mulberry32); returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Client {
  process: number;
  phase: 'idle' | 'invoked' | 'applied';
  f: string;
  key: number;
  input: unknown;
  output: unknown;
  ok: boolean;
  crash: boolean;
}

/**
 * A valid `cas-register` history of `ops` operations (each an invocation plus, usually, a
 * completion) over `keys` keys by `processes` concurrent clients. Values are small integers;
 * about 1 op in 500 crashes. Pure given `seed`.
 */
export function generateRegisterHistory(ops: number, processes: number, keys: number, seed = 1): History {
  const rnd = prng(seed);
  const cells = new Int32Array(keys).fill(-1); // -1 = absent (nil)
  const history: History = [];
  const clients: Client[] = [];
  for (let p = 0; p < processes; p++) {
    clients.push({ process: p, phase: 'idle', f: '', key: 0, input: null, output: null, ok: true, crash: false });
  }
  let nextProcess = processes;
  let invoked = 0;
  const emit = (c: Client, type: Op['type'], value: unknown): void => {
    history.push({ index: history.length, time: history.length, process: c.process, type, f: c.f, value, key: c.key });
  };
  let busy = 0;
  while (invoked < ops || busy > 0) {
    const c = clients[Math.floor(rnd() * processes)];
    if (c.phase === 'idle') {
      if (invoked >= ops) continue;
      invoked++;
      busy++;
      c.key = Math.floor(rnd() * keys);
      const r = rnd();
      c.crash = rnd() < 0.002;
      if (r < 0.5) {
        c.f = 'read';
        c.input = null;
      } else if (r < 0.8) {
        c.f = 'write';
        c.input = Math.floor(rnd() * 5);
      } else {
        c.f = 'cas';
        c.input = [Math.floor(rnd() * 5), Math.floor(rnd() * 5)];
      }
      c.phase = 'invoked';
      emit(c, 'invoke', c.input);
    } else if (c.phase === 'invoked') {
      if (c.crash && rnd() < 0.5) {
        emit(c, 'info', c.input);
        crash(c);
        continue;
      }
      const v = cells[c.key];
      if (c.f === 'read') {
        c.output = v < 0 ? null : v;
        c.ok = true;
      } else if (c.f === 'write') {
        cells[c.key] = c.input as number;
        c.output = c.input;
        c.ok = true;
      } else {
        const [expected, next] = c.input as [number, number];
        c.ok = v === expected;
        if (c.ok) cells[c.key] = next;
        c.output = c.input;
      }
      c.phase = 'applied';
    } else {
      if (c.crash) {
        emit(c, 'info', c.input);
        crash(c);
        continue;
      }
      emit(c, c.ok ? 'ok' : 'fail', c.output);
      c.phase = 'idle';
      busy--;
    }
  }
  return history;

  function crash(c: Client): void {
    c.process = nextProcess++;
    c.phase = 'idle';
    c.crash = false;
    busy--;
  }
}
