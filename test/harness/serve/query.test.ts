import { describe, expect, it } from 'vitest';
import { applyQuery, parseQuery, queryString } from '../../../harness/serve/query.js';
import { runEntry, type RunEntry } from '../../../harness/serve/store-index.js';

const run = (i: number, system: string, verdict: boolean | 'unknown' | undefined, day: string): RunEntry =>
  runEntry(`${system}-register/${day}T00000${i}`, { system, workload: 'register', seed: i, startedAt: `${day}T00:00:0${i}.000Z`, finishedAt: `${day}T00:00:1${i}.000Z`, options: { nemesis: ['kill'] }, outcome: 'complete' }, verdict === undefined ? undefined : { valid: verdict, checkers: { linearizable: { valid: verdict } } }, true);

const runs = [run(1, 'etcd', true, '2026-12-01'), run(2, 'etcd', false, '2026-12-02'), run(3, 'zookeeper', 'unknown', '2026-12-03'), run(4, 'memory', undefined, '2026-12-04')];

describe('run list query', () => {
  it('reads test.json / results.json into entries', () => {
    expect(runs[1]).toMatchObject({ system: 'etcd', nemesis: 'kill', seed: '2', verdict: 'INVALID', failing: ['linearizable'], durationS: 10 });
    expect(runs[3].verdict).toBe('UNCHECKED');
  });

  it('filters by system, verdict and dates; sorts; ignores bad values', () => {
    const q = (s: string) => applyQuery(runs, parseQuery(new URLSearchParams(s))).page.map((r) => r.seed);
    expect(q('')).toEqual(['4', '3', '2', '1']);
    expect(q('verdict=invalid')).toEqual(['2']);
    expect(q('system=etcd&sort=started&dir=asc')).toEqual(['1', '2']);
    expect(q('from=2026-12-02&to=2026-12-03')).toEqual(['3', '2']);
    expect(q('from=<script>&sort=evil&page=-3')).toEqual(['4', '3', '2', '1']);
    expect(q('sort=system&dir=asc')).toEqual(['1', '2', '4', '3']);
  });

  it('builds links that keep the filters', () => {
    const q = parseQuery(new URLSearchParams('system=a&b&verdict=INVALID'));
    expect(queryString(q, { sort: 'duration', dir: 'asc' })).toBe('?system=a&verdict=INVALID&sort=duration&dir=asc');
  });
});
