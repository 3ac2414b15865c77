/**
 * The models the linearizability checker knows, by name.
 */
import type { Model } from '../model.js';
import { fifoQueueModel } from './fifo-queue.js';
import { kvModel } from './kv.js';
import { mutexModel } from './mutex.js';
import { casRegisterModel, casRegisterNoopModel, registerModel } from './register.js';
import { setModel } from './set.js';

const MODELS: Readonly<Record<string, Model<never>>> = {
  register: registerModel as Model<never>,
  'cas-register': casRegisterModel as Model<never>,
  'cas-register-noop': casRegisterNoopModel as Model<never>,
  kv: kvModel as Model<never>,
  mutex: mutexModel as Model<never>,
  'fifo-queue': fifoQueueModel as Model<never>,
  set: setModel as Model<never>,
};

/** Names accepted by {@link getModel}, e.g. for CLI help. */
export const MODEL_NAMES: readonly string[] = Object.keys(MODELS);

/** The model called `name`, or `undefined` when there is none. Pure. */
export function findModel(name: string): Model<unknown> | undefined {
  return Object.hasOwn(MODELS, name) ? (MODELS[name] as Model<unknown>) : undefined;
}
