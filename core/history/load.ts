/**
 * Loading a history from any supported format: faultline's JSONL files (streamed) and the two
 * Jepsen formats (read whole, then parsed by the importers).
 */
import { open, readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { History } from '../op.js';
import { detectFormat, HISTORY_FORMATS, type HistoryFormat } from './detect.js';
import type { HistoryHeader } from './format.js';
import { parseEdnHistory } from './import/edn.js';
import { parseJepsenLog } from './import/jepsen-log.js';
import { readHistory, requireFile } from './reader.js';

/** What {@link loadHistory} returns. */
export interface LoadedHistory {
  /** The format the file was read as (given, or detected). */
  format: HistoryFormat;
  ops: History;
  /** The header of a JSONL file; absent for the other formats. */
  header?: HistoryHeader;
  /** Warnings worth showing the user (e.g. a truncated last line), as `file:line: …`. */
  warnings: string[];
}

/** How many bytes of the file {@link detectFormat} looks at. */
const SNIFF_BYTES = 4096;

/**
 * Loads a history file. When `format` is not given it is detected from the content, then the
 * extension. JSONL is streamed; EDN and Jepsen logs are read whole (fine up to hundreds of MB).
 *
 * @throws UsageError when the file is missing or its format cannot be told; InputError
 *   (`file:line`) when it is malformed
 */
export async function loadHistory(file: string, format?: HistoryFormat): Promise<LoadedHistory> {
  await requireFile(file);
  const fmt = format ?? detectFormat(await readHead(file), file);
  if (!fmt) {
    throw new UsageError(`cannot tell the format of ${file}; pass --format ${HISTORY_FORMATS.join('|')}`);
  }
  if (fmt === 'jsonl') {
    const h = await readHistory(file);
    return { format: fmt, ops: h.ops, header: h.header, warnings: h.warnings };
  }
  const text = await readFile(file, 'utf8');
  const ops = fmt === 'edn' ? parseEdnHistory(text, file) : parseJepsenLog(text, file);
  return { format: fmt, ops, warnings: [] };
}

/** The first {@link SNIFF_BYTES} bytes of a file as text. */
async function readHead(file: string): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}
