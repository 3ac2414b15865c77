/**
 * Real runs of the in-process memory system (the whole pipeline: clients, nemesis, checkers,
 * report) for the report's browser tests and screenshots. No containers.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { memorySystem } from '../../systems/memory/index.js';
import { resolveTestConfig } from '../../harness/run/config.js';
import { runTest } from '../../harness/run/pipeline.js';
import { findSystem } from '../../harness/run/systems.js';

/** A finished run: its directory and exit code. */
export interface MemoryRun {
  runDir: string;
  exitCode: number;
}

/**
 * Runs `faultline test memory --workload <workload>` with `flags` (CLI flag names in camel case,
 * values as strings) into a fresh store at `store`, writing its report.
 */
export async function memoryRun(store: string, workload: string, flags: Record<string, string | boolean>): Promise<MemoryRun> {
  rmSync(store, { recursive: true, force: true });
  mkdirSync(store, { recursive: true });
  const config = resolveTestConfig(findSystem('memory'), { workload, timeLimit: '3', rate: '150', seed: '7', store, ...flags }, { cwd: process.cwd(), randomSeed: () => 0 });
  const out = await runTest(config, memorySystem, new AbortController().signal, { log: () => {}, out: () => {} }, { faultlineVersion: 'test' });
  return { runDir: out.runDir!, exitCode: out.exitCode };
}
