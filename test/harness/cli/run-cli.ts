/** Spawns the compiled CLI (`node bin/faultline.js`, needs `npm run build`) and collects its output. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../core/history/helpers.js';

/** What one CLI run produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `faultline …args` from `cwd` (default the project root) with colours off. */
export function runCli(args: string[], cwd: string = ROOT): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'faultline.js'), ...args],
      { cwd, env: { ...process.env, FORCE_COLOR: '0' }, timeout: 170_000 },
      (err, stdout, stderr) => {
        const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? -1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
