/**
 * ZkSession against a scripted ZooKeeper wire peer on 127.0.0.1 (real sockets, the real
 * node-zookeeper-client): the garbled replies a partition produced must become failed
 * requests and a replaced client — never an exception that reaches the process.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { announcedFrameLength } from '../../../systems/zookeeper/connection-guard.js';
import { ZkSession } from '../../../systems/zookeeper/session.js';

/** What the scripted server answers to the n-th request frame of a connection (0-based). */
type Script = (socket: Socket, xid: number, n: number, conn: number) => void;

function frame(body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(body.length);
  return Buffer.concat([head, body]);
}

function connectResponse(): Buffer {
  const b = Buffer.alloc(4 + 4 + 8 + 4 + 16);
  b.writeInt32BE(0, 0); // protocol version
  b.writeInt32BE(10_000, 4); // session timeout
  b.writeBigInt64BE(42n, 8); // session id
  b.writeInt32BE(16, 16); // password length
  return frame(b);
}

function reply(xid: number, err: number, payload = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32BE(xid, 0);
  b.writeBigInt64BE(1n, 4);
  b.writeInt32BE(err, 12);
  return frame(Buffer.concat([b, payload]));
}

/** A getData reply carrying the one-character value `v` (and a zeroed stat). */
function dataReply(xid: number, v: string): Buffer {
  return reply(xid, 0, Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from(v), Buffer.alloc(68)]));
}

/** A server that answers the connect request, then each request frame through `script`. */
function scriptedServer(script: Script): Promise<{ server: Server; port: number; connections: () => number }> {
  let conns = 0;
  const server = createServer((socket) => {
    sockets.push(socket);
    const conn = conns++;
    let buf = Buffer.alloc(0);
    let n = -1;
    socket.on('error', () => undefined);
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const body = buf.subarray(4, 4 + buf.readInt32BE(0));
        buf = buf.subarray(4 + body.length);
        if (n++ < 0) socket.write(connectResponse());
        else script(socket, body.readInt32BE(0), n - 1, conn);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, connections: () => conns })));
}

const servers: Server[] = [];
const sockets: Socket[] = [];
const sessions: ZkSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function sessionOn(script: Script, timeoutMs = 2000): Promise<{ zk: ZkSession; connections: () => number }> {
  const { server, port, connections } = await scriptedServer(script);
  servers.push(server);
  const zk = new ZkSession(`127.0.0.1:${port}`, 10_000, timeoutMs);
  sessions.push(zk);
  return { zk, connections };
}

const never = new AbortController().signal;

describe('ZkSession on a garbled stream', () => {
  it('turns an unknown error code (the library throws "Unknown code") into a failed request and replaces the client', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => void uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const { zk, connections } = await sessionOn((socket, xid, _n, conn) => {
        if (conn === 0) socket.write(reply(xid, -1146028030));
        else socket.write(dataReply(xid, '7'));
      });
      await expect(zk.getData('/r/1', never)).rejects.toMatchObject({ name: 'CONNECTION_LOSS' });
      expect(zk.replaced).toBe(1);
      expect(zk.lastReplaced).toMatch(/Unknown code: -1146028030/);
      // the new client works
      const got = await zk.getData('/r/1', never);
      expect(got.data.toString()).toBe('7');
      expect(connections()).toBe(2);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('breaks a connection whose frame length is out of range instead of waiting for it forever', async () => {
    const { zk } = await sessionOn((socket, xid, _n, conn) => {
      if (conn === 0) socket.write(Buffer.from([0x7f, 0xff, 0xff, 0xf0, 1, 2, 3]));
      else socket.write(dataReply(xid, '9'));
    });
    await expect(zk.getData('/r/1', never)).rejects.toMatchObject({ name: 'CONNECTION_LOSS' });
    expect(zk.lastReplaced).toMatch(/frame of 2147483632 bytes/);
    expect((await zk.getData('/r/1', never)).data.toString()).toBe('9');
  });

  it('drops the bytes of a half-received frame when the connection is lost, so the next connection is read from its start', async () => {
    const { zk, connections } = await sessionOn((socket, xid, _n, conn) => {
      if (conn === 0) socket.end(dataReply(xid, '1').subarray(0, 6));
      else socket.write(dataReply(xid, '3'));
    });
    await expect(zk.getData('/r/1', never)).rejects.toMatchObject({ name: 'CONNECTION_LOSS' });
    expect((await zk.getData('/r/1', never)).data.toString()).toBe('3');
    expect(zk.replaced).toBe(0); // the library's own reconnect, same client
    expect(connections()).toBe(2);
  });

  it(`replaces a client whose requests go unanswered, so a stalled connection does not stall the worker for good`, async () => {
    const { zk, connections } = await sessionOn((socket, xid, _n, conn) => {
      if (conn > 0) socket.write(dataReply(xid, '5'));
    }, 150);
    for (let i = 0; i < 3; i++) await expect(zk.getData('/r/1', never)).rejects.toMatchObject({ name: 'ZK_TIMEOUT' });
    expect(zk.lastReplaced).toMatch(/unanswered/);
    expect((await zk.getData('/r/1', never)).data.toString()).toBe('5');
    expect(connections()).toBe(2);
  });
});

describe('announcedFrameLength', () => {
  it('reads the length across the leftover and the new bytes', () => {
    expect(announcedFrameLength(null, Buffer.from([0, 0]))).toBeUndefined();
    expect(announcedFrameLength(Buffer.from([0, 0]), Buffer.from([1, 2, 9]))).toBe(258);
    expect(announcedFrameLength(Buffer.from([0, 0, 0, 5, 1]), Buffer.from([7]))).toBe(5);
    expect(announcedFrameLength(null, Buffer.from([0xff, 0xff, 0xff, 0xff]))).toBe(-1);
  });
});
