/**
 * Worker-thread entry (compiled to dist/checkers/linearizable/worker.js): checks the batches
 * of partitions the pool posts, one message at a time, and posts the results back.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './pool.js';
import { checkPartitions } from './schedule.js';

const port = parentPort;
if (port !== null) {
  port.on('message', (req: WorkerRequest) => {
    const results = checkPartitions(req.spec, req.partitions, req.budget, {
      exhaustive: req.exhaustive,
      firstFailure: req.firstFailure,
      stop: new Int32Array(req.stop),
    });
    const res: WorkerResponse = { id: req.id, results };
    port.postMessage(res);
  });
}
