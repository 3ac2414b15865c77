import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS, groupsFor } from '../../../harness/cli/commands.js';

describe('groupsFor', () => {
  it('loads only the group that owns the named subcommand', () => {
    expect(groupsFor(['node', 'faultline', 'check', 'h.edn']).map((g) => g.names)).toEqual([['check']]);
    expect(groupsFor(['node', 'faultline', 'exec', 'n1']).map((g) => g.names)).toEqual([['up', 'status', 'exec', 'down']]);
  });
  it('loads every group for help, version and unknown names', () => {
    for (const argv of [['node', 'faultline'], ['node', 'faultline', '--help'], ['node', 'faultline', 'chek'], ['node', 'faultline', 'help', 'check']]) {
      expect(groupsFor(argv)).toBe(COMMAND_GROUPS);
    }
  });
  it('every group registers the subcommands it claims', async () => {
    const { Command } = await import('commander');
    for (const g of COMMAND_GROUPS) {
      const program = new Command('faultline');
      (await g.load())(program, ['node', 'faultline']);
      expect(program.commands.map((c) => c.name()).sort()).toEqual([...g.names].sort());
    }
  });
});
