/**
 * Importer for Jepsen histories in EDN: op maps one after another (usually one per line, as in
 * test/fixtures/vectors/porcupine/kv/*.txt), or one vector `[...]` or list `(...)` holding all the
 * op maps (Knossos's data files use both). Parsing is done by the `edn-data` package; this file
 * only feeds it line by line to know where each op is. Jepsen `independent` histories (every
 * client op's value a `[key value]` tuple) are split by key, see ./independent.ts.
 */
import type { EDNVal } from 'edn-data';
import { EDNListParser } from 'edn-data/dist/parse.js';
import { InputError } from '../../errors.js';
import type { History } from '../../op.js';
import { indexOrderProblem, MAX_NESTING } from '../validate.js';
import { ednDeeperThan, ednKind, isEdnMap, opFromEdnMap } from './edn-op.js';
import { splitIndependent } from './independent.js';
import { normalizeTxnOps } from './txn.js';

/** A top-level EDN value and the 1-based line where it started. */
interface Located {
  value: EDNVal;
  line: number;
}

/**
 * Parses an EDN history into ops. Pure.
 *
 * Keywords become strings without the colon, `nil` → null, vectors and lists → arrays (see
 * `ednToPlain` in ./edn-op.ts). `:index` and `:time` default to the op's position when absent
 * (so give `:index` on every op or on none).
 *
 * @param text the whole file: op maps one after another, or a single vector or list of op maps
 * @param file the file name used in error messages
 * @returns the ops in file order; `[]` for an empty file or an empty vector or list. When every
 *   client op's value is a `[key value]` tuple (Jepsen's `independent`), each op gets `key` and
 *   `value` from its tuple; `txn` micro-ops `:read`/`:write` become `r`/`w` (./txn.ts).
 * @throws InputError with `file:line` and the text of that line for malformed EDN, a value that
 *   is not an op map, a map missing `:process`, `:type` or `:f` or with a bad one, or an
 *   `:index` that does not increase; the line is where the bad value starts (also inside the
 *   one-vector form). Known gap: `edn-data` silently ignores a stray `}`.
 */
export function parseEdnHistory(text: string, file: string): History {
  const original = text.split(/\r?\n/);
  const lines = [...original];
  const vector = outerVector(lines);
  if (vector) {
    if (!vector.close) throw new InputError(file, vector.open.line + 1, `malformed EDN: ${vector.kind} is not closed`, lines[vector.open.line]);
    lines[vector.open.line] = blankAt(lines[vector.open.line], vector.open.col);
    lines[vector.close.line] = blankAt(lines[vector.close.line], vector.close.col);
  }
  const history: History = [];
  let lastIndex: number | undefined;
  for (const { value, line } of topLevelValues(lines, original, file)) {
    const fail = (problem: string): InputError => new InputError(file, line, problem, original[line - 1]);
    if (ednDeeperThan(value, MAX_NESTING)) throw fail(`nested more than ${MAX_NESTING} levels deep`);
    if (!isEdnMap(value)) throw fail(`expected an op map, got ${ednKind(value)}`);
    const op = opFromEdnMap(value, history.length);
    if (typeof op === 'string') throw fail(op);
    const order = indexOrderProblem(lastIndex, op.index);
    if (order) throw fail(order);
    lastIndex = op.index;
    history.push(op);
  }
  return normalizeTxnOps(splitIndependent(history));
}

