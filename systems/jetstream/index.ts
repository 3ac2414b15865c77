/**
 * NATS JetStream as a system under test: Debian's nats-server 2.9.10 on the nodes (image
 * `clusters/images/jetstream`) as a 3-node JetStream cluster; a stream-workload client over the
 * official `nats` package (one stream per key, replicated 3 times). The public barrel of
 * `systems/jetstream/`; see README.md there.
 *
 * Run options read (config file keys): `jsTimeoutMs` (request deadline, default 5000, at most
 * 80 % of the op timeout), `jsFetchBatch` (default 100), `jsGroup` (consumer group of
 * `subscribe`, default `faultline`), `jsReplicas` (default 3).
 */
import type { SystemDefinition } from '../../core/plugins.js';
import { jetStreamClient, JETSTREAM_WORKLOADS } from './client.js';
import { JetStreamDb } from './db.js';
import { JETSTREAM_OPTIONS, jetStreamOptions } from './options.js';

export { JetStreamDb, type JetStreamDbOptions } from './db.js';
export { jetStreamClient, JETSTREAM_WORKLOADS } from './client.js';
export { JetStreamConn } from './conn.js';
export { keysOf, recordValue, sendMicroOps } from './op-values.js';
export { jetStreamOptions, DEFAULT_TIMEOUT_MS, type JetStreamOptions } from './options.js';
export { CLIENT_PORT, CLUSTER_NAME, CONFIG_FILE, JS_DIR, LOG_FILE, MONITOR_PORT, ROUTE_PORT, STORE_DIR, natsConf, routeUrl, startArgv } from './config.js';
export { DEFINITE_PUB_ERRORS, apiErrorOf, describeError, isNoResponders, isStreamNotFound, natsCodeOf, sendCertainlyFailed, sendFailure, type SendStage } from './failure.js';
export { pullNoWait, PullTimeout, type Pulled } from './fetch.js';
export { leadingNodes, monitorGet, monitorUrl, parseJsz, versionOfVarz, type JszLeaders } from './monitor.js';
export { durableName, keyToken, streamName, subjectOf } from './names.js';

/**
 * JetStream: image `jetstream`, workload `queue`, no clock faults (nats-server is a Go binary,
 * which reads the time without libc, so libfaketime cannot reach it). `db` and `client`
 * validate the run's options.
 */
export const jetstream: SystemDefinition = {
  name: 'jetstream',
  summary: 'NATS JetStream 3-node cluster, queue workload',
  image: 'jetstream',
  provisioning: 'containers',
  defaultNemesis: ['partition', 'kill'],
  options: JETSTREAM_OPTIONS,
  workloads: JETSTREAM_WORKLOADS,
  clockFaults: false,
  nodeMemoryMiB: 150,
  // JetStream has no transactions: the queue workload sends no txn ops here.
  workloadOptions: { queueTxn: false },
  db(options) {
    jetStreamOptions(options);
    return new JetStreamDb();
  },
  client(workload, options) {
    return jetStreamClient(workload, options);
  },
};
