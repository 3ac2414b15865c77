import { describe, expect, it } from 'vitest';
import { planRuns, type PlannedRun } from '../../../harness/campaign/matrix.js';
import type { RunRecord } from '../../../harness/campaign/record.js';
import { runCampaign } from '../../../harness/campaign/runner.js';
import type { Slot } from '../../../harness/campaign/slots.js';

const slots = (k: number): Slot[] => Array.from({ length: k }, (_, i) => ({ index: i, cluster: `c-${i + 1}`, subnet: `10.217.${i}.0/24` }));
const runs = (n: number): PlannedRun[] => planRuns({ systems: ['s'], workloads: ['w'], nemeses: [['kill']], testCount: n });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fake run: verdicts by index, a little time, and which slots ran at once. */
function fake(verdicts: Record<number, RunRecord['verdict']>, log: string[] = []) {
  let inFlight = 0;
  let most = 0;
  const runOne = async (run: PlannedRun, slot: Slot, signal: AbortSignal): Promise<RunRecord> => {
    inFlight++;
    most = Math.max(most, inFlight);
    log.push(`start ${run.index} on ${slot.cluster}`);
    await sleep(10);
    inFlight--;
    return { ...run, seed: run.index, verdict: signal.aborted ? 'INTERRUPTED' : (verdicts[run.index] ?? 'VALID'), anomalies: [], durationS: 0.01 };
  };
  return { runOne, most: () => most };
}

describe('runCampaign', () => {
  it('runs every planned run, K at a time, records in plan order', async () => {
    const f = fake({ 3: 'INVALID' });
    const r = await runCampaign({ runs: runs(5), slots: slots(2), runOne: f.runOne, signal: new AbortController().signal });
    expect(r.records.map((x) => `${x.index}:${x.verdict}`)).toEqual(['1:VALID', '2:VALID', '3:INVALID', '4:VALID', '5:VALID']);
    expect(f.most()).toBe(2);
    expect(r.notStarted).toBe(0);
    expect(r.stopped).toBeUndefined();
  });

  it('--until-invalid: starts nothing after the first INVALID run', async () => {
    const log: string[] = [];
    const f = fake({ 3: 'INVALID' }, log);
    const r = await runCampaign({ runs: runs(10), slots: slots(1), runOne: f.runOne, signal: new AbortController().signal, untilInvalid: true });
    expect(r.records.map((x) => x.verdict)).toEqual(['VALID', 'VALID', 'INVALID']);
    expect(r).toMatchObject({ notStarted: 7, stopped: 'invalid' });
    expect(log).toEqual(['start 1 on c-1', 'start 2 on c-1', 'start 3 on c-1']);
  });

  it('an abort lets runs in flight end (interrupted) and starts no more', async () => {
    const ctl = new AbortController();
    const f = fake({});
    const p = runCampaign({ runs: runs(6), slots: slots(2), runOne: f.runOne, signal: ctl.signal });
    await sleep(3);
    ctl.abort();
    const r = await p;
    expect(r.records.map((x) => x.verdict)).toEqual(['INTERRUPTED', 'INTERRUPTED']);
    expect(r).toMatchObject({ notStarted: 4, stopped: 'interrupted' });
  });

  it('a run that throws is a CRASHED record, and the campaign goes on', async () => {
    let n = 0;
    const r = await runCampaign({
      runs: runs(2),
      slots: slots(1),
      signal: new AbortController().signal,
      runOne: async (run) => {
        if (n++ === 0) throw new Error('boom');
        return { ...run, verdict: 'VALID', anomalies: [], durationS: 0 };
      },
    });
    expect(r.records.map((x) => [x.verdict, x.log])).toEqual([['CRASHED', 'campaign: boom'], ['VALID', undefined]]);
  });
});
