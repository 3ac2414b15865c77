/**
 * The models the linearizability checker knows, by name.
 */
import type { Model } from '../model.js';
import { fifoQueueModel } from './fifo-queue.js';
import { kvModel } from './kv.js';
import { mutexModel } from './mutex.js';
import { casRegisterModel, casRegisterNoopModel, registerModel } from './register.js';
import { setModel } from './set.js';

/** Forgets a model's state type: the checker treats states as opaque values. */
function erase<S>(model: Model<S>): Model<unknown> {
  return model as unknown as Model<unknown>;
}

const MODELS: Readonly<Record<string, Model<unknown>>> = {
  register: erase(registerModel),
  'cas-register': erase(casRegisterModel),
  'cas-register-noop': erase(casRegisterNoopModel),
  kv: erase(kvModel),
  mutex: erase(mutexModel),
  'fifo-queue': erase(fifoQueueModel),
  set: erase(setModel),
};

/** Names accepted by {@link getModel}, e.g. for CLI help. */
export const MODEL_NAMES: readonly string[] = Object.keys(MODELS);

/** The model called `name`, or `undefined` when there is none. Pure. */
export function findModel(name: string): Model<unknown> | undefined {
  return Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
}
