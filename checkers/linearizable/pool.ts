/**
 * A small pool of worker threads that check batches of partitions. The pool is created on first
 * use and kept for later checks; idle workers are `unref`ed so they never keep the process
 * alive. {@link closeWorkerPool} ends them.
 */
import { Worker } from 'node:worker_threads';
import type { PartitionResult } from './partition-check.js';
import type { Partition } from './prepare.js';
import type { ModelSpec } from './schedule.js';
import type { SearchBudget } from './search.js';

/** A message to a worker: partitions to check, with the model and budget. */
export interface WorkerRequest {
  readonly id: number;
  readonly spec: ModelSpec;
  readonly budget: SearchBudget;
  readonly partitions: readonly Partition[];
  /** Check every key even after one failed. */
  readonly exhaustive: boolean;
  /** Stop at the first failing key (see `LinearizableOptions.firstFailure`). */
  readonly firstFailure: boolean;
  /** Shared stop flag (an Int32Array's buffer): 1 once any thread found a failing key. */
  readonly stop: SharedArrayBuffer;
}

/** A worker's answer: one result per partition, in order. */
export interface WorkerResponse {
  readonly id: number;
  readonly results: PartitionResult[];
}

interface Task {
  readonly req: WorkerRequest;
  resolve(results: PartitionResult[]): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
}

/** A pool of workers running {@link WorkerRequest}s FIFO; it can grow, never shrinks. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;

  constructor(
    readonly script: string,
    size: number,
  ) {
    this.grow(size);
  }

  /** Workers in the pool. */
  get size(): number {
    return this.slots.length;
  }

  /** Adds workers until there are `size`. */
  grow(size: number): void {
    while (this.slots.length < size) this.slots.push(this.spawn());
  }

  /** Checks a request's partitions in one worker; resolves with their results in order. */
  run(req: Omit<WorkerRequest, 'id'>): Promise<PartitionResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { ...req, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates every worker; queued and running tasks are rejected. */
  async close(): Promise<void> {
    const err = new Error('worker pool closed');
    for (const t of this.queue.splice(0)) t.reject(err);
    await Promise.all(
      this.slots.map(async (s) => {
        s.task?.reject(err);
        s.task = undefined;
        await s.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(this.script);
    const slot: Slot = { worker, task: undefined };
    worker.unref();
    worker.on('message', (res: WorkerResponse) => {
      const task = slot.task;
      slot.task = undefined;
      worker.unref();
      if (task !== undefined && task.req.id === res.id) task.resolve(res.results);
      this.dispatch();
    });
    worker.on('error', (err) => this.replace(slot, err));
    worker.on('exit', (code) => {
      if (slot.task !== undefined) this.replace(slot, new Error(`worker exited with code ${code}`));
    });
    return slot;
  }

  private replace(slot: Slot, err: Error): void {
    const task = slot.task;
    slot.task = undefined;
    task?.reject(err);
    const i = this.slots.indexOf(slot);
    if (i >= 0) {
      void slot.worker.terminate();
      this.slots[i] = this.spawn();
    }
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.task !== undefined) continue;
      const task = this.queue.shift() as Task;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage(task.req);
    }
  }
}

let shared: WorkerPool | undefined;

/**
 * The shared pool running `script`, grown to at least `size` workers (a pool never shrinks,
 * so concurrent checks never lose their workers; each check limits its own parallelism).
 */
export function sharedPool(script: string, size: number): WorkerPool {
  if (shared === undefined || shared.script !== script) {
    void shared?.close();
    shared = new WorkerPool(script, size);
  }
  shared.grow(size);
  return shared;
}

/** Ends the shared pool's workers, if any. Safe to call at any time. */
export async function closeWorkerPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
