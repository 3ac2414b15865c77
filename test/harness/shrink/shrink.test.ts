import { describe, expect, it } from 'vitest';
import { episodes, opsOf } from '../../../harness/shrink/episodes.js';
import { replayFlags } from '../../../harness/shrink/replay-flags.js';
import { checkSchedule, pinValue, scheduleFromHistory, type FaultSchedule, type ScheduledOp } from '../../../harness/shrink/schedule-file.js';
import { shorterLimit, shrinkSchedule, withAttempts, type ScheduleRunner } from '../../../harness/shrink/shrink.js';
import type { Op } from '../../../core/op.js';

const op = (timeS: number, f: string, value: unknown = null): ScheduledOp => ({ timeS, f, value });
const ops: ScheduledOp[] = [
  op(10, 'start-partition', { grudge: { n1: ['n2', 'n3'] } }),
  op(12, 'kill', { targets: ['n1'] }),
  op(20, 'stop-partition'),
  op(22, 'start'),
  op(30, 'pause', { targets: ['n2'] }),
  op(40, 'resume'),
  op(50, 'bump-clock', { targets: ['n3'], offsetsMs: { n3: 5000 } }),
  op(55, 'reset-clock'),
];
const schedule: FaultSchedule = { faultline: 'fault-schedule', system: 'etcd', workload: 'register', nemesis: ['partition', 'kill', 'pause', 'clock'], seed: 7, timeLimitS: 60, ops };

describe('fault schedules', () => {
  it('pairs each fault with its heal; dropping a fault drops its heal', () => {
    expect(episodes(ops)).toEqual([{ fault: 0, heal: 2 }, { fault: 1, heal: 3 }, { fault: 4, heal: 5 }, { fault: 6, heal: 7 }]);
    expect(opsOf(ops, [{ fault: 1, heal: 3 }]).map((o) => o.f)).toEqual(['kill', 'start']);
    expect(episodes([op(1, 'stop-partition'), op(2, 'kill')])).toEqual([{ fault: 1 }]);
  });

  it('takes the main phase\'s nemesis ops from a history, pinned to the nodes they hit', () => {
    const h = (index: number, timeS: number, type: Op['type'], f: string, value: unknown, process: Op['process'] = 'nemesis'): Op => ({ index, time: timeS * 1e9, process, type, f, value });
    const history = [
      h(0, 1, 'invoke', 'read', null, 0),
      h(1, 5, 'invoke', 'kill', { targets: 'one', seed: 3 }),
      h(2, 5.1, 'info', 'kill', { killed: ['n2'] }),
      h(3, 6, 'info', 'primaries', { primaries: ['n1'] }),
      h(4, 8, 'invoke', 'start-partition', { shape: 'bridge', seed: 4 }),
      h(5, 8.1, 'ok', 'start-partition', { shape: 'bridge', partition: { n1: ['n3'] } }),
      h(6, 9, 'invoke', 'start', null),
      h(7, 9.1, 'ok', 'start', { started: ['n2'] }),
      h(8, 31, 'invoke', 'stop-partition', null),
    ];
    expect(scheduleFromHistory(history, 30)).toEqual([
      { timeS: 5, f: 'kill', value: { targets: ['n2'] } },
      { timeS: 8, f: 'start-partition', value: { grudge: { n1: ['n3'] }, asymmetric: true } },
      { timeS: 9, f: 'start', value: null },
    ]);
    expect(pinValue('kill', { targets: 'one' }, { ...history[2], type: 'fail' })).toEqual({ targets: 'one' });
  });

  it('checks schedule files, naming the file', () => {
    expect(checkSchedule(JSON.parse(JSON.stringify(schedule)), 's.json').ops).toHaveLength(8);
    expect(() => checkSchedule({ faultline: 'x' }, 's.json')).toThrow('s.json: not a faultline fault schedule ("faultline": "fault-schedule" missing)');
    expect(() => checkSchedule({ ...schedule, ops: [{ f: 'kill' }] }, 's.json')).toThrow('s.json: not a faultline fault schedule (ops[0] needs a string f and a time timeS ≥ 0)');
  });

  it('prints the flags that recreate a run\'s options', () => {
    expect(replayFlags({ system: 'etcd', nodes: ['n1', 'n2', 'n3'], rate: 100, etcdSerializableReads: true, nemesisIntervalS: 3 })).toEqual(['--nemesis-interval', '3', '--etcd-serializable-reads']);
  });
});

describe('shrinkSchedule with a fake runner', () => {
  /** Fails when the kill and the pause are both in the schedule (an interaction of two faults). */
  const runner = (log: string[]): ScheduleRunner => async (o, limit, label) => {
    log.push(`${label} @${limit}`);
    return o.some((x) => x.f === 'kill') && o.some((x) => x.f === 'pause') && limit >= 35 ? 'fail' : 'pass';
  };

  it('keeps the faults that matter, with their heals, and shortens the time limit', async () => {
    const log: string[] = [];
    const r = await shrinkSchedule(schedule, runner(log), 20);
    expect(r).toMatchObject({ reproduced: true, faultsBefore: 4, faultsAfter: 2, exhausted: false });
    expect(r.schedule.ops.map((o) => o.f)).toEqual(['kill', 'start', 'pause', 'resume']);
    expect(r.schedule.timeLimitS).toBe(45);
    expect(r.schedule.seed).toBe(7);
    expect(log[0]).toBe('all 4 faults @60');
    expect(r.runs).toBe(log.length);
  });

  it('says so when the whole schedule does not fail again', async () => {
    const r = await shrinkSchedule(schedule, async () => 'pass', 5);
    expect(r).toMatchObject({ reproduced: false, faultsAfter: 4, runs: 1 });
    expect(r.schedule).toBe(schedule);
  });

  it('a shorter limit covers the last op', () => {
    expect(shorterLimit([op(12.2, 'kill')], 60)).toBe(18);
    expect(shorterLimit([op(58, 'kill')], 60)).toBeUndefined();
  });
});

describe('withAttempts: a candidate judged by several runs (failures that depend on timing)', () => {
  /** A flaky system: the kill makes a run fail only on every third run. */
  function flaky(): { once: (o: ScheduledOp[], limit: number, attempt: number) => Promise<'fail' | 'pass'>; calls: number[] } {
    const calls: number[] = [];
    let n = 0;
    return {
      calls,
      once: async (o, _limit, attempt) => {
        calls.push(attempt);
        n++;
        return o.some((x) => x.f === 'kill') && n % 3 === 0 ? 'fail' : 'pass';
      },
    };
  }

  it('fails as soon as one attempt fails, passes only when every attempt passes', async () => {
    const f = flaky();
    const run = withAttempts(f.once, 3);
    expect(await run(ops, 60, 'all')).toBe('fail'); // runs 1, 2 pass, 3 fails
    expect(f.calls).toEqual([1, 2, 3]);
    expect(await run([op(30, 'pause'), op(40, 'resume')], 60, 'pause')).toBe('pass');
    expect(f.calls).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('shrinks a flaky failure to the fault that matters where one attempt each would not reproduce it', async () => {
    const one = await shrinkSchedule(schedule, withAttempts(flaky().once, 1), 10);
    expect(one.reproduced).toBe(false);
    const three = await shrinkSchedule(schedule, withAttempts(flaky().once, 3), 10);
    expect(three).toMatchObject({ reproduced: true, faultsBefore: 4, faultsAfter: 1 });
    expect(three.schedule.ops.map((o) => o.f)).toEqual(['kill', 'start']);
  });
});
