/**
 * Hardening of node-zookeeper-client 1.x's connection (its `ConnectionManager`), which a
 * partition could break in three ways:
 *
 * - bytes of a half-received frame (`pendingBuffer`) survive a reconnect and are glued in
 *   front of the new socket's data, so every later frame is read at the wrong offset;
 * - a frame read at the wrong offset carries a garbage error code, and the library's
 *   `Exception.create` throws `Unknown code: …` inside the socket's `data` handler —
 *   uncaught, which ended the whole controller;
 * - a garbage frame length (up to 2 GB) makes it wait for bytes that never come: the
 *   connection stalls for good.
 *
 * {@link guardConnection} patches one client's connection manager (instance properties
 * only, never the library's prototypes): the leftover is dropped when a socket connects, a
 * frame longer than {@link MAX_FRAME_BYTES} or a throw while reading breaks the connection
 * (its socket is destroyed, so pending requests fail with `CONNECTION_LOSS`, the request
 * whose reply was being read too) and is reported through `onBroken` once, so the session
 * can replace the client.
 */
import zookeeper, { type Client } from 'node-zookeeper-client';

/** The largest frame accepted from a server, bytes: ZooKeeper's `jute.maxbuffer` is 1 MiB by default. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** The library's connection manager, as far as the guard touches it. */
interface ConnectionManager {
  pendingBuffer: Buffer | null;
  pendingQueue: PendingPacket[];
  socket?: { destroy(): void };
  onSocketData(buffer: Buffer): void;
  onSocketConnected(): void;
}

/** A request sent and waiting for its reply. */
interface PendingPacket {
  callback?: (error: Error) => void;
}

/** The length announced by the frame that `pending` + `next` start with, or undefined when fewer than 4 bytes are there. Pure. */
export function announcedFrameLength(pending: Buffer | null, next: Buffer): number | undefined {
  const have = (pending?.length ?? 0) + next.length;
  if (have < 4) return undefined;
  const head = pending === null || pending.length < 4 ? Buffer.concat([pending ?? Buffer.alloc(0), next.subarray(0, 4)]) : pending;
  return head.readInt32BE(0);
}

/**
 * Patches `client`'s connection manager as the module notes say. Call before `connect()`
 * (the socket handlers are bound when a socket is made). `onBroken` is called at most once,
 * with the error that broke the connection.
 * @returns false when the client has no connection manager of the expected shape (nothing patched)
 */
export function guardConnection(client: Client, onBroken: (error: Error) => void): boolean {
  const cm = (client as unknown as { connectionManager?: ConnectionManager }).connectionManager;
  if (cm === undefined || typeof cm.onSocketData !== 'function' || typeof cm.onSocketConnected !== 'function') return false;
  const proto = Object.getPrototypeOf(cm) as ConnectionManager;
  let broken = false;
  const breakWith = (error: Error): void => {
    cm.pendingBuffer = null;
    try {
      cm.socket?.destroy();
    } catch {
      // a socket that cannot be destroyed is already gone
    }
    if (broken) return;
    broken = true;
    onBroken(error);
  };
  cm.onSocketConnected = function guardedConnected(this: ConnectionManager): void {
    this.pendingBuffer = null;
    try {
      proto.onSocketConnected.call(this);
    } catch (e) {
      breakWith(asError(e));
    }
  };
  cm.onSocketData = function guardedData(this: ConnectionManager, buffer: Buffer): void {
    if (broken) return;
    const size = announcedFrameLength(this.pendingBuffer, buffer);
    if (size !== undefined && (size < 0 || size > MAX_FRAME_BYTES)) return breakWith(new Error(`ZooKeeper frame of ${size} bytes announced: the stream is out of step`));
    const waiting = this.pendingQueue?.[0];
    try {
      proto.onSocketData.call(this, buffer);
    } catch (e) {
      // the reply being read had already taken its request off the queue: answer it here
      if (waiting !== undefined && this.pendingQueue?.[0] !== waiting) waiting.callback?.(connectionLoss());
      breakWith(asError(e));
    }
  };
  return true;
}

function connectionLoss(): Error {
  return zookeeper.Exception.create(zookeeper.Exception.CONNECTION_LOSS ?? -4);
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
