/**
 * The history file format: JSON Lines, append-only. Line 1 is a versioned header
 * `{"faultline":"history","version":1, ...meta}`; every further line is one {@link Op}.
 * Pure encoding and decoding of single lines; the writer and reader do the I/O.
 */
import type { Op } from '../op.js';
import type { Checked } from './validate.js';
import { describe } from './validate.js';

/** The history file version this code writes, and the only one it reads. */
export const HISTORY_VERSION = 1;

/** The header line: format tag, version, and free-form metadata (test name, seed, start time…). */
export interface HistoryHeader {
  faultline: 'history';
  version: number;
  [meta: string]: unknown;
}

/**
 * Builds the header for a new file from metadata: `faultline` and `version` first (same-named
 * keys in `meta` are ignored), then the metadata. Pure.
 */
export function makeHeader(meta: Record<string, unknown> = {}): HistoryHeader {
  const { faultline: _tag, version: _version, ...rest } = meta;
  return { faultline: 'history', version: HISTORY_VERSION, ...rest };
}

/**
 * Checks a parsed first line: it must be a header object of a version this code knows. Pure.
 * @returns the header, or a problem naming the bad tag or the unknown version
 */
export function checkHeader(raw: unknown): Checked<HistoryHeader> {
  if (isOpLike(raw)) {
    return { ok: false, problem: `line 1 is an op, not the history header: a faultline JSONL history starts with {"faultline":"history","version":${HISTORY_VERSION}} (add that line first)` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as { faultline?: unknown }).faultline !== 'history') {
    return { ok: false, problem: 'not a faultline history file: line 1 must be the header {"faultline":"history","version":…}' };
  }
  const version = (raw as { version?: unknown }).version;
  if (version !== HISTORY_VERSION) {
    return {
      ok: false,
      problem: `unsupported history version ${describe(version)}: this faultline reads version ${HISTORY_VERSION} only`,
    };
  }
  return { ok: true, value: raw as HistoryHeader };
}

/**
 * Encodes one op as a JSON line (with the trailing newline). Fields in a fixed order; optional
 * fields only when set; an `undefined` value is written as `null`. Pure.
 * @throws TypeError when the value is not JSON-serialisable (e.g. a bigint)
 */
export function encodeOp(op: Op): string {
  const out: Op = { index: op.index, time: op.time, process: op.process, type: op.type, f: op.f, value: op.value ?? null };
  if (op.key !== undefined) out.key = op.key;
  if (op.node !== undefined) out.node = op.node;
  if (op.error !== undefined) out.error = op.error;
  return `${JSON.stringify(out)}\n`;
}

/** Encodes the header as a JSON line (with the trailing newline). Pure. */
export function encodeHeader(header: HistoryHeader): string {
  return `${JSON.stringify(header)}\n`;
}

/** True for a JSON object that looks like an op (has `type` and `process` or `f`). Pure. */
function isOpLike(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const o = raw as Record<string, unknown>;
  return o.faultline === undefined && 'type' in o && ('process' in o || 'f' in o);
}
