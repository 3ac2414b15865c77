import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inventoryFromFlags, withInventory } from '../../../harness/run/inventory.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-inv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = join(dir, 'id');
const known = join(dir, 'known_hosts');
writeFileSync(key, 'k');
writeFileSync(known, '');
writeFileSync(join(dir, 'hosts.txt'), '# three machines\nroot@10.217.5.11 10.217.5.12:2222\nn3=10.217.5.13\n');

describe('faultline test over an SSH inventory: flags', () => {
  it('a node count is no inventory', () => {
    expect(inventoryFromFlags({ nodes: '5' })).toEqual({ flags: { nodes: '5' } });
  });

  it('a nodes file: hosts in order, the count for config, host keys checked by default', () => {
    const r = inventoryFromFlags({ nodesFile: join(dir, 'hosts.txt'), sshPrivateKey: key, knownHosts: known });
    expect(r.flags).toEqual({ nodes: '3', sshPrivateKey: key, knownHosts: known });
    expect(r.inventory).toEqual({
      hosts: [
        { name: '10.217.5.11', host: '10.217.5.11', port: 22, username: 'root' },
        { name: '10.217.5.12', host: '10.217.5.12', port: 2222 },
        { name: 'n3', host: '10.217.5.13', port: 22 },
      ],
      login: { username: 'root', privateKeyPath: key, knownHostsPath: known, strictHostKeyChecking: true },
    });
    expect(withInventory({ a: 1 }, r.inventory)).toEqual({ a: 1, inventory: r.inventory });
  });

  it('refuses a missing known_hosts under strict checking, and local-cluster flags', () => {
    expect(() => inventoryFromFlags({ nodes: 'a,b,c', sshPrivateKey: key, knownHosts: join(dir, 'nope') })).toThrow(/strict host key checking needs a known_hosts file/);
    expect(() => inventoryFromFlags({ nodes: 'a,b,c', sshPrivateKey: key, knownHosts: known, cluster: 'x' })).toThrow('--cluster and --subnet are for local clusters');
    expect(() => inventoryFromFlags({ nodes: 'a,b,c', sshPrivateKey: key, knownHosts: known, subnet: '10.217.0.0/24' })).toThrow('--image and --subnet are for local clusters, not SSH inventories');
  });
});
