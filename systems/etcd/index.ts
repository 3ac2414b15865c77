/**
 * etcd as a system under test: Debian's etcd 3.4 on the nodes (image `clusters/images/etcd`),
 * clients over its v3 JSON gateway for the `register` and `set` workloads. The public barrel
 * of `systems/etcd/`.
 *
 * Run options read: `etcdSerializableReads` (boolean, default false), `etcdTimeoutMs`
 * (per-request deadline, default 5000).
 */
import type { SystemDefinition } from '../../core/plugins.js';
import { etcdClient, ETCD_WORKLOADS } from './client.js';
import { EtcdDb } from './db.js';
import { ETCD_OPTIONS, etcdOptions } from './options.js';

export { EtcdDb, isLeader, type EtcdDbOptions } from './db.js';
export { etcdClient, ETCD_WORKLOADS, CLIENT_PORT } from './client.js';
export { etcdOptions, DEFAULT_TIMEOUT_MS, type EtcdOptions } from './options.js';
export { Gateway, gatewayUrl, b64, unb64, prefixEnd, type KeyValue, type MemberStatus } from './gateway.js';
export { GatewayFailure, certainlyNotApplied, describeFailure, failedCompletion, failureOf, type Failure } from './failure.js';
export { DATA_DIR, ETCD_DIR, LOG_FILE, PID_FILE, clusterToken, etcdFlags } from './flags.js';
export { registerKey } from './register.js';
export { SET_PREFIX } from './set.js';

/**
 * etcd: image `etcd`, workloads `register` and `set`, no clock faults (etcd is a Go binary:
 * libfaketime cannot reach its clock). `db` and `client` validate the run's options.
 */
export const etcd: SystemDefinition = {
  name: 'etcd',
  summary: 'etcd 3.4 (Debian) static cluster, register and set over its v3 JSON gateway',
  image: 'etcd',
  provisioning: 'containers',
  defaultNemesis: ['partition', 'kill'],
  options: ETCD_OPTIONS,
  workloads: ETCD_WORKLOADS,
  clockFaults: false,
  nodeMemoryMiB: 150,
  db(options) {
    etcdOptions(options);
    return new EtcdDb();
  },
  client(workload, options) {
    return etcdClient(workload, options);
  },
};
