/** Test helper: builds histories from compact rows. */
import type { History, Op } from '../../../core/op.js';

/** `[process, type, f, value, key?]`. */
export type Row = [number | 'nemesis', Op['type'], string, unknown, (string | number)?];

/** A history from rows, indices and times = positions. */
export function hist(...rows: Row[]): History {
  return rows.map(([process, type, f, value, key], index) => {
    const op: Op = { index, time: index, process, type, f, value };
    if (key !== undefined) op.key = key;
    return op;
  });
}
