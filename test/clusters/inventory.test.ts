import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../core/errors.js';
import { formatInventory, parseNodeEntry, parseNodesFile, parseNodesFlag } from '../../clusters/inventory.js';

describe('inventory entries', () => {
  it('parses [name=][user@]host[:port]', () => {
    expect(parseNodeEntry('db1')).toEqual({ name: 'db1', host: 'db1', port: 22 });
    expect(parseNodeEntry('n1=admin@10.0.0.5:2222')).toEqual({ name: 'n1', host: '10.0.0.5', port: 2222, username: 'admin' });
    expect(parseNodeEntry('[::1]:2200')).toEqual({ name: '::1', host: '::1', port: 2200 });
    expect(parseNodeEntry('h.lab', 2022).port).toBe(2022);
  });
  it('rejects bad entries with the value quoted', () => {
    expect(() => parseNodeEntry('h:99999')).toThrow(/bad node "h:99999": port must be 1..65535/);
    expect(() => parseNodeEntry('h:x')).toThrow(UsageError);
    expect(() => parseNodeEntry('a:b:c')).toThrow(/IPv6/);
    expect(() => parseNodeEntry('bad host')).toThrow(/host must be/);
    expect(() => parseNodeEntry('-x')).toThrow(UsageError);
  });
  it('parses --nodes and rejects duplicates', () => {
    expect(parseNodesFlag('a,b,c').map((n) => n.name)).toEqual(['a', 'b', 'c']);
    expect(() => parseNodesFlag('a,a')).toThrow(/appears twice/);
    expect(() => parseNodesFlag(',')).toThrow(/no nodes/);
  });
  it('parses files with comments and names the bad line', () => {
    const text = '# lab\nn1=10.0.0.1 n2=10.0.0.2\n\nn3=root@10.0.0.3:2222 # spare\n';
    expect(parseNodesFile(text, 'inv').map((n) => `${n.name}:${n.port}`)).toEqual(['n1:22', 'n2:22', 'n3:2222']);
    try {
      parseNodesFile('ok\nbad:port\n', 'inv.txt');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toBe('inv.txt:2: port must be a number: "bad:port"');
    }
  });
  it('formats what it parses', () => {
    const nodes = parseNodesFlag('n1=root@10.1.0.11:22,v6=[fe80::1]:2200');
    expect(parseNodesFile(formatInventory(nodes), 'f')).toEqual(nodes);
  });
});
