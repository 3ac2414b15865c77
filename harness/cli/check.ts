import type { Command } from 'commander';

/** Registers `faultline check` (stub, being written). */
export function registerCheck(program: Command): void {
  void program;
}
