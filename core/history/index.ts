/**
 * History files: the JSONL format (versioned header, one op per line), its writer and streaming
 * reader, importers for Jepsen's EDN and log formats, and format-detecting loading.
 */
export { HISTORY_VERSION, checkHeader, encodeHeader, encodeOp, makeHeader, type HistoryHeader } from './format.js';
export { checkOp, historyProblem, indexOrderProblem, type Checked } from './validate.js';
export { HistoryWriter, type HistoryWriterOptions } from './writer.js';
export { HistoryReader, readHistory, type HistoryFile } from './reader.js';
export { HISTORY_FORMATS, detectFormat, isHistoryFormat, type HistoryFormat } from './detect.js';
export { loadHistory, type LoadedHistory } from './load.js';
export { parseEdnHistory } from './import/edn.js';
export { parseJepsenLog } from './import/jepsen-log.js';
