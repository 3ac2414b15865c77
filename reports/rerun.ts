/**
 * The command that re-runs a stored run with the same seed and schedule, from test.json: the
 * system, workload, node count, time limit, concurrency, rate, nemesis set and interval, op
 * timeout and the system's own flags. Every argument is shell-quoted. Pure.
 */
import type { TestInfo } from '../core/run-store/index.js';

/** Quotes one shell word (POSIX sh): bare when it is safe, else in single quotes. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * `faultline test <system> --workload … --seed …` for `test`, or null when test.json lacks the
 * system or the seed.
 */
export function rerunCommand(test: TestInfo | undefined): string | null {
  if (!test || typeof test.system !== 'string' || (typeof test.seed !== 'number' && typeof test.seed !== 'string')) return null;
  const o = test.options ?? {};
  const args: string[] = ['faultline', 'test', test.system];
  const flag = (name: string, value?: string | number) => args.push(name, ...(value === undefined ? [] : [String(value)]));
  if (typeof test.workload === 'string') flag('--workload', test.workload);
  const nodes = Array.isArray(o.nodes) ? (o.nodes as unknown[]).map(String) : Array.isArray(test.nodes) ? test.nodes : undefined;
  if (nodes) flag('--nodes', nodes.every((n, i) => n === `n${i + 1}`) ? nodes.length : nodes.join(','));
  if (num(o.timeLimitS)) flag('--time-limit', o.timeLimitS);
  if (typeof o.concurrencySpec === 'string') flag('--concurrency', o.concurrencySpec);
  if (num(o.rate)) flag('--rate', o.rate);
  if (Array.isArray(o.nemesis)) flag('--nemesis', o.nemesis.length ? o.nemesis.join(',') : 'none');
  if (num(o.nemesisIntervalS)) flag('--nemesis-interval', o.nemesisIntervalS);
  if (num(o.opTimeoutMs) && o.opTimeoutMs !== 5000) flag('--op-timeout', o.opTimeoutMs / 1000);
  if (o.etcdSerializableReads === true) flag('--etcd-serializable-reads');
  if (o.zkSyncReads === false) flag('--zk-no-sync-reads');
  if (num(o.memoryStaleReads) && o.memoryStaleReads > 0) flag('--memory-stale-reads', o.memoryStaleReads);
  if (o.kafkaWeak === true) flag('--kafka-weak');
  if (typeof o.bootstrap === 'string') flag('--bootstrap', o.bootstrap);
  if (num(o.orderingKeys)) flag('--ordering-keys', o.orderingKeys);
  // a replay of a schedule file (faultline shrink): the same fault ops again, not the seed's
  if (typeof o.faultScheduleFile === 'string') flag('--schedule', o.faultScheduleFile);
  flag('--seed', String(test.seed));
  return args.map(shellWord).join(' ');
}
