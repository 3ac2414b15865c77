import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/errors.js';
import { parseCheckFlags } from '../../../harness/cli/check-options.js';

const MODELS = ['register', 'kv'];

describe('parseCheckFlags', () => {
  it('applies defaults', () => {
    expect(parseCheckFlags('h.edn', { model: 'kv' }, MODELS)).toEqual({ file: 'h.edn', model: 'kv', workers: 0, splitByKey: true, json: false });
  });
  it('reads every flag', () => {
    expect(parseCheckFlags('h', { model: 'kv', format: 'edn', timeout: '1.5', workers: '4', json: true, split: false }, MODELS)).toEqual({
      file: 'h', model: 'kv', format: 'edn', timeoutMs: 1500, workers: 4, splitByKey: false, json: true,
    });
  });
  it('--first-failure: set only when given, and only for the linearizability models', () => {
    expect(parseCheckFlags('h', { model: 'kv', firstFailure: true }, MODELS).firstFailure).toBe(true);
    expect(parseCheckFlags('h', { model: 'kv', firstFailure: false }, MODELS)).not.toHaveProperty('firstFailure');
    const txn = { models: ['list-append'], consistency: (m: string) => m, known: ['serializable'] };
    expect(() => parseCheckFlags('h', { model: 'list-append', firstFailure: true }, [...MODELS, 'list-append'], txn)).toThrow(
      new UsageError('--first-failure: only for the linearizability models, not "list-append"'),
    );
  });
  it.each([
    [{}, '--model is required (one of: register, kv)'],
    [{ model: 'cas' }, '--model: unknown model "cas" (known: register, kv)'],
    [{ model: 'kv', format: 'json' }, '--format: unknown format "json" (known: jsonl, edn, jepsen-log)'],
    [{ model: 'kv', timeout: '' }, '--timeout: expected a positive decimal number of seconds (at most 604800), got ""'],
    [{ model: 'kv', timeout: '1e3' }, '--timeout: expected a positive decimal number of seconds (at most 604800), got "1e3"'],
    [{ model: 'kv', timeout: '0.0' }, '--timeout: expected a positive decimal number of seconds (at most 604800), got "0.0"'],
    [{ model: 'kv', timeout: '1e308' }, '--timeout: expected a positive decimal number of seconds (at most 604800), got "1e308"'],
    [{ model: 'kv', timeout: '9999999' }, '--timeout: expected a positive decimal number of seconds (at most 604800), got "9999999"'],
    [{ model: 'kv', workers: '100000' }, '--workers: expected an integer from 0 to 256, got "100000"'],
    [{ model: 'kv', workers: '-2' }, '--workers: expected an integer from 0 to 256, got "-2"'],
  ])('%j → %s', (flags, message) => {
    let err: unknown;
    try {
      parseCheckFlags('h', flags, MODELS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(message);
  });
});
