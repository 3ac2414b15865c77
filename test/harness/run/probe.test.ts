import { describe, expect, it } from 'vitest';
import { clients, limit, repeat, stagger } from '../../../core/generator/index.js';
import { historyProblem } from '../../../core/history/index.js';
import { isProbeOp, PROBE_F, type Op } from '../../../core/op.js';
import { interpret } from '../../../harness/run/interpreter.js';
import { leaderProbe, startProbe, type Probe, type ProbeSample } from '../../../harness/run/probe.js';
import type { DB, HasPrimaries } from '../../../core/plugins.js';
import { MemorySink, ScriptedClient, fakeContext } from './fakes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startProbe', () => {
  it('samples at once and then every interval, one sample at a time, until stopped', async () => {
    let n = 0;
    let inFlight = 0;
    let most = 0;
    const probe: Probe = {
      f: PROBE_F,
      intervalMs: 20,
      timeoutMs: 100,
      sample: async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(5);
        inFlight--;
        return ++n;
      },
    };
    const got: ProbeSample[] = [];
    const running = startProbe(probe, (s) => got.push(s));
    await sleep(110);
    await running.stop();
    const count = got.length;
    await sleep(60);
    expect(got.length).toBe(count); // nothing after stop
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(8);
    expect(got.map((s) => s.value)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(most).toBe(1);
  });

  it('records a failing or hanging sample with its error and goes on', async () => {
    let n = 0;
    const probe: Probe = {
      f: PROBE_F,
      intervalMs: 10,
      timeoutMs: 30,
      sample: () => {
        n++;
        if (n === 1) return Promise.reject(new Error('zk down\nstack'));
        if (n === 2) return new Promise(() => undefined); // never answers
        return Promise.resolve('ok');
      },
    };
    const got: ProbeSample[] = [];
    const running = startProbe(probe, (s) => got.push(s));
    await sleep(120);
    await running.stop();
    expect(got[0]).toEqual({ value: null, error: 'zk down' });
    expect(got[1]).toEqual({ value: null, error: 'no answer within 30 ms' });
    expect(got[2]).toEqual({ value: 'ok' });
  });
});

describe('leaderProbe in interpret', () => {
  it('records sorted primaries (about every 50 ms) as lone nemesis info events that leave client pairing intact', async () => {
    let calls = 0;
    const db: DB & HasPrimaries = {
      name: 'fake',
      setup: async () => undefined,
      teardown: async () => undefined,
      primaries: async () => (++calls < 3 ? ['n2'] : ['n3', 'n1']),
    };
    const ctx = fakeContext(3);
    const sink = new MemorySink();
    await interpret({
      generator: clients(stagger(200, limit(30, repeat({ f: 'read' })))),
      seed: 1,
      concurrency: 2,
      ctx,
      client: new ScriptedClient((op: Op) => ({ type: 'ok', value: op.value })),
      history: sink,
      probe: { ...leaderProbe(db, ctx, 50) },
    });
    expect(historyProblem(sink.ops)).toBeUndefined();
    const probes = sink.ops.filter(isProbeOp);
    expect(probes.length).toBeGreaterThanOrEqual(3);
    expect(probes[0]).toMatchObject({ process: 'nemesis', type: 'info', f: 'primaries', value: { primaries: ['n2'] } });
    expect(probes.at(-1)?.value).toEqual({ primaries: ['n1', 'n3'] });
    const clientOps = sink.ops.filter((o) => o.process !== 'nemesis');
    expect(clientOps).toHaveLength(60);
    sink.ops.forEach((o, i) => expect(o.index).toBe(i));
  });
});
