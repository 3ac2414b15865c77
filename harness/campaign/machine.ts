/** The machine's cores and available memory, for `--parallel` (./slots.ts). */
import { readFileSync } from 'node:fs';
import { availableParallelism, freemem } from 'node:os';
import type { MachineFacts } from './slots.js';

/** MemAvailable from /proc/meminfo (MiB), or os.freemem() where there is none. */
export function machineFacts(): MachineFacts {
  let availableMiB = freemem() / 2 ** 20;
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) availableMiB = Number(m[1]) / 1024;
  } catch {
    // not Linux: keep freemem
  }
  return { cpus: availableParallelism(), availableMiB };
}
