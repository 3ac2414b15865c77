/**
 * ZooKeeper as a system under test: Debian's zookeeper 3.8 on the nodes (image
 * `clusters/images/jvm`), its JVM under libfaketime so clock faults reach it; a
 * register client over node-zookeeper-client. The public barrel of `systems/zookeeper/`.
 *
 * Run options read: `zkSyncReads` (boolean, default true), `zkTimeoutMs` (per-request
 * deadline, default 5000), `zkSessionTimeoutMs` (default 10 000).
 */
import type { SystemDefinition } from '../../core/plugins.js';
import { zookeeperClient, ZOOKEEPER_WORKLOADS } from './client.js';
import { ZookeeperDb } from '../../clusters/jvm/zookeeper/db.js';
import { ZOOKEEPER_OPTIONS, zookeeperOptions } from './options.js';

export { ZookeeperDb, type ZookeeperDbOptions } from '../../clusters/jvm/zookeeper/db.js';
export { zookeeperClient, ZOOKEEPER_WORKLOADS } from './client.js';
export { zookeeperOptions, DEFAULT_TIMEOUT_MS, type ZookeeperOptions } from './options.js';
export { CLIENT_PORT, CONFIG_FILE, DATA_DIR, FAKETIME_FILE, LOG_FILE, ZK_DIR, faketimeEnv, modeOf, myId, startArgv, versionOf, zooCfg } from '../../clusters/jvm/zookeeper/config.js';
export { certainlyNotApplied, failedCompletion, zkErrorName, ZkTimeout } from './failure.js';
export { fourLetterWord } from '../../clusters/jvm/zookeeper/four-letter.js';
export { BARRIER, REGISTER_ROOT, parseValue, registerPath, ZkRegisterConn } from './register.js';
export { statTime, ZkSession, type ZnodeData } from './session.js';

/**
 * ZooKeeper: image `zookeeper`, workload `register`, clock faults supported (a JVM reads
 * the time through libc, which libfaketime intercepts). `db` and `client` validate the run's
 * options.
 */
export const zookeeper: SystemDefinition = {
  name: 'zookeeper',
  summary: 'ZooKeeper 3.8 (Debian) ensemble, register over node-zookeeper-client',
  image: 'jvm',
  provisioning: 'containers',
  defaultNemesis: ['partition', 'kill', 'clock'],
  options: ZOOKEEPER_OPTIONS,
  workloads: ZOOKEEPER_WORKLOADS,
  clockFaults: true,
  nodeMemoryMiB: 400,
  db(options) {
    zookeeperOptions(options);
    const nemesis = Array.isArray(options.nemesis) ? (options.nemesis as unknown[]) : [];
    return new ZookeeperDb({ lazyFs: nemesis.includes('power-loss'), forceSync: options.zkForceSync !== false });
  },
  client(workload, options) {
    return zookeeperClient(workload, options);
  },
};
