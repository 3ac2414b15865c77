/** HerdDB's tablespace boot read from its log: booted, failed (with the cause), pending. */
import { describe, expect, it } from 'vitest';
import { tablespaceBootState } from '../../../systems/herddb/boot-state.js';

const OK = 'INFO: Booting tablespace herd on n1, uuid dd74\nINFO: Boot success tablespace herd on n1, uuid dd74, time 4003 ms leader:true\n';
const BAD = [
  'INFO: Booting tablespace herd on n1, uuid dd74',
  'SEVERE: Error Booting tablespace herd on n1',
  'Dec 04, 2026 10:32:03 PM herddb.core.DBManager handleTableSpace',
  'SEVERE: Error',
  'herddb.storage.DataStorageManagerException: java.io.EOFException',
  '\tat herddb.file.FileDataStorageManager.loadTables(FileDataStorageManager.java:1)',
].join('\n');

describe('tablespaceBootState', () => {
  it('reads the last word on the node\'s boot', () => {
    expect(tablespaceBootState(OK, 'herd', 'n1')).toEqual({ state: 'booted' });
    expect(tablespaceBootState(BAD, 'herd', 'n1')).toEqual({ state: 'failed', reason: 'Error Booting tablespace herd on n1: herddb.storage.DataStorageManagerException: java.io.EOFException' });
    expect(tablespaceBootState(`${BAD}\n${OK}`, 'herd', 'n1')).toEqual({ state: 'booted' }); // a retry that succeeded
    expect(tablespaceBootState(`${OK}${BAD}`, 'herd', 'n1').state).toBe('failed');
    expect(tablespaceBootState('INFO: Booting tablespace herd on n1', 'herd', 'n1')).toEqual({ state: 'pending' });
    expect(tablespaceBootState(OK.replaceAll('n1', 'n12'), 'herd', 'n1')).toEqual({ state: 'pending' }); // another node's line
  });
});
