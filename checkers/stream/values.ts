/**
 * The stream checker's per-value and per-offset classes, once every key's log is known:
 * inconsistent-offsets, duplicate, lost-write and unseen (with its count over time). Pure
 * apart from filling the anomaly log; linear in distinct values.
 */
import type { AnomalyLog } from './anomalies.js';
import { SendStatus, type Logs } from './log.js';

/** One point of the unseen-over-time series. */
export interface UnseenPoint {
  /** Seconds since the test started. */
  readonly timeS: number;
  /** Acknowledged values not yet read by any op completed by then (lost writes included). */
  readonly unseen: number;
}

/**
 * Runs the value checks into `anomalies` and returns the unseen-over-time series: `points`
 * evenly spaced instants up to `endNs` (the last op's time). Pure apart from `anomalies`.
 */
export function checkValues(logs: Logs, anomalies: AnomalyLog, endNs: number, points: number): UnseenPoint[] {
  const step = endNs > 0 ? endNs / points : 1;
  const diff = new Float64Array(points + 1);
  const bucket = (t: number): number => (t === Infinity ? points : Math.min(points, Math.max(0, Math.ceil(t / step) - 1)));
  for (const log of logs.values()) {
    const key = log.key;
    for (const [offset, values] of log.conflicts) {
      anomalies.add('inconsistent-offsets', () => ({
        key,
        offsets: [offset],
        values: [...values],
        ops: values.map((v) => log.indexAt(v, offset)).filter((i) => i >= 0),
        note: `offset ${offset} of ${key} holds ${values.length} different values: ${values.join(', ')}`,
      }));
    }
    for (const v of log.values.values()) {
      if (v.extra !== undefined) {
        const offsets = [v.offset];
        const ops = [v.offsetIndex];
        for (let i = 0; i < v.extra.length; i += 2) {
          offsets.push(v.extra[i]);
          ops.push(v.extra[i + 1]);
        }
        anomalies.add('duplicate', () => ({
          key,
          offsets,
          values: [v.value],
          ops,
          note: `value ${v.value} of ${key} is at ${offsets.length} offsets: ${offsets.join(', ')}`,
        }));
      }
      if (v.status !== SendStatus.Acked || v.reads > 0) {
        if (v.status === SendStatus.Acked && v.firstReadTime > v.sendTime) {
          const s = bucket(v.sendTime);
          const e = bucket(v.firstReadTime);
          if (s < e) {
            diff[s]++;
            diff[e]--;
          }
        }
        continue;
      }
      // acknowledged and never read: unseen from its acknowledgement on (lost or not)
      diff[bucket(v.sendTime)]++;
      if (v.sendOffset < log.maxOkRead) {
        anomalies.add('lost-write', () => ({
          key,
          offsets: [v.sendOffset],
          values: [v.value],
          ops: [v.sendIndex],
          process: v.sendProcess,
          note: `value ${v.value} was acknowledged at offset ${v.sendOffset} of ${key} (op ${v.sendIndex}) and never read, though ok reads reached offset ${log.maxOkRead}`,
        }));
      } else {
        anomalies.add('unseen', () => ({
          key,
          offsets: [v.sendOffset],
          values: [v.value],
          ops: [v.sendIndex],
          process: v.sendProcess,
          note: `value ${v.value} was acknowledged at offset ${v.sendOffset} of ${key} (op ${v.sendIndex}) and no read saw it by the end`,
        }));
      }
    }
  }
  const out: UnseenPoint[] = [];
  let run = 0;
  for (let b = 0; b < points; b++) {
    run += diff[b];
    out.push({ timeS: Math.round((step * (b + 1)) / 1e6) / 1e3, unseen: run });
  }
  return out;
}
