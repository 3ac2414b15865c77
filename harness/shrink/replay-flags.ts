/**
 * The `faultline test` flags that recreate a stored run's options (nodes, rate, concurrency,
 * op timeout, nemesis interval and the system options), for the replay command `faultline
 * shrink` prints next to the schedule. Pure.
 */

/** Flags for `options` (a run's test.json options); defaults are left out. */
export function replayFlags(options: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  const nodes = options.nodes;
  if (Array.isArray(nodes) && nodes.length !== 3) out.push('--nodes', String(nodes.length));
  if (typeof options.concurrencySpec === 'string' && options.concurrencySpec !== '2n') out.push('--concurrency', options.concurrencySpec);
  if (typeof options.rate === 'number' && options.rate !== 100) out.push('--rate', String(options.rate));
  if (typeof options.opTimeoutMs === 'number' && options.opTimeoutMs !== 5000) out.push('--op-timeout', String(options.opTimeoutMs / 1000));
  if (typeof options.nemesisIntervalS === 'number' && options.nemesisIntervalS !== 10) out.push('--nemesis-interval', String(options.nemesisIntervalS));
  if (options.etcdSerializableReads === true) out.push('--etcd-serializable-reads');
  if (options.system === 'zookeeper' && options.zkSyncReads === false) out.push('--zk-no-sync-reads');
  if (typeof options.memoryStaleReads === 'number' && options.memoryStaleReads > 0) out.push('--memory-stale-reads', String(options.memoryStaleReads));
  if (options.kafkaWeak === true) out.push('--kafka-weak');
  return out;
}
