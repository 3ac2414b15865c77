/**
 * The final summary counts client ops exactly as the live status line does (issue 14 item 5:
 * a memory queue run printed 1,375 client ops live and 1,358 in the summary, because the
 * summary took the `stats` checker's count, which left crashed ops out).
 */
import { describe, expect, it } from 'vitest';
import type { History } from '../../../core/op.js';
import { makeResults } from '../../../harness/check/check-run.js';
import { Progress } from '../../../harness/run/progress.js';
import { summaryCounts, summaryText } from '../../../harness/run/summary.js';

/** Sends and polls with a crash (`info`), a fail, an op that never completed, and a nemesis op. */
const h: History = [
  { index: 0, time: 0, process: 0, type: 'invoke', f: 'send', value: [['send', 't0', 1]] },
  { index: 1, time: 1e6, process: 0, type: 'ok', f: 'send', value: [['send', 't0', [0, 1]]] },
  { index: 2, time: 2e6, process: 1, type: 'invoke', f: 'poll', value: [['poll']] },
  { index: 3, time: 3e6, process: 1, type: 'info', f: 'poll', value: [['poll']], error: 'crash: socket closed' },
  { index: 4, time: 4e6, process: 'nemesis', type: 'invoke', f: 'start-partition', value: null },
  { index: 5, time: 5e6, process: 7, type: 'invoke', f: 'send', value: [['send', 't0', 2]] },
  { index: 6, time: 6e6, process: 7, type: 'fail', f: 'send', value: [['send', 't0', 2]], error: 'refused' },
  { index: 7, time: 7e6, process: 8, type: 'invoke', f: 'send', value: [['send', 't0', 3]] },
];

describe('final summary vs live line', () => {
  it('counts invoked, ok, fail, info and open the same way', () => {
    const live = new Progress();
    for (const op of h) live.record(op);
    const s = live.snapshot();
    // a workload whose stats checker ignores crashed ops must not change the summary's counts
    const results = makeResults({ stats: { valid: true, total: { invoke: 2, ok: 1, fail: 1, info: 0, open: 0 } } }, h);
    const c = summaryCounts(results)!;
    expect(c).toEqual({ invoke: s.invoked, ok: s.ok, fail: s.fail, info: s.info, open: s.invoked - s.ok - s.fail - s.info });
    expect(c).toEqual({ invoke: 4, ok: 1, fail: 1, info: 1, open: 1 });
    expect(summaryText(results, { name: 'q' } as never)).toContain('ops: 4 invoked: 1 ok, 1 fail, 1 info, 1 open; 1 nemesis ops');
  });

  it('falls back to the stats checker for results.json written before the counts existed', () => {
    const results = makeResults({ stats: { valid: true, total: { invoke: 2, ok: 1, fail: 1, info: 0, open: 0 } } }, h);
    const { ok: _ok, fail: _fail, info: _info, ...old } = results.stats;
    expect(summaryCounts({ ...results, stats: old })).toEqual({ invoke: 2, ok: 1, fail: 1, info: 0, open: 0 });
  });
});
