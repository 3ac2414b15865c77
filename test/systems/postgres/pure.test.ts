import { describe, expect, it } from 'vitest';
import {
  confString, connectionBroken, describePgError, isolationSql, microOpSql, outcomeOf, parseRelationFiles, pgOptions, PostgresDb, postgresqlConf, primaryConninfo, readValue,
  relationFilesSql, schemaSql, sqlState, tableOf,
} from '../../../systems/postgres/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../core/errors.js';
import { TEMPLATE_DIR, initdbArgv, psqlArgv } from '../../../systems/postgres/config.js';
import { ROOT } from '../../core/history/helpers.js';

describe('postgres options', () => {
  it('defaults: serializable, primary reads, asynchronous, 3 tables', () => {
    expect(pgOptions({})).toEqual({ isolation: 'serializable', replicaReads: false, syncStandbys: 0, synchronousCommit: 'on', timeoutMs: 4000, tables: 3, fsync: true });
    expect(pgOptions({ pgFsync: false }).fsync).toBe(false);
    expect(postgresqlConf({ syncStandbys: 0, synchronousCommit: 'on', standbys: [], fsync: false })).toContain('\nfsync = off\n');
    expect(postgresqlConf({ syncStandbys: 0, synchronousCommit: 'on', standbys: [] })).not.toContain('fsync');
    expect(isolationSql('repeatable-read')).toBe('REPEATABLE READ');
  });
  it('rejects bad values naming the option', () => {
    expect(() => pgOptions({ pgIsolation: 'snapshot' })).toThrow(UsageError);
    expect(() => pgOptions({ pgIsolation: 'snapshot' })).toThrow(/pgIsolation.*"snapshot"/);
    expect(() => pgOptions({ pgTables: 0 })).toThrow(/pgTables/);
  });
});

describe('postgres sql', () => {
  it('spreads keys over tables', () => {
    expect([0, 1, 2, 3, 4].map((k) => tableOf('append', k, 3))).toEqual(['append_0', 'append_1', 'append_2', 'append_0', 'append_1']);
    expect(schemaSql('wr', 2)).toHaveLength(2);
    expect(schemaSql('append', 1)[0]).toMatch(/append_0 \(k bigint PRIMARY KEY, v text/);
  });
  it('appends with an upsert, writes with an upsert, reads by key', () => {
    expect(microOpSql('append', 'append', 4, 7, 3)).toEqual({ text: expect.stringMatching(/INSERT INTO append_1 .* SET v = t\.v \|\| ',' \|\| EXCLUDED\.v/), values: [4, '7'] });
    expect(microOpSql('wr', 'w', 2, 9, 3).text).toMatch(/INSERT INTO wr_2 .*SET v = EXCLUDED\.v/);
    expect(microOpSql('wr', 'r', 2, null, 3)).toEqual({ text: 'SELECT v FROM wr_2 WHERE k = $1', values: [2] });
  });
  it('creates the tables and prints their files and their primary keys\' files (corrupt-file\'s targets)', () => {
    const q = relationFilesSql('append', 2);
    expect(q).toContain('CREATE TABLE IF NOT EXISTS append_1 (k bigint PRIMARY KEY, v text NOT NULL);');
    expect(q).toContain("c.relname IN ('append_0', 'append_0_pkey', 'append_1', 'append_1_pkey')");
    expect(parseRelationFiles('base/5/16384\nbase/5/16389\n\nCREATE TABLE\nglobal/1262\n')).toEqual(['base/5/16384', 'base/5/16389']);
    expect(psqlArgv()).toEqual(expect.arrayContaining(['ON_ERROR_STOP=1', '-f', '-']));
  });
  it('corrupt-file hits the WAL, pg_control and every relation until setup found the workload\'s', () => {
    expect(new PostgresDb({ syncStandbys: 0, synchronousCommit: 'on' }).dataFiles()).toEqual(['pg_wal/0*', 'global/pg_control', 'base/**']);
  });
  it('parses reads', () => {
    expect(readValue('append', [])).toBeNull();
    expect(readValue('append', [{ v: '1,2,10' }])).toEqual([1, 2, 10]);
    expect(readValue('wr', [{ v: '42' }])).toBe(42);
  });
});

describe('postgres outcomes', () => {
  const err = (code: string | undefined, message = 'x'): Error => Object.assign(new Error(message), code === undefined ? {} : { code });
  it('anything before COMMIT fails; a rollback answer to COMMIT fails; else info', () => {
    expect(outcomeOf('connect', err('ECONNREFUSED'))).toBe('fail');
    expect(outcomeOf('before-commit', err(undefined, 'Connection terminated unexpectedly'))).toBe('fail');
    expect(outcomeOf('commit', err('40001'))).toBe('fail');
    expect(outcomeOf('commit', err('40P01'))).toBe('fail');
    expect(outcomeOf('commit', err(undefined, 'Query read timeout'))).toBe('info');
    expect(outcomeOf('commit', err('57P01'))).toBe('info');
  });
  it('tells SQL answers from broken connections', () => {
    expect(sqlState(err('ECONNRESET'))).toBeUndefined();
    expect(sqlState(err('40001'))).toBe('40001');
    expect(connectionBroken(err('40001'))).toBe(false);
    expect(connectionBroken(err('57P01'))).toBe(true);
    expect(connectionBroken(err(undefined))).toBe(true);
    expect(describePgError(err('40001', 'could not serialize access\nDETAIL'))).toBe('40001 could not serialize access');
  });
});

describe('postgres config', () => {
  it('the image makes its template cluster with exactly initdbArgv(TEMPLATE_DIR)', () => {
    const dockerfile = readFileSync(join(ROOT, 'clusters', 'images', 'postgres', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`&& ${initdbArgv(TEMPLATE_DIR).join(' ')}\n`);
    expect(initdbArgv()).toContain('--no-sync');
    expect(initdbArgv(TEMPLATE_DIR)).toContain('--data-checksums');
  });
  it('names synchronous standbys only when asked', () => {
    expect(postgresqlConf({ syncStandbys: 0, synchronousCommit: 'on', standbys: ['n2', 'n3'] })).toContain("synchronous_standby_names = ''");
    expect(postgresqlConf({ syncStandbys: 1, synchronousCommit: 'on', standbys: ['n2', 'n3'] })).toContain(`synchronous_standby_names = 'ANY 1 ("n2", "n3")'`);
  });
  it('quotes conninfo', () => {
    expect(confString("a'b")).toBe("'a''b'");
    expect(primaryConninfo('10.0.0.1', 'n2')).toBe("primary_conninfo = 'host=10.0.0.1 port=5432 user=postgres application_name=n2 connect_timeout=2'\n");
  });
});
