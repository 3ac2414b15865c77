/**
 * The test vectors: every file listed in test/fixtures/vectors/EXPECTED.tsv must get exactly
 * its expected verdict (never unknown). Jepsen etcd logs are checked as `cas-register`, the kv
 * EDN histories as `kv` (split by key), and the small kv ones also unsplit.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLinearizable, formatExplanation } from '../../../checkers/linearizable/index.js';
import { parseEdnHistory } from '../../../core/history/import/edn.js';
import { parseJepsenLog } from '../../../core/history/import/jepsen-log.js';
import type { History } from '../../../core/op.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const vectors = join(root, 'test', 'fixtures', 'vectors');

const rows = readFileSync(join(vectors, 'EXPECTED.tsv'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('file\t'))
  .map((l) => {
    const [file, expected] = l.split('\t');
    return { file, expected: expected === 'true' };
  });

function load(file: string): { history: History; model: string } {
  const text = readFileSync(join(vectors, file), 'utf8');
  if (file.endsWith('.log')) return { history: parseJepsenLog(text, file), model: 'cas-register' };
  return { history: parseEdnHistory(text, file), model: 'kv' };
}

describe('shared vectors (EXPECTED.tsv)', () => {
  it('lists 108 files', () => {
    expect(rows.length).toBe(108);
  });
  for (const { file, expected } of rows) {
    it(`${file} → ${expected}`, async () => {
      const { history, model } = load(file);
      const v = await checkLinearizable(history, model, { timeoutMs: 30_000 });
      expect(v.valid, v.reason ?? formatExplanation(v)).toBe(expected);
      if (!expected) {
        expect(v.failures.length).toBeGreaterThan(0);
        expect(v.explanation).toMatch(/NOT linearizable/);
      }
    });
  }
  for (const file of ['porcupine/kv/c01-ok.txt', 'porcupine/kv/c01-bad.txt', 'porcupine/kv/c10-ok.txt', 'porcupine/kv/c10-bad.txt']) {
    const expected = rows.find((r) => r.file === file)?.expected;
    it(`${file} unsplit → ${String(expected)}`, async () => {
      const { history } = load(file);
      const v = await checkLinearizable(history, 'kv', { splitByKey: false, timeoutMs: 30_000 });
      expect(v.valid).toBe(expected);
    });
  }
});
