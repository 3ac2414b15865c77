/**
 * Telling history formats apart by content and file name. Pure.
 */

/** The history formats faultline reads. */
export type HistoryFormat = 'jsonl' | 'edn' | 'jepsen-log';

/** All formats, in the order they are listed to users. */
export const HISTORY_FORMATS: readonly HistoryFormat[] = ['jsonl', 'edn', 'jepsen-log'];

/** True when `s` names a history format. Pure. */
export function isHistoryFormat(s: unknown): s is HistoryFormat {
  return typeof s === 'string' && (HISTORY_FORMATS as readonly string[]).includes(s);
}

/**
 * Guesses the format from the start of the file (the first few KiB are enough), falling back on
 * the extension (`.jsonl`, `.edn`, `.log`) when the content says nothing (e.g. an empty file).
 * Pure.
 *
 * Content rules: a first line that is a JSON object with `"faultline":"history"` → jsonl; a
 * `jepsen.util -` op line in the head → jepsen-log; a first line that opens a JSON object with a
 * quoted key (`{"process": …`, a JSONL file without its header) → jsonl, so the reader can say
 * the header is missing; a first significant character `{`, `[`, `(` or `;` → edn (EDN op maps
 * use keyword keys, `{:process …`).
 *
 * @param head the beginning of the file's text
 * @param file the file name (only its extension is used)
 * @returns the format, or `undefined` when neither content nor name tells
 */
export function detectFormat(head: string, file: string): HistoryFormat | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (/^\{[^\n]*"faultline"\s*:\s*"history"/.test(text)) return 'jsonl';
  if (/\bjepsen\.util\s+-\s+/.test(head)) return 'jepsen-log';
  if (/^\{\s*"[^"\n]*"\s*:/.test(text)) return 'jsonl';
  if (/^[[{(;]/.test(text)) return 'edn';
  const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  if (ext === 'jsonl') return 'jsonl';
  if (ext === 'edn') return 'edn';
  if (ext === 'log') return 'jepsen-log';
  return undefined;
}
