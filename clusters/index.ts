/**
 * The public barrel of `clusters/`: the Remote contract and its two implementations, quoting,
 * the local container cluster and SSH inventories. Import from here, not from the files.
 */
export type { Remote, ExecOptions, ExecResult, Command } from '../core/remote.js';
export { RemoteError, isRemoteError, type RemoteFailure, type RemoteErrorFacts } from './remote-error.js';
export { withRetries, isRetryable, type RetryPolicy } from './retrying-remote.js';
export { quoteArg, quoteArgv, sh, rawScript, QuoteError, type ShellScript } from '../core/shell-quote.js';
export { toShellLine, toContainerArgv, describeCommand, type CommandShape } from '../core/command.js';
export { DockerRemote } from './docker-remote.js';
export { SshRemote, type SshTarget } from './ssh-remote.js';
export { DockerCli, DockerError } from './docker-cli.js';
export { ensureEngine, ENGINE_PATHS, type Engine, type EngineOptions } from './engine.js';
export { ensureBaseImage, BASE_IMAGE } from './base-image.js';
export { ensureProjectImage, NODE_IMAGE } from './node-image.js';
export { clusterSpec, labelFilter, DEFAULTS, LABEL, CLUSTER_LABEL, type ClusterSpec, type NodeSpec } from './cluster-spec.js';
export { upLocal, type UpOptions } from './local-up.js';
export { statusLocal, downLocal, adminDocker, type NodeStatus, type DownResult } from './local-admin.js';
export { localCluster, sshCluster, type Cluster, type SshLogin } from './cluster.js';
export { parseNodeEntry, parseNodesFlag, parseNodesFile, formatInventory, type InventoryNode } from './inventory.js';
export { parseKnownHosts, checkHostKey, type KnownHost } from './known-hosts.js';
export { ensureKeyPair, type KeyPair } from './ssh-keys.js';
export { stateRoot, readRecord, type ClusterRecord } from './state.js';
export { stderrLog, silentLog, type Log } from '../core/log.js';
export { ProvisionError } from './apt.js';
