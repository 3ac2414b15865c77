import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DEFINITE_BROKER_MESSAGES, definitelyNotAppended, sendOutcome } from '../../../systems/kafka/index.js';

const require = createRequire(import.meta.url);
const { errorCodes } = require('kafkajs/src/protocol/error') as { errorCodes: { type: string; message: string }[] };

describe('kafka send outcome', () => {
  it('knows the exact messages kafkajs gives the definite broker refusals', () => {
    for (const [type, message] of Object.entries(DEFINITE_BROKER_MESSAGES)) {
      expect(errorCodes.find((e) => e.type === type)?.message, type).toBe(message);
    }
  });

  it('fails a send refused before the append, on its only attempt', () => {
    expect(sendOutcome(DEFINITE_BROKER_MESSAGES.NOT_LEADER_FOR_PARTITION, [])).toBe('fail');
    expect(sendOutcome(DEFINITE_BROKER_MESSAGES.NOT_ENOUGH_REPLICAS, [`Failed to send messages: ${DEFINITE_BROKER_MESSAGES.NOT_ENOUGH_REPLICAS}`])).toBe('fail');
    expect(sendOutcome('Connection error: connect ECONNREFUSED 10.0.0.1:9092', [])).toBe('fail');
    expect(sendOutcome('Request Metadata(key: 3, version: 6) timed out', [])).toBe('fail');
    expect(sendOutcome('The producer is disconnected', [])).toBe('fail');
  });

  it('leaves a send info when any attempt may have appended', () => {
    const notLeader = DEFINITE_BROKER_MESSAGES.NOT_LEADER_FOR_PARTITION;
    // The last attempt was refused, but an earlier one timed out after sending.
    expect(sendOutcome(notLeader, ['Request Produce(key: 0, version: 7) timed out', `Failed to send messages: ${notLeader}`])).toBe('info');
    expect(sendOutcome('Messages are written to the log, but to fewer in-sync replicas than required', [])).toBe('info');
    expect(sendOutcome('The request timed out', [])).toBe('info');
    expect(sendOutcome('Closed connection', [])).toBe('info');
    expect(sendOutcome('Connection error: read ECONNRESET', [])).toBe('info');
    expect(sendOutcome('Request Produce(key: 0, version: 7) timed out', [])).toBe('info');
    expect(sendOutcome('something new', [])).toBe('info');
  });

  it('leaves info a refused reconnect that hid an attempt ending in a closed connection', () => {
    expect(sendOutcome('Connection error: connect ECONNREFUSED 10.0.0.1:9092', ['Cluster has disconnected, reconnecting: Closed connection'])).toBe('info');
    expect(sendOutcome(DEFINITE_BROKER_MESSAGES.NOT_LEADER_FOR_PARTITION, ['Cluster has disconnected, reconnecting: Connection error: read ECONNRESET'])).toBe('info');
  });

  it('strips kafkajs attempt prefixes', () => {
    expect(definitelyNotAppended(`Failed to send messages: ${DEFINITE_BROKER_MESSAGES.LEADER_NOT_AVAILABLE}`)).toBe(true);
    expect(definitelyNotAppended('Failed to send messages: The server disconnected before a response was received')).toBe(false);
  });
});
