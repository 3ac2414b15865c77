import { describe, expect, it } from 'vitest';
import { hasDataFiles } from '../../core/plugins.js';
import { matchesAny } from '../../nemesis/corrupt-plan.js';
import { BookkeeperDb } from '../../systems/bookkeeper/db.js';
import { HerddbDb } from '../../systems/herddb/db.js';

/** Paths listed on real nodes after a run (relative to each system's data directory). */
const HERDDB_FILES = {
  hit: [
    'data/36a48da9f3cd4a448b4f3aa77b40df78.tablespace/tables.1.1.tablesmetadata',
    'data/36a48da9f3cd4a448b4f3aa77b40df78.tablespace/transactions.0.0.tx',
    'bookie/bookie_journal/current/1a24317decb.txn',
    'bookie/bookie_data/current/0.log',
    'bookie/bookie_data/current/0/1/1.idx',
  ],
  spared: ['bookie/bookie_journal/current/VERSION', 'bookie/bookie_data/current/lastMark', 'bookie/embedded.bookie.properties', 'tmp/x'],
};
const BOOKKEEPER_FILES = {
  hit: ['journal/current/1a2432025f4.txn', 'ledgers/current/0.log', 'ledgers/current/0/6/6.idx'],
  spared: ['bookie.log', 'bk_server.conf', 'journal/current/VERSION', 'ledgers/current/lastMark', 'bookie.pid'],
};

describe('HerdDB and BookKeeper name their data files for corrupt-file', () => {
  it('hit data, journal, entry logs and indexes; spare logs, configuration and provisioning', () => {
    for (const [db, files, dir] of [[new HerddbDb(), HERDDB_FILES, '/var/lib/faultline-herddb/data'], [new BookkeeperDb(), BOOKKEEPER_FILES, '/var/lib/faultline-bookkeeper']] as const) {
      expect(hasDataFiles(db)).toBe(true);
      expect(db.lazyFs).toBe(false);
      expect(db.dataDir()).toBe(dir);
      for (const f of files.hit) expect(matchesAny(f, db.dataFiles()), `${db.name}: ${f}`).toBe(true);
      for (const f of files.spared) expect(matchesAny(f, db.dataFiles()), `${db.name}: ${f}`).toBe(false);
    }
  });
});
