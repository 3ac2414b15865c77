/**
 * Worker-thread entry (compiled to dist/checkers/linearizable/worker.js): checks the batches
 * of partitions the pool posts, one message at a time, and posts the results back.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './pool.js';
import { runPartition } from './run-partition.js';

const port = parentPort;
if (port !== null) {
  port.on('message', (req: WorkerRequest) => {
    const results = req.partitions.map((p) => runPartition(req.spec, p, req.budget));
    const res: WorkerResponse = { id: req.id, results };
    port.postMessage(res);
  });
}
