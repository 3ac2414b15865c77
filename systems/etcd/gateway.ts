/**
 * A minimal client for etcd's v3 JSON gateway (grpc-gateway over HTTP, port 2379): POSTs of
 * JSON bodies to `/v3/kv/range`, `/v3/kv/put`, `/v3/kv/txn` and `/v3/maintenance/status`,
 * with keys and values base64-encoded and 64-bit integers as decimal strings. Fields with
 * default values (false, 0, empty lists) are left out of responses. Uses Node's fetch; every
 * call takes an AbortSignal. Only ever pointed at nodes of a cluster faultline runs.
 */
import { failureOf, GatewayFailure } from './failure.js';

/** One key/value pair as the gateway returns it (decoded). */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the last write to the key. */
  modRevision: number;
}

/** The part of `/v3/maintenance/status` faultline uses. */
export interface MemberStatus {
  /** This member's id (decimal string). */
  memberId: string;
  /** The leader's member id as this member knows it; undefined when it knows none. */
  leader?: string;
  /** etcd's version, e.g. `3.4.23`. */
  version: string;
  /** Errors the member reports, e.g. `etcdserver: no leader`. */
  errors: string[];
}

/** A comparison of a txn: the key's value equals `value`. */
export interface ValueEquals {
  key: string;
  value: string;
}

/** UTF-8 text → base64. Pure. */
export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** base64 → UTF-8 text. Pure. */
export function unb64(data: string): string {
  return Buffer.from(data, 'base64').toString('utf8');
}

/**
 * The smallest key after every key starting with `prefix` (etcd's `range_end` for a prefix
 * scan), as bytes: the prefix with its last byte below 0xff incremented and the rest dropped;
 * a single 0 byte (= to the end of the key space) when there is none. Pure.
 */
export function prefixEnd(prefix: string): Buffer {
  const bytes = Buffer.from(prefix, 'utf8');
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 0xff) return Buffer.concat([bytes.subarray(0, i), Buffer.from([bytes[i] + 1])]);
  }
  return Buffer.from([0]);
}

/** The gateway's base URL for a node address (IPv6 in brackets), e.g. `http://10.0.0.1:2379`. Pure. */
export function gatewayUrl(address: string, port = 2379): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** Talks to one member's JSON gateway. Stateless apart from its URL; nothing to close. */
export class Gateway {
  /** @param baseUrl e.g. `http://10.231.40.11:2379` (see {@link gatewayUrl}) */
  constructor(readonly baseUrl: string) {}

  /**
   * POSTs `body` to `path`; resolves with the parsed JSON of a 2xx answer.
   * @throws GatewayFailure (see failure.ts) for anything else, aborts included
   */
  async call(path: string, body: unknown, signal: AbortSignal): Promise<Record<string, unknown>> {
    let status = 0;
    let text = '';
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      throw new GatewayFailure(failureOf(e, signal, status !== 0), { cause: e });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const obj = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : undefined;
    if (status < 200 || status > 299 || obj === undefined) {
      const message = typeof obj?.message === 'string' ? obj.message : typeof obj?.error === 'string' ? obj.error : text.slice(0, 200);
      throw new GatewayFailure({ kind: 'http', status, grpcCode: typeof obj?.code === 'number' ? obj.code : undefined, message });
    }
    return obj;
  }

  /** The value of `key` (undefined when absent). `serializable`: answered from the member's local state, no consensus. */
  async get(key: string, serializable: boolean, signal: AbortSignal): Promise<KeyValue | undefined> {
    const r = await this.call('/v3/kv/range', { key: b64(key), serializable }, signal);
    return kvsOf(r)[0];
  }

  /** Every key/value whose key starts with `prefix`, in key order. */
  async scan(prefix: string, serializable: boolean, signal: AbortSignal): Promise<KeyValue[]> {
    const rangeEnd = prefixEnd(prefix).toString('base64');
    return kvsOf(await this.call('/v3/kv/range', { key: b64(prefix), range_end: rangeEnd, serializable }, signal));
  }

  /** Writes `value` at `key`. */
  async put(key: string, value: string, signal: AbortSignal): Promise<void> {
    await this.call('/v3/kv/put', { key: b64(key), value: b64(value) }, signal);
  }

  /** If every comparison holds, writes `value` at `key`; resolves with whether it did. */
  async putIf(compare: readonly ValueEquals[], key: string, value: string, signal: AbortSignal): Promise<boolean> {
    const r = await this.call('/v3/kv/txn', {
      compare: compare.map((c) => ({ key: b64(c.key), result: 'EQUAL', target: 'VALUE', value: b64(c.value) })),
      success: [{ request_put: { key: b64(key), value: b64(value) } }],
    }, signal);
    return r.succeeded === true;
  }

  /** This member's status: its id, the leader it knows, its version and errors. */
  async status(signal: AbortSignal): Promise<MemberStatus> {
    const r = await this.call('/v3/maintenance/status', {}, signal);
    const header = (r.header ?? {}) as Record<string, unknown>;
    const leader = typeof r.leader === 'string' && r.leader !== '0' ? r.leader : undefined;
    return {
      memberId: String(header.member_id ?? ''),
      ...(leader === undefined ? {} : { leader }),
      version: String(r.version ?? ''),
      errors: Array.isArray(r.errors) ? r.errors.map(String) : [],
    };
  }
}

/** The decoded `kvs` of a range response (absent = none). Pure. */
export function kvsOf(r: Record<string, unknown>): KeyValue[] {
  const kvs = Array.isArray(r.kvs) ? (r.kvs as Array<Record<string, unknown>>) : [];
  return kvs.map((kv) => ({
    key: unb64(String(kv.key ?? '')),
    value: unb64(String(kv.value ?? '')),
    modRevision: Number(kv.mod_revision ?? 0),
  }));
}
