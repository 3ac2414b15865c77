/** The storage faults' hover lines: corrupt-file's file, offsets and bytes per node; power-loss's lost bytes per node. */
import { describe, expect, it } from 'vitest';
import { valueLines } from '../../../reports/viewer/fault-text.js';

describe('fault text of storage faults', () => {
  it('names the file, offsets and bytes of each corruption, and what a power loss dropped', () => {
    expect(valueLines({
      targets: ['n2'], mode: 'bitflip',
      corrupted: {
        n2: { mode: 'bitflip', file: 'version-2/log.1', offset: 4096, bytes: 1024, bits: [{ byte: 4100, bit: 1 }, { byte: 4200, bit: 7 }] },
        n3: { mode: 'truncate', file: 'wal/0.wal', offset: 100, bytes: 20 },
        n1: { mode: 'restore', file: 'db', offset: 0, bytes: 8, savedAt: '/x' },
        n4: { mode: 'none', reason: 'no non-empty data file' },
      },
    })).toEqual([
      'targets: n2',
      'mode: bitflip',
      'n2: 2 bits flipped in version-2/log.1 bytes 4096..5120',
      'n3: wal/0.wal cut by 20 bytes to 100',
      'n1: older copy of db bytes 0..8 written back',
      'n4: nothing corrupted (no non-empty data file)',
    ]);
    expect(valueLines({ dropped: { n1: { files: 2, bytes: 67109475, removed: 1 }, n2: { files: 0, bytes: 0, removed: 0 } } })).toEqual([
      'n1: lost 67109475 unsynced bytes in 2 file(s), 1 never-synced file(s) gone',
      'n2: lost 0 unsynced bytes in 0 file(s)',
    ]);
    expect(valueLines({ notReady: { n1: 'listening but tablespace herd not booted after 60 s: Error Booting tablespace herd on n1' } })).toEqual([
      'n1: not healthy after restart: listening but tablespace herd not booted after 60 s: Error Booting tablespace herd on n1',
    ]);
  });
});
