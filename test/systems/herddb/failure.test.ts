/**
 * How failed bridge requests are recorded: errors as the bridge reported them from a real
 * HerdDB 0.29.0 cluster (test/systems/herddb/herddb.integration.test.ts and campaign runs).
 */
import { describe, expect, it } from 'vitest';
import { failedCompletion, rejectedBeforeExecution, shortError, type BridgeAnswer } from '../../../systems/herddb/index.js';

type Failure = Extract<BridgeAnswer, { ok: false }>;

/** Recorded messages (socket ids shortened; the exception chain's outer wrappers as the bridge joins them). */
const RECORDED = {
  tableExists: 'java.sql.SQLException: herddb.model.TableAlreadyExistsException: reg <- herddb.client.HDBException: herddb.model.TableAlreadyExistsException: reg',
  duplicate: 'java.sql.SQLIntegrityConstraintViolationException: java.sql.SQLIntegrityConstraintViolationException: herddb.model.DuplicatePrimaryKeyException: key 00000001, decoded as 1, already exists in table reg',
  badColumn: "java.sql.SQLException: herddb.model.StatementExecutionException: From line 1, column 8 to line 1, column 13: Column 'NOSUCH' not found in any table Caused by: org.apache.calcite.tools.ValidationException: org.apache.calcite.runtime.CalciteContextException",
  refused: 'java.sql.SQLException: java.net.ConnectException: finishConnect(..) failed: Connection refused <- herddb.client.HDBException: java.net.ConnectException: finishConnect(..) failed: Connection refused <- java.net.ConnectException: finishConnect(..) failed: Connection refused',
  channelClosed: 'java.sql.SQLException: java.io.IOException: comunication channel is closed. Cannot wait for pending messages, socket=[id: 0xffc0, L:/10.231.86.1:40000 ! R:10.231.86.11/10.231.86.11:7000] <- herddb.client.HDBException: java.io.IOException: comunication channel is closed. Cannot wait for pending messages',
  lockTimeout: 'java.sql.SQLException: herddb.client.HDBException: herddb.model.StatementExecutionException: herddb.utils.LockAcquireTimeoutException: timed out acquiring lock for write',
  noLeaderInfo: 'java.sql.SQLException: herddb.client.ClientSideMetadataProviderException: org.apache.zookeeper.KeeperException$SessionExpiredException: KeeperErrorCode = Session expired for /herd/tableSpaces/herd',
  /** Not yet seen in our runs (the driver retries it away); the form HerdDB's NotLeaderException takes. */
  notLeader: 'java.sql.SQLException: herddb.client.impl.RetryRequestException: herddb.model.NotLeaderException: node n2 is not leader for tableSpace herd',
};

const f = (stage: Failure['stage'], error: string, reached?: 'connect' | 'execute' | 'commit'): Failure => ({ ok: false, stage, error, ...(reached ? { reached } : {}) });

describe('rejectedBeforeExecution', () => {
  it('knows the server rejections and a connection that never opened', () => {
    for (const k of ['tableExists', 'duplicate', 'badColumn', 'refused', 'lockTimeout', 'noLeaderInfo', 'notLeader'] as const) expect(rejectedBeforeExecution(RECORDED[k]), k).toBe(true);
  });
  it('does not take a lost channel or an unknown error for a rejection', () => {
    expect(rejectedBeforeExecution(RECORDED.channelClosed)).toBe(false);
    expect(rejectedBeforeExecution('java.sql.SQLException: something odd')).toBe(false);
  });
});

describe('failedCompletion', () => {
  const v = { any: 1 };
  it('a failed read is a fail, whatever happened', () => {
    expect(failedCompletion('read', null, f('timeout', 'no answer within 4000 ms', 'execute')).type).toBe('fail');
    expect(failedCompletion('read', null, f('execute', RECORDED.channelClosed)).type).toBe('fail');
    expect(failedCompletion('read', null, f('bridge', 'bridge exited (1)')).type).toBe('fail');
  });

  it('an auto-committed write rejected before execution is a fail; one whose channel closed is info', () => {
    expect(failedCompletion('write', v, f('execute', RECORDED.duplicate))).toMatchObject({ type: 'fail', value: v });
    expect(failedCompletion('write', v, f('execute', RECORDED.refused)).type).toBe('fail');
    expect(failedCompletion('write', v, f('execute', RECORDED.notLeader)).type).toBe('fail');
    expect(failedCompletion('write', v, f('execute', RECORDED.channelClosed)).type).toBe('info');
    expect(failedCompletion('write', v, f('execute', 'java.sql.SQLException: unheard of')).type).toBe('info');
  });

  it('nothing sent is a fail; the bridge lost or silent is info for writes', () => {
    expect(failedCompletion('write', v, f('connect', 'bridge exited (1)')).type).toBe('fail');
    expect(failedCompletion('tx', v, f('connect', 'x')).type).toBe('fail');
    expect(failedCompletion('write', v, f('bridge', 'bridge exited (SIGKILL)')).type).toBe('info');
    expect(failedCompletion('write', v, f('timeout', 'bridge gave no answer within 5000 ms')).type).toBe('info');
  });

  it("uses how far the bridge's deadline found the request", () => {
    expect(failedCompletion('write', v, f('timeout', 'no answer within 4000 ms', 'connect')).type).toBe('fail');
    expect(failedCompletion('write', v, f('timeout', 'no answer within 4000 ms', 'execute')).type).toBe('info');
    expect(failedCompletion('tx', v, f('timeout', 'no answer within 4000 ms', 'execute')).type).toBe('fail');
    const c = failedCompletion('tx', v, f('timeout', 'no answer within 4000 ms', 'commit'));
    expect(c).toEqual({ type: 'info', value: v, error: 'timeout: no answer within 4000 ms (reached commit)' });
  });

  it('a transaction that failed before its commit is a fail; at the commit it is info', () => {
    expect(failedCompletion('tx', v, f('execute', RECORDED.channelClosed)).type).toBe('fail');
    expect(failedCompletion('tx', v, f('commit', RECORDED.channelClosed)).type).toBe('info');
    expect(failedCompletion('tx', v, f('commit', RECORDED.notLeader)).type).toBe('info');
  });

  it('records the innermost HerdDB or network cause, bounded', () => {
    expect(shortError(RECORDED.refused)).toBe('java.net.ConnectException: finishConnect(..) failed: Connection refused');
    expect(failedCompletion('write', v, f('execute', RECORDED.duplicate)).error).toBe(
      'execute: java.sql.SQLIntegrityConstraintViolationException: java.sql.SQLIntegrityConstraintViolationException: herddb.model.DuplicatePrimaryKeyException: key 00000001, decoded as 1, already exists in table reg',
    );
    expect(shortError('x'.repeat(1000))).toHaveLength(300);
  });
});
