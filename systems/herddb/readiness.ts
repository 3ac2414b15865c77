/**
 * HerdDB's readiness after a restart (thin I/O over {@link tablespaceBootState}): the log's
 * size is marked before the server starts, then the log written since is read until it says
 * the node booted tablespace `herd` or failed to. Used by `corrupt-file` to tell a node that
 * came back from one that only listens.
 */
import type { Remote } from '../../core/remote.js';
import { sh } from '../../core/shell-quote.js';
import { tablespaceBootState } from './boot-state.js';
import { LOG_FILE, TABLESPACE } from './config.js';

const RUN = { sudo: true, timeoutMs: 15_000, check: false } as const;

/** The server log's size in bytes now (0 when absent): where the next start's output begins. */
export async function logMark(r: Remote): Promise<number> {
  const { stdout } = await r.exec(sh`stat -c %s ${LOG_FILE} 2>/dev/null || echo 0`, RUN);
  const n = Number.parseInt(stdout.trim(), 10);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/**
 * Waits up to `timeoutMs` for the log since `mark` to say `node` booted tablespace `herd`;
 * `undefined` when it did, else why not: the boot error HerdDB logged (it retries, so the last
 * one), or that none was logged in time. Never rejects (a failed read counts as not yet).
 */
export async function awaitTablespaceBoot(r: Remote, node: string, mark: number, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last = `no 'Boot success tablespace ${TABLESPACE} on ${node}' in its log`;
  for (;;) {
    try {
      const { stdout } = await r.exec(sh`tail -c +${String(mark + 1)} ${LOG_FILE} | grep -F -A5 -- ${`tablespace ${TABLESPACE} on ${node}`} | tail -n 200`, RUN);
      const s = tablespaceBootState(stdout, TABLESPACE, node);
      if (s.state === 'booted') return undefined;
      if (s.state === 'failed') last = s.reason;
    } catch (e) {
      last = `log unreadable: ${(e as Error).message.split('\n')[0]}`;
    }
    if (Date.now() >= deadline || signal?.aborted) break;
    await new Promise((res) => setTimeout(res, Math.min(1_000, Math.max(0, deadline - Date.now()))));
  }
  return `listening but tablespace ${TABLESPACE} not booted after ${Math.round(timeoutMs / 1000)} s: ${last}`;
}
