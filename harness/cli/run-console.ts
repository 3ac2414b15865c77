/**
 * The terminal side of a run: progress lines on stderr (`faultline: …`) that first erase a
 * live status line if one is drawn, the status stream itself, and the summary on stdout.
 */
import type { RunIO } from '../run/pipeline.js';

/** A {@link RunIO} over `process.stdout` / `process.stderr`; live status only on a terminal or when `progress` is set. */
export function terminalIO(): RunIO {
  const err = process.stderr;
  let dirty = false;
  return {
    log: (line) => {
      err.write(`${dirty ? '\r\x1b[K' : ''}faultline: ${line}\n`);
      dirty = false;
    },
    out: (text) => {
      process.stdout.write(`${text}\n`);
    },
    status: {
      isTTY: err.isTTY === true,
      write: (text: string) => {
        err.write(text);
        dirty = !text.endsWith('\n') && text !== '\r\x1b[K';
      },
    },
  };
}
