/** How JetStream send and poll failures are classified: `fail` only when nothing was stored. */
import { ErrorCode, NatsError } from 'nats';
import { describe, expect, it } from 'vitest';
import { apiErrorOf, describeError, isNoResponders, isStreamNotFound, natsCodeOf, PullTimeout, sendCertainlyFailed, sendFailure } from '../../../systems/jetstream/index.js';

/** A JetStream API error as the nats client raises it (a NatsError carrying `api_error`). */
const apiError = (code: number, errCode: number, description: string): NatsError =>
  Object.assign(new NatsError(description, String(code)), { api_error: { code, err_code: errCode, description } });
const noResponders = (): NatsError => NatsError.errorForCode(ErrorCode.NoResponders);
const timeout = (): NatsError => NatsError.errorForCode(ErrorCode.Timeout);

describe('sendCertainlyFailed', () => {
  it.each([
    ['no responders after publishing (no stream took the subject)', 'publish', noResponders(), true],
    ['stream not found in the ack', 'publish', apiError(404, 10059, 'stream not found'), true],
    ['expected stream does not match', 'publish', apiError(400, 10060, 'expected stream does not match'), true],
    ['wrong last sequence', 'publish', apiError(400, 10071, 'wrong last sequence: 3'), true],
    ['JetStream not enabled', 'publish', apiError(503, 10076, 'JetStream not enabled'), true],
    ['a timeout after publishing', 'publish', timeout(), false],
    ['our own pull/publish deadline', 'publish', new PullTimeout(100), false],
    ['a disconnect after publishing', 'publish', NatsError.errorForCode(ErrorCode.Disconnect), false],
    ['the connection closing under the request', 'publish', NatsError.errorForCode(ErrorCode.ConnectionClosed), false],
    ['JetStream temporarily unavailable in the ack', 'publish', apiError(503, 10008, 'JetStream system temporarily unavailable'), false],
    ['an API error without err_code', 'publish', apiError(500, Number.NaN, 'x'), false],
    ['an unknown error', 'publish', new Error('boom'), false],
    ['anything before publishing (stream create timed out)', 'before-publish', timeout(), true],
    ['stream create: insufficient resources', 'before-publish', apiError(500, 10023, 'insufficient resources'), true],
  ] as const)('%s → %s', (_what, stage, e, definite) => {
    expect(sendCertainlyFailed(stage, e)).toBe(definite);
  });
});

describe('sendFailure', () => {
  const value = [['send', 'k', [1, 10]], ['send', 'k', 11]];
  it('is fail only for the first micro-op failing for certain; info once something was stored or may have been', () => {
    expect(sendFailure(value, 0, 'publish', noResponders())).toEqual({ type: 'fail', value, error: '503: no responders' });
    expect(sendFailure(value, 0, 'before-publish', timeout())).toMatchObject({ type: 'fail', error: expect.stringMatching(/^before publishing: TIMEOUT/) });
    expect(sendFailure(value, 1, 'publish', noResponders())).toMatchObject({ type: 'info' });
    expect(sendFailure(value, 0, 'publish', timeout())).toMatchObject({ type: 'info', error: 'TIMEOUT' });
  });
});

describe('error facts', () => {
  it('reads the nats code, the API error and says which is which', () => {
    const nf = apiError(404, 10059, 'stream not found');
    expect(natsCodeOf(nf)).toBe('404');
    expect(apiErrorOf(nf)).toEqual({ code: 404, err_code: 10059, description: 'stream not found' });
    expect(isStreamNotFound(nf)).toBe(true);
    expect(isStreamNotFound(apiError(404, 10014, 'consumer not found'))).toBe(false);
    expect(isNoResponders(noResponders())).toBe(true);
    expect(isNoResponders(apiError(503, 10076, 'JetStream not enabled'))).toBe(false);
    expect(describeError(nf)).toBe('404 [10059]: stream not found');
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError('text')).toBe('text');
    expect(apiErrorOf(null)).toBeUndefined();
  });
});
