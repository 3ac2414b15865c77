/**
 * The run store: where a run's files live and what they hold. One module for `faultline test`
 * (writes), `analyze` (reads test.json and history, writes results.json) and `report` (reads).
 */
export { RUN_FILES, runStamp } from './names.js';
export { readRun, readStoredTest, isRunResults, type RunFiles, type RunResults as ReadResults, type TestInfo } from './read.js';
export type { HistoryStats, LeaderStats, RunResults, StoredResults } from './results.js';
export { checkTestInfo, makeTestInfo, type RunOutcome, type StoredConfig, type StoredTest } from './test-json.js';
export { checkFileTarget, createRunDir, pointLatest, writeJsonAtomic, writeResultsJson, writeTestJson } from './write.js';
