/**
 * What a failed Kafka send means for the history. Pure; unit-tested.
 *
 * kafkajs retries a send internally, so its final error says only how the LAST attempt ended:
 * an earlier attempt may have timed out after the broker appended the record. The client
 * therefore records every failed attempt of a send (kafkajs logs each one at error level from
 * its producer, see stream.ts) and a send is `fail` only when the final error and every
 * attempt are definite rejections — the broker refused the batch before appending it, or the
 * request never left this process:
 *
 * - broker refusals: `NOT_LEADER_FOR_PARTITION` (NOT_LEADER_OR_FOLLOWER), `LEADER_NOT_AVAILABLE`,
 *   `UNKNOWN_TOPIC_OR_PARTITION`, `NOT_ENOUGH_REPLICAS` (checked before the append; unlike
 *   `NOT_ENOUGH_REPLICAS_AFTER_APPEND`), `OUT_OF_ORDER_SEQUENCE_NUMBER`, `INVALID_PRODUCER_EPOCH`,
 *   `MESSAGE_TOO_LARGE`, `RECORD_LIST_TOO_LARGE`, `INVALID_TOPIC_EXCEPTION`,
 *   `TOPIC_AUTHORIZATION_FAILED`, `INVALID_REQUIRED_ACKS`, `CORRUPT_MESSAGE`;
 * - never sent: a refused or timed-out TCP connect, metadata missing for the topic, a
 *   request other than Produce timing out (metadata), the producer disconnected, kafkajs'
 *   own validation.
 *
 * Everything else — `REQUEST_TIMED_OUT`, `NOT_ENOUGH_REPLICAS_AFTER_APPEND`,
 * `NETWORK_EXCEPTION`, a closed or reset connection, a Produce request timing out, our own
 * deadline, an unknown error — may have been appended: `info`.
 */

/** kafkajs' messages of broker error codes that reject a produce before appending. */
export const DEFINITE_BROKER_MESSAGES: Readonly<Record<string, string>> = {
  NOT_LEADER_FOR_PARTITION: 'This server is not the leader for that topic-partition',
  LEADER_NOT_AVAILABLE: 'There is no leader for this topic-partition as we are in the middle of a leadership election',
  UNKNOWN_TOPIC_OR_PARTITION: 'This server does not host this topic-partition',
  NOT_ENOUGH_REPLICAS: 'Messages are rejected since there are fewer in-sync replicas than required',
  OUT_OF_ORDER_SEQUENCE_NUMBER: 'The broker received an out of order sequence number',
  INVALID_PRODUCER_EPOCH: "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker",
  MESSAGE_TOO_LARGE: 'The request included a message larger than the max message size the server will accept',
  RECORD_LIST_TOO_LARGE: 'The request included message batch larger than the configured segment size on the server',
  INVALID_TOPIC_EXCEPTION: 'The request attempted to perform an operation on an invalid topic',
  TOPIC_AUTHORIZATION_FAILED: 'Not authorized to access topics: [Topic authorization failed]',
  INVALID_REQUIRED_ACKS: 'Produce request specified an invalid value for required acks',
  CORRUPT_MESSAGE: 'This message has failed its CRC checksum, exceeds the valid size, or is otherwise corrupt',
};

const DEFINITE_MESSAGES = new Set(Object.values(DEFINITE_BROKER_MESSAGES));

/** Messages of errors raised before anything reached a broker. */
const NEVER_SENT: readonly RegExp[] = [
  /^Connection error: connect (ECONNREFUSED|EHOSTUNREACH|ENETUNREACH)\b/,
  /^Connection timeout$/,
  /^Producing to topic without metadata$/,
  /^Request (?!Produce\()\w+\(key: \d+, version: \d+\) timed out$/,
  /^The producer is disconnected$/,
  /^The producer is disconnecting/,
  /^Invalid topic$/,
  /^Invalid messages array/,
  /^Invalid message without value/,
  /^Not requiring ack for all messages invalidates/,
];

/**
 * kafkajs' prefixes on its per-attempt log lines: a retriable failure (error level), and a
 * failure after which the producer found itself disconnected (debug level; the reconnect's
 * own error then replaces this attempt's, so this line is the only trace of it).
 */
const ATTEMPT_PREFIXES = ['Failed to send messages: ', 'Cluster has disconnected, reconnecting: '];

/** A failure message without kafkajs' per-attempt prefix. Pure. */
export function bareMessage(message: string): string {
  const p = ATTEMPT_PREFIXES.find((x) => message.startsWith(x));
  return p === undefined ? message : message.slice(p.length);
}

/** True when the failure `message` (a kafkajs error's or an attempt log line's) certainly means nothing was appended. Pure. */
export function definitelyNotAppended(message: string): boolean {
  const m = bareMessage(message);
  return DEFINITE_MESSAGES.has(m) || NEVER_SENT.some((re) => re.test(m));
}

/**
 * `fail` when the final error and every failed attempt of a send certainly appended nothing,
 * else `info` (see the module notes). Pure.
 * @param finalMessage the message of the error the send rejected with
 * @param attempts the messages of the failed attempts kafkajs logged during this send
 */
export function sendOutcome(finalMessage: string, attempts: readonly string[]): 'fail' | 'info' {
  return definitelyNotAppended(finalMessage) && attempts.every(definitelyNotAppended) ? 'fail' : 'info';
}

/** The message of any thrown value. Pure. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