/** Feeds the lines to `edn-data` one at a time and yields each top-level value with its line. */
function* topLevelValues(lines: readonly string[], original: readonly string[], file: string): Generator<Located> {
  const parser = new EDNListParser();
  parser.next('(');
  let openLine = 0; // line where the form still open at the end of the previous line started
  for (let i = 0; i < lines.length; i++) {
    const wasOpen = inForm(parser);
    const symbolic = lines[i].includes('##') ? symbolicValue(lines[i], parser.mode >= STRING_MODE && parser.mode <= UNICODE_MODE) : undefined;
    if (symbolic !== undefined) {
      throw new InputError(file, i + 1, `EDN symbolic value ${symbolic} is not supported: op values must be JSON values (no NaN or infinities)`, original[i]);
    }
    let values: (EDNVal | undefined)[];
    try {
      values = parser.next(`${lines[i]}\n`);
    } catch (err) {
      const msg = err instanceof TypeError ? 'unbalanced brackets' : (err as Error).message;
      throw new InputError(file, i + 1, `malformed EDN: ${msg}`, original[i]);
    }
    if (parser.isDone()) throw new InputError(file, i + 1, "malformed EDN: unexpected ')'", original[i]);
    if (parser.stack.length === 0 && parser.result !== undefined) {
      values.push(parser.result as EDNVal); // a scalar that ended at the end of this line
      parser.result = undefined;
    }
    let first = true;
    for (const value of values) {
      if (value === undefined) continue;
      yield { value, line: first && wasOpen ? openLine : i + 1 };
      first = false;
    }
    if (inForm(parser) && (!wasOpen || values.length > 0)) openLine = i + 1;
  }
  const rest = parser.next(')');
  if (!parser.isDone() || parser.stack.length > 0) {
    throw new InputError(file, openLine, 'malformed EDN: unclosed map, vector or string', original[openLine - 1]);
  }
  for (const value of rest) if (value !== undefined) yield { value, line: openLine || lines.length };
}

/** `edn-data`'s parser mode while inside a string (its `ParseMode.string`). */
const STRING_MODE = 1;
/** Its last in-string mode (`ParseMode.unicode`; `escape` = 2 lies between). */
const UNICODE_MODE = 3;

/**
 * The first EDN symbolic value (`##NaN`, `##Inf`, `##-Inf`, or any other `##…`) of `line`
 * outside strings and comments, or undefined. `edn-data` does not know them: it reads `##NaN`
 * as a tag on the next value, which shifts a map's keys and values. Pure.
 * @param inString whether the line starts inside a string left open by the line before
 */
export function symbolicValue(line: string, inString = false): string | undefined {
  let str = inString;
  for (let j = 0; j < line.length; j++) {
    const c = line[j];
    if (str) {
      if (c === '\\') j++;
      else if (c === '"') str = false;
    } else if (c === '"') str = true;
    else if (c === ';') return undefined;
    else if (c === '\\') j++; // a character literal such as \" or \;
    else if (c === '#' && line[j + 1] === '#') return /^##[^\s,\]\)\}]*/.exec(line.slice(j))?.[0];
  }
  return undefined;
}

/** True while the parser is inside an unfinished form or string. Reads `edn-data` state. */
function inForm(parser: EDNListParser): boolean {
  const idle = 0;
  const comment = 4;
  return parser.stack.length > 0 || (parser.mode !== idle && parser.mode !== comment);
}

interface Pos {
  line: number;
  col: number;
}

const CLOSERS: Record<string, string> = { '[': ']', '(': ')' };

/**
 * When the first significant character (after whitespace, commas and `;` comments) is `[` or
 * `(`, returns its position and that of the last significant character if it is the matching
 * `]` or `)`. Pure.
 */
function outerVector(lines: readonly string[]): { kind: 'vector' | 'list'; open: Pos; close?: Pos } | undefined {
  let open: Pos | undefined;
  let opener = '';
  for (let i = 0; i < lines.length && !open; i++) {
    const m = /^[\s,]*(.)/.exec(lines[i]);
    if (!m || m[1] === ';') continue;
    if (CLOSERS[m[1]] === undefined) return undefined;
    opener = m[1];
    open = { line: i, col: m[0].length - 1 };
  }
  if (!open) return undefined;
  const kind = opener === '[' ? 'vector' : 'list';
  for (let i = lines.length - 1; i >= open.line; i--) {
    const m = /(.)[\s,]*$/.exec(lines[i]);
    if (!m) continue;
    const col = lines[i].length - m[0].length;
    if (m[1] !== CLOSERS[opener] || (i === open.line && col === open.col)) return { kind, open };
    return { kind, open, close: { line: i, col } };
  }
  return { kind, open };
}

function blankAt(line: string, col: number): string {
  return `${line.slice(0, col)} ${line.slice(col + 1)}`;
}
