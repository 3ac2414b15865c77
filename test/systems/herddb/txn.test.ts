import { describe, expect, it } from 'vitest';
import { keyRowStatement, txnReadValue, txnSchema, txnStatement, txnTable } from '../../../systems/herddb/index.js';

describe('herddb txn statements', () => {
  it('spreads keys over two tables', () => {
    expect([0, 1, 2, 3].map((k) => txnTable('append', k))).toEqual(['faultline_append_0', 'faultline_append_1', 'faultline_append_0', 'faultline_append_1']);
    expect(txnSchema('wr').map((s) => s.sql)).toEqual(['CREATE TABLE faultline_wr_0 (k long primary key, v long)', 'CREATE TABLE faultline_wr_1 (k long primary key, v long)']);
  });
  it('gives every key its row first: an empty list or a null register', () => {
    expect(keyRowStatement('append', 3)).toEqual({ sql: 'INSERT INTO faultline_append_1(k,v) VALUES(?,?)', params: [3, 0] });
    expect(keyRowStatement('wr', 2).params).toEqual([2, null]);
  });
  it('reads by key, appends and writes with updates that must change one row', () => {
    expect(txnStatement('append', ['r', 5, null])).toEqual({ sql: 'SELECT v FROM faultline_append_1 WHERE k=?', params: [5], query: true });
    expect(txnStatement('append', ['append', 4, 7])).toEqual({ sql: 'UPDATE faultline_append_0 SET v = v * 32 + ? WHERE k=?', params: [7, 4], expect: 1 });
    expect(txnStatement('wr', ['w', 4, 7])).toEqual({ sql: 'UPDATE faultline_wr_0 SET v=? WHERE k=?', params: [7, 4], expect: 1 });
  });
  it('parses reads', () => {
    expect(txnReadValue('append', [])).toBeNull();
    expect(txnReadValue('append', [[0]])).toEqual([]);
    expect(txnReadValue('append', [[1 * 32 + 2]])).toEqual([1, 2]);
    expect(txnReadValue('append', [[2 ** 50 - 1]])).toEqual(new Array(10).fill(31)); // the longest list
    expect(txnReadValue('wr', [[null]])).toBeNull();
    expect(txnReadValue('wr', [[9]])).toBe(9);
  });
});
