/**
 * `faultline serve [--store DIR] [--port P] [--host H]`: a read-only web page over the store —
 * runs (filter, sort, report one click away, files downloadable, two side by side) and
 * campaigns. Listens on 127.0.0.1 unless `--host` says otherwise; runs until Ctrl-C.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError, quote } from '../../core/errors.js';
import { integerIn } from '../../core/options/values.js';
import { TEST_DEFAULTS } from '../run/config.js';
import { serveStore } from '../serve/server.js';

/** Registers `faultline serve` on `program`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('browse stored runs and campaigns in a local, read-only web page')
    .option('--store <dir>', `store root (default ./${TEST_DEFAULTS.store})`)
    .option('--port <n>', 'TCP port (default 8080; 0 = any free one)')
    .option('--host <addr>', 'address to listen on (default 127.0.0.1; anything else exposes the store to the network)')
    .showHelpAfterError(false)
    .configureOutput({ outputError: (msg, write) => write(`faultline: ${msg.trim().replace(/^error: /, '')} (see faultline serve --help)\n`) })
    .action(async (flags: { store?: string; port?: string; host?: string }) => {
      process.exitCode = await runServe(flags);
    });
}

async function runServe(flags: { store?: string; port?: string; host?: string }): Promise<number> {
  const store = resolve(process.cwd(), flags.store ?? TEST_DEFAULTS.store);
  if (!existsSync(store)) throw new UsageError(`--store: no such directory ${quote(store)}`);
  const port = flags.port === undefined ? 8080 : integerIn('--port', flags.port, 0, 65_535);
  const host = flags.host ?? '127.0.0.1';
  let served;
  try {
    served = await serveStore(store, { host, port });
  } catch (e) {
    throw new UsageError(`--port: cannot listen on ${host}:${port}: ${(e as Error).message}`);
  }
  process.stdout.write(`serving ${store} at ${served.url} (read-only; Ctrl-C to stop)\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void served.close().then(done);
      served.server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
