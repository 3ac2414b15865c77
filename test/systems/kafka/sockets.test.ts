import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { unrefSocketFactory } from '../../../systems/kafka/sockets.js';

describe('kafka client sockets', () => {
  it('connect to a loopback server without holding the process open', async () => {
    const server = createServer((s) => s.end('hi'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      let socket: Socket | undefined;
      await new Promise<void>((resolve) => {
        socket = unrefSocketFactory({ host: '127.0.0.1', port, ssl: undefined as never, onConnect: resolve });
      });
      const handle = (socket as unknown as { _handle: { hasRef(): boolean } })._handle;
      expect(handle.hasRef()).toBe(false);
      const data = await new Promise<string>((r) => socket!.once('data', (d: Buffer) => r(d.toString())));
      expect(data).toBe('hi');
      socket!.destroy();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
