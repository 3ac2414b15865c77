/**
 * The register, set and bank clients over a fake bridge that records requests and answers
 * from a script: the statements sent, transactions where the contract needs them, and how
 * answers (rows, counts, rollbacks, failures) become completions.
 */
import { describe, expect, it } from 'vitest';
import {
  BANK_READ, balancesOf, bankSchema, bankTable, BridgeSession, invokeBank, invokeRegister, invokeSet, registerStatement, setStatement, transferStatements,
  type Bridge, type BridgeAnswer, type ExecRequest,
} from '../../../systems/herddb/index.js';
import { applySchema } from '../../../systems/herddb/client.js';
import type { Op } from '../../../core/op.js';
import { bankSettings } from '../../../workloads/bank.js';
import { CAS_MISMATCH } from '../../../workloads/register.js';

/** A bridge that answers from `script` in order and records every request. */
function fakeBridge(script: BridgeAnswer[]): { bridge: Bridge; sent: ExecRequest[]; closed: string[] } {
  const sent: ExecRequest[] = [];
  const closed: string[] = [];
  const bridge = {
    async exec(req: ExecRequest): Promise<BridgeAnswer> {
      sent.push(req);
      const a = script.shift();
      if (a === undefined) throw new Error('script exhausted');
      return a;
    },
    async closeConn(conn: string): Promise<void> {
      closed.push(conn);
    },
  } as unknown as Bridge;
  return { bridge, sent, closed };
}

const session = (b: Bridge): BridgeSession => new BridgeSession(b, 'n1', 'jdbc:herddb:zookeeper:x:2181/herd', { user: 'sa' }, 4000);
const op = (f: string, value: unknown, key?: number): Op => ({ index: 0, time: 0, process: 0, type: 'invoke', f, value, ...(key === undefined ? {} : { key }) });
const rows = (...r: unknown[][]): BridgeAnswer => ({ ok: true, results: [{ rows: r }] });
const count = (n: number): BridgeAnswer => ({ ok: true, results: [{ count: n }] });

describe('register client', () => {
  it('builds a SELECT, an UPSERT and a guarded UPDATE per key', () => {
    expect(registerStatement(op('read', null, 4))).toEqual({ sql: 'SELECT v FROM faultline_register WHERE k=?', params: ['4'], query: true });
    expect(registerStatement(op('write', 2, 4))).toEqual({ sql: 'UPSERT INTO faultline_register(k,v) VALUES(?,?)', params: ['4', 2] });
    expect(registerStatement(op('cas', [1, 3], 4))).toEqual({ sql: 'UPDATE faultline_register SET v=? WHERE k=? AND v=?', params: [3, '4', 1] });
    expect(registerStatement(op('read', null))).toMatch(/without a key/);
    expect(registerStatement(op('cas', 1, 4))).toMatch(/cas needs/);
  });

  it('reads a value or null, judges cas by the update count', async () => {
    const { bridge, sent } = fakeBridge([rows([3]), rows(), count(1), count(0), count(1)]);
    const s = session(bridge);
    expect(await invokeRegister(s, op('read', null, 1))).toEqual({ type: 'ok', value: 3 });
    expect(await invokeRegister(s, op('read', null, 1))).toEqual({ type: 'ok', value: null });
    expect(await invokeRegister(s, op('cas', [3, 4], 1))).toEqual({ type: 'ok', value: [3, 4] });
    expect(await invokeRegister(s, op('cas', [3, 4], 1))).toEqual({ type: 'fail', value: [3, 4], error: CAS_MISMATCH });
    expect(await invokeRegister(s, op('write', 0, 1))).toEqual({ type: 'ok', value: 0 });
    expect(sent.every((r) => r.conn === s.conn && r.timeoutMs === 4000 && r.tx === false)).toBe(true);
  });

  it('a write lost in flight is info, a read that failed is fail, a malformed op sends nothing', async () => {
    const { bridge, sent } = fakeBridge([
      { ok: false, stage: 'execute', error: 'java.io.IOException: comunication channel is closed' },
      { ok: false, stage: 'execute', error: 'java.io.IOException: comunication channel is closed' },
    ]);
    const s = session(bridge);
    expect((await invokeRegister(s, op('write', 1, 1))).type).toBe('info');
    expect((await invokeRegister(s, op('read', null, 1))).type).toBe('fail');
    expect((await invokeRegister(s, op('swap', 1, 1))).type).toBe('fail');
    expect(sent).toHaveLength(2);
  });
});

