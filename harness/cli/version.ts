import { readFileSync } from 'node:fs';

/** faultline's own version, read from package.json. */
export function version(): string {
  const url = new URL('../../../package.json', import.meta.url);
  try {
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
