/**
 * The `mutex` model: `acquire` succeeds only when the lock is free, `release` only when it is
 * held (by anyone: like Knossos's mutex, the holder is not tracked). An indeterminate acquire or
 * release may take effect only when it could have succeeded.
 */
import { describeCall, type Model } from '../model.js';

/** A mutex's state: true when held. */
export const mutexModel: Model<boolean> = {
  name: 'mutex',
  fs: ['acquire', 'release'],
  init: () => false,
  step(held, op) {
    if (op.f === 'acquire') return held ? undefined : true;
    if (op.f === 'release') return held ? false : undefined;
    return undefined;
  },
  stateKey: (held) => (held ? 1 : 0),
  describeOp: (op) => describeCall(op, undefined),
  describeState: (held) => `mutex = ${held ? 'held' : 'free'}`,
};
