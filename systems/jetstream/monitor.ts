/**
 * NATS's HTTP monitoring endpoint (port 8222 of each node): `/healthz` (is JetStream ready),
 * `/varz` (version) and `/jsz` (who leads the meta group and each stream). The parsers are pure
 * and unit-tested; {@link monitorGet} is the one I/O call, always with a deadline, only ever to
 * the addresses of the run's own nodes.
 */
import { MONITOR_PORT } from './config.js';

/** What `/jsz?streams=true` says about leadership, as far as faultline reads it. */
export interface JszLeaders {
  /** Server name of the JetStream meta group's leader, when this server knows one. */
  meta?: string;
  /** Stream name → server name of its leader, for the streams this server hosts a replica of. */
  streams: Record<string, string>;
}

/** The monitoring URL of `path` (e.g. `/jsz?streams=true`) on `address`. Pure. */
export function monitorUrl(address: string, path: string): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${MONITOR_PORT}${path}`;
}

/** Result of {@link monitorGet}: the status and body, or the reason nothing came back. */
export type MonitorAnswer = { status: number; body: string } | { error: string };

/** GETs `path` from `address`'s monitoring port; never throws. `timeoutMs` default 2000. */
export async function monitorGet(address: string, path: string, timeoutMs = 2_000): Promise<MonitorAnswer> {
  try {
    const res = await fetch(monitorUrl(address, path), { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return { error: cause ?? (e instanceof Error ? e.message : String(e)) };
  }
}

/**
 * The leaders in a `/jsz?streams=true` body: `meta_cluster.leader` and, for every stream under
 * `account_details[].stream_detail[]`, its `cluster.leader`. Streams without a leader right now
 * are left out. Pure.
 * @throws Error when `body` is not a JSON object
 */
export function parseJsz(body: string): JszLeaders {
  const j = JSON.parse(body) as unknown;
  if (j === null || typeof j !== 'object' || Array.isArray(j)) throw new Error(`/jsz answered ${body.slice(0, 80)}`);
  const o = j as { meta_cluster?: { leader?: unknown }; account_details?: unknown };
  const out: JszLeaders = { streams: {} };
  const meta = o.meta_cluster?.leader;
  if (typeof meta === 'string' && meta !== '') out.meta = meta;
  const accounts = Array.isArray(o.account_details) ? (o.account_details as { stream_detail?: unknown }[]) : [];
  for (const a of accounts) {
    const streams = Array.isArray(a?.stream_detail) ? (a.stream_detail as { name?: unknown; cluster?: { leader?: unknown } }[]) : [];
    for (const s of streams) {
      const leader = s?.cluster?.leader;
      if (typeof s?.name === 'string' && typeof leader === 'string' && leader !== '') out.streams[s.name] = leader;
    }
  }
  return out;
}

/**
 * The nodes that lead at least one stream, from every reachable server's `/jsz` view (a server
 * only reports streams it hosts, and a partitioned old leader may still name itself: such nodes
 * count too), in node order. With no stream leaders at all, the meta group's leader(s) instead
 * (who would place the first streams). Names that are not nodes are ignored. Pure.
 */
export function leadingNodes(nodes: readonly string[], views: readonly (JszLeaders | undefined)[]): string[] {
  const streamLeaders = new Set<string>();
  const metaLeaders = new Set<string>();
  for (const v of views) {
    if (v === undefined) continue;
    for (const l of Object.values(v.streams)) streamLeaders.add(l);
    if (v.meta !== undefined) metaLeaders.add(v.meta);
  }
  const chosen = streamLeaders.size > 0 ? streamLeaders : metaLeaders;
  return nodes.filter((n) => chosen.has(n));
}

/** The `version` in a `/varz` body, e.g. `2.9.10`, else undefined. Pure. */
export function versionOfVarz(body: string): string | undefined {
  try {
    const v = (JSON.parse(body) as { version?: unknown }).version;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
