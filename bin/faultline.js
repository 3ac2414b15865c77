#!/usr/bin/env node
// The faultline command. The TypeScript sources are compiled to dist/ by `npm ci` (prepare).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/harness/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('faultline: not built yet: run `npm ci` (or `npm run build`) in the project first\n');
  process.exit(255);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
