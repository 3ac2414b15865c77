/**
 * Apache BookKeeper ledgers as a system under test: the nodes' ZooKeeper ensemble plus a
 * bookie per node (BookKeeper 4.16 from Maven Central, built by `systems/bookkeeper/java`),
 * both JVMs under libfaketime; clients through one JVM bridge on the controller using the
 * BookKeeper client API. Workload `ledger` (workloads/ledger.ts). The public barrel of
 * `systems/bookkeeper/`.
 */
import type { SystemDefinition } from '../../core/plugins.js';
import { BOOKKEEPER_WORKLOADS, bookkeeperClient } from './client.js';
import { BookkeeperDb } from './db.js';
import { BOOKKEEPER_OPTIONS, bookkeeperOptions } from './options.js';

export { BookkeeperDb, listening, type BookkeeperDbOptions } from './db.js';
export { BOOKKEEPER_WORKLOADS, bookkeeperClient, completionOf, LedgerConn } from './client.js';
export { Bridge, BRIDGE_HEAP, type BridgeAnswer } from './bridge.js';
export { bookkeeperOptions, type BookkeeperOptions } from './options.js';
export { BK_DIR, BOOKIE_PORT, CONFIG_FILE, LIB_DIR, LOG_FILE, bookieConf, initClusterArgv, log4jConf, metadataServiceUri, startArgv, versionOfJar } from './config.js';

/**
 * BookKeeper: image `zookeeper` (OpenJDK 17 and Debian's ZooKeeper), workload `ledger`, clock
 * faults supported (both JVMs read the time through libc). `db` and `client` validate the
 * run's options.
 */
export const bookkeeper: SystemDefinition = {
  name: 'bookkeeper',
  summary: 'BookKeeper 4.16 bookies over a ZooKeeper ensemble, ledger workload',
  image: 'jvm',
  provisioning: 'containers',
  defaultNemesis: ['partition', 'kill'],
  options: BOOKKEEPER_OPTIONS,
  check: (options) => {
    bookkeeperOptions(options);
  },
  workloads: BOOKKEEPER_WORKLOADS,
  clockFaults: true,
  nodeMemoryMiB: 900,
  db(options) {
    bookkeeperOptions(options);
    return new BookkeeperDb();
  },
  client(workload, options) {
    return bookkeeperClient(workload, options);
  },
};
