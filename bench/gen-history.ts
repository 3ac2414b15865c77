/**
 * `npm run gen:history -- --ops 100000 --out h.edn [--alter] [--threads 20] [--crash 0.05]
 * [--seed 1]`: writes a generated hot-key cas-register history with crashed ops
 * (./crash-gen.ts) as Jepsen EDN (`.edn`) or faultline JSONL (any other extension), for
 * `faultline check … --model cas-register`. With `--alter`, one completed read in the second
 * half returns 99, a value never written; the line printed names it.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { encodeHeader, encodeOp, makeHeader } from '../core/history/format.js';
import { alterOneRead, generateCrashedHistory, toEdn } from './crash-gen.js';

function num(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0) {
    process.stderr.write(`gen-history: --${name}: not a number: ${raw}\n`);
    process.exit(254);
  }
  return v;
}

const USAGE = 'usage: npm run gen:history -- --out FILE [--ops N] [--threads N] [--crash P] [--seed N] [--alter]';

function parseFlags(): ReturnType<typeof parse> {
  try {
    return parse();
  } catch (e) {
    process.stderr.write(`gen-history: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    process.exit(254);
  }
}

function parse() {
  return parseArgs({
    options: {
      ops: { type: 'string' },
      out: { type: 'string' },
      threads: { type: 'string' },
      crash: { type: 'string' },
      seed: { type: 'string' },
      alter: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
}

const { values } = parseFlags();
if (values.help === true) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (values.out === undefined) {
  process.stderr.write('gen-history: --out FILE is required (.edn for EDN, else JSONL)\n');
  process.exit(254);
}
const seed = num('seed', values.seed, 1);
let history = generateCrashedHistory({
  ops: num('ops', values.ops, 100_000),
  threads: num('threads', values.threads, 20),
  crashRate: num('crash', values.crash, 0.05),
  seed,
});
let note = '';
if (values.alter === true) {
  const altered = alterOneRead(history);
  history = altered.history;
  const op = history[altered.index];
  note = `; altered: process ${String(op.process)} read → ${String(altered.value)} at index ${altered.index}`;
}
const out = values.out;
if (out.endsWith('.edn')) {
  writeFileSync(out, toEdn(history));
} else {
  const lines = [encodeHeader(makeHeader({ generator: 'bench/crash-gen.ts', seed })), ...history.map(encodeOp)];
  writeFileSync(out, `${lines.join('\n')}\n`);
}
process.stdout.write(`${out}: ${history.length} events, seed ${seed}${note}\n`);
