/**
 * How stream keys map onto JetStream: each key is its own stream (so its sequence numbers are
 * the key's offsets, contiguous from 1) with exactly one subject. Pure; unit-tested.
 */

/** Prefix of every stream and subject faultline makes. */
export const PREFIX = 'fl';

/** Characters kept as they are in stream names and subject tokens; others are escaped. */
const PLAIN = /^[A-Za-z0-9-]$/;

/**
 * `key` as one name token: letters, digits and `-` kept, every other character (UTF-16 unit)
 * written as `_` plus 4 hex digits, so distinct keys give distinct tokens that contain no
 * `.`, `*`, `>`, spaces or path separators. Pure.
 * @throws Error for an empty key
 */
export function keyToken(key: string): string {
  if (key === '') throw new Error('empty stream key');
  let out = '';
  for (const ch of key.split('')) out += PLAIN.test(ch) ? ch : `_${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return out;
}

/** The stream of `key`, e.g. `fl-t3`. Pure. */
export function streamName(key: string): string {
  return `${PREFIX}-${keyToken(key)}`;
}

/** The only subject of `key`'s stream, e.g. `fl.t3`. Pure. */
export function subjectOf(key: string): string {
  return `${PREFIX}.${keyToken(key)}`;
}

/** The durable consumer a consumer group `group` shares on every stream, e.g. `fl-g-faultline`. Pure. */
export function durableName(group: string): string {
  return `${PREFIX}-g-${keyToken(group)}`;
}