describe('set client', () => {
  it('inserts elements and reads them sorted', async () => {
    expect(setStatement(op('add', 7))).toEqual({ sql: 'INSERT INTO faultline_set(e) VALUES(?)', params: [7] });
    expect(setStatement(op('add', 'x'))).toMatch(/integer/);
    const { bridge } = fakeBridge([count(1), rows([5], [1], [3])]);
    const s = session(bridge);
    expect(await invokeSet(s, op('add', 7))).toEqual({ type: 'ok', value: 7 });
    expect(await invokeSet(s, op('read', null))).toEqual({ type: 'ok', value: [1, 3, 5] });
  });
});

describe('bank client', () => {
  const settings = bankSettings({ bankAccounts: 4, bankTotal: 40 });

  it('keeps even and odd accounts in two tables and creates every account in one transaction', () => {
    expect([bankTable(0), bankTable(1), bankTable(2)]).toEqual(['faultline_bank_even', 'faultline_bank_odd', 'faultline_bank_even']);
    const s = bankSchema(settings);
    expect(s.tables).toHaveLength(2);
    expect(s.accounts.map((a) => a.params)).toEqual([[0, 10], [1, 10], [2, 10], [3, 10]]);
  });

  it('a transfer is a guarded debit and a credit in lock order (even table first, then id), in one transaction', async () => {
    const debit = { sql: 'UPDATE faultline_bank_odd SET balance=balance-? WHERE id=? AND balance>=?', params: [5, 1, 5], expect: 1 };
    const credit = { sql: 'UPDATE faultline_bank_even SET balance=balance+? WHERE id=?', params: [5, 2], expect: 1 };
    expect(transferStatements({ from: 1, to: 2, amount: 5 })).toEqual({ stmts: [credit, debit], debit: 1 });
    expect(transferStatements({ from: 2, to: 1, amount: 5 }).debit).toBe(0);
    expect(transferStatements({ from: 4, to: 2, amount: 5 }).debit).toBe(1);
    expect(transferStatements({ from: 3, to: 5, amount: 5 }).debit).toBe(0);
    const t = { from: 1, to: 2, amount: 5 };
    const { bridge, sent } = fakeBridge([
      { ok: true, results: [{ count: 1 }, { count: 1 }] },
      { ok: true, results: [{ count: 1 }, { count: 0 }], aborted: 1 },
      { ok: false, stage: 'execute', error: 'java.io.IOException: comunication channel is closed' },
      { ok: false, stage: 'commit', error: 'java.io.IOException: comunication channel is closed' },
    ]);
    const s = session(bridge);
    expect(await invokeBank(s, op('transfer', t), settings)).toEqual({ type: 'ok', value: t });
    expect(await invokeBank(s, op('transfer', t), settings)).toEqual({ type: 'fail', value: t, error: 'insufficient funds' });
    expect((await invokeBank(s, op('transfer', t), settings)).type).toBe('fail'); // never committed
    expect((await invokeBank(s, op('transfer', t), settings)).type).toBe('info'); // lost at the commit
    expect(sent.every((r) => r.tx === true && r.isolation === 'repeatable-read')).toBe(true);
    expect((await invokeBank(s, op('transfer', { from: 1, to: 1, amount: 5 }), settings)).type).toBe('fail');
    expect((await invokeBank(s, op('transfer', { from: 1, to: 9, amount: 5 }), settings)).type).toBe('fail');
    expect(sent).toHaveLength(4);
  });

  it('reads both tables in one transaction into { account: balance }', async () => {
    const { bridge, sent } = fakeBridge([{ ok: true, results: [{ rows: [[0, 3], [2, 10]] }, { rows: [[1, 17], [3, 10]] }] }]);
    expect(await invokeBank(session(bridge), op('read', null), settings)).toEqual({ type: 'ok', value: { 0: 3, 1: 17, 2: 10, 3: 10 } });
    expect(sent[0]).toMatchObject({ tx: true, stmts: BANK_READ });
    expect(balancesOf([{ count: 1 }])).toEqual({});
  });
});

describe('schema', () => {
  it('treats "already exists" as done and reports any other error', async () => {
    const { bridge } = fakeBridge([
      { ok: false, stage: 'execute', error: 'java.sql.SQLException: herddb.model.TableAlreadyExistsException: faultline_bank_even' },
      count(1),
      { ok: false, stage: 'execute', error: 'herddb.model.DuplicatePrimaryKeyException: key 0 already exists' },
    ]);
    const s = bankSchema(bankSettings({}));
    expect(await applySchema(session(bridge), s.tables, s.accounts)).toBeUndefined();
    const { bridge: b2 } = fakeBridge([{ ok: false, stage: 'timeout', error: 'no answer within 4000 ms' }]);
    expect(await applySchema(session(b2), s.tables, s.accounts)).toBe('timeout: no answer within 4000 ms');
  });
});
