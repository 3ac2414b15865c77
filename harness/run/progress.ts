/**
 * Live counters of a run, updated by the interpreter and read by the status line: client ops
 * invoked and completed by type, and the fault the nemesis is in. Cheap to update (no I/O).
 */
import type { Op } from '../../core/op.js';

/** A snapshot of {@link Progress}. */
export interface ProgressSnapshot {
  /** Client invocations so far. */
  invoked: number;
  ok: number;
  fail: number;
  info: number;
  /** Nemesis invocations so far. */
  nemesisOps: number;
  /** What the nemesis did last, e.g. `start-partition {"n1":["n3"]}`, or `none`. */
  fault: string;
}

/** Longest fault text kept, in characters. */
const FAULT_TEXT_MAX = 60;

/** Counters of one run. */
export class Progress {
  invoked = 0;
  ok = 0;
  fail = 0;
  info = 0;
  nemesisOps = 0;
  fault = 'none';

  /** Counts one recorded event. */
  record(op: Op): void {
    if (op.process === 'nemesis') {
      if (op.type === 'invoke') {
        this.nemesisOps++;
        this.fault = `${op.f}…`;
      } else {
        this.fault = describeFault(op);
      }
      return;
    }
    if (op.type === 'invoke') this.invoked++;
    else this[op.type]++;
  }

  /** The counters now. */
  snapshot(): ProgressSnapshot {
    return { invoked: this.invoked, ok: this.ok, fail: this.fail, info: this.info, nemesisOps: this.nemesisOps, fault: this.fault };
  }
}

/** `f` and a short rendering of a nemesis completion's value (or its error). Pure. */
export function describeFault(op: Op): string {
  const detail = op.error !== undefined ? `failed: ${op.error}` : op.value === null || op.value === undefined ? '' : JSON.stringify(op.value);
  const text = detail === '' ? op.f : `${op.f} ${detail}`;
  return text.length > FAULT_TEXT_MAX ? `${text.slice(0, FAULT_TEXT_MAX - 1)}…` : text;
}
