/**
 * The shell scripts around faultline-lazyfs (the node image's FUSE layer that remembers writes
 * not yet durable, clusters/images/node/lazyfs/): mount a data directory through it (its
 * files live in `<dir>.lower`), make it forget what was never durable (a power loss), make
 * everything durable (provisioning), and unmount it. Control files live in
 * `/run/faultline-lazyfs/<dir with / as _>/`. Pure.
 *
 * What a power loss forgets (the layer models a journalling disk, ext4 `data=ordered`):
 * every write not fsynced and not yet "written back" (records older than 30 s are, like
 * Linux's flusher after `dirty_expire_centisecs`) is undone — overwritten bytes back, size
 * back; a file created and never made durable (neither it nor its directory fsynced, not
 * written back) is removed, since its create never reached the disk; a file whose directory
 * was fsynced but which was not comes back empty. Renames, unlinks and mkdirs are durable at
 * once. (Jepsen's LazyFS keeps such a file, empty, and never writes back by age.)
 */
import { quoteArg, rawScript, type ShellScript } from '../core/shell-quote.js';

/** The FUSE layer's program in the node image. */
export const LAZYFS_BIN = 'faultline-lazyfs';

/** The control folder of the layer mounted on `dir`. Pure. */
export function lazyFsControl(dir: string): string {
  return `/run/faultline-lazyfs/${dir.replace(/^\/+/, '').replace(/\//g, '_')}`;
}

/**
 * Mounts `dir` through faultline-lazyfs (unmounting an earlier one first): `dir` is created
 * empty, its files live in `<dir>.lower`; waits until the mount is there. Fails with the
 * layer's log when it does not come up in 10 s. Pure.
 */
export function mountLazyFsScript(dir: string): ShellScript {
  const d = quoteArg(dir);
  const lower = quoteArg(`${dir}.lower`);
  const ctl = quoteArg(lazyFsControl(dir));
  return rawScript([
    'set -e',
    `if mountpoint -q ${d}; then fusermount -u ${d} 2>/dev/null || umount -l ${d}; fi`,
    `mkdir -p ${d} ${lower} ${ctl}`,
    `rm -f ${ctl}/drop ${ctl}/dropped`,
    `setsid ${LAZYFS_BIN} ${lower} ${d} ${ctl} >${ctl}/log 2>&1 </dev/null &`,
    'i=0',
    `while ! mountpoint -q ${d}; do`,
    '  i=$((i+1)); if [ $i -gt 100 ]; then cat ' + `${ctl}/log` + ' >&2; exit 1; fi; sleep 0.1',
    'done',
  ].join('\n'));
}

/**
 * Makes the layer on `dir` forget every write not fsynced (run it while the DB's processes
 * are down) and prints its answer `dropped files=N bytes=M`. Fails after 20 s without one. Pure.
 */
export function dropUnsyncedScript(dir: string): ShellScript {
  return controlRequestScript(dir, 'drop', 'dropped');
}

/**
 * Asks the layer on `dir` for `request` by touching `<control>/<request>`, waits up to 20 s for
 * its answer file `<control>/<answer>` and prints it. Pure.
 */
function controlRequestScript(dir: string, request: string, answer: string): ShellScript {
  const ctl = quoteArg(lazyFsControl(dir));
  return rawScript([
    'set -e',
    `mountpoint -q ${quoteArg(dir)} || { echo ${quoteArg(`${dir} is not on faultline-lazyfs`)} >&2; exit 1; }`,
    `rm -f ${ctl}/${answer}`,
    `touch ${ctl}/${request}`,
    'i=0',
    `while [ ! -f ${ctl}/${answer} ]; do i=$((i+1)); if [ $i -gt 400 ]; then echo 'faultline-lazyfs did not answer' >&2; exit 1; fi; sleep 0.05; done`,
    `cat ${ctl}/${answer}`,
  ].join('\n'));
}

/** Unmounts the layer on `dir` and removes `dir`, `<dir>.lower` and the control folder. Idempotent. Pure. */
export function unmountLazyFsScript(dir: string): ShellScript {
  const d = quoteArg(dir);
  return rawScript([
    `if mountpoint -q ${d}; then fusermount -u ${d} 2>/dev/null || umount -l ${d}; fi`,
    `rm -rf ${d} ${quoteArg(`${dir}.lower`)} ${quoteArg(lazyFsControl(dir))}`,
  ].join('\n'));
}

/**
 * Makes everything written to the layer on `dir` durable at once (as `sync` would: for
 * provisioning that a real machine would long have written back) and prints
 * `synced files=N`. Fails after 20 s without an answer. Pure.
 */
export function syncLazyFsScript(dir: string): ShellScript {
  return controlRequestScript(dir, 'sync', 'synced');
}

/** What one power loss cost a node's data directory. */
export interface Dropped {
  /** Files that lost unsynced data (removed ones included). */
  files: number;
  /** Bytes lost (a removed file counts with its whole size). */
  bytes: number;
  /** Files removed because their create never became durable. */
  removed: number;
}

/** {@link Dropped} from the layer's answer; undefined without one. Pure. */
export function parseDropped(stdout: string): Dropped | undefined {
  const m = /dropped files=(\d+) bytes=(\d+)(?: removed=(\d+))?/.exec(stdout);
  return m ? { files: Number(m[1]), bytes: Number(m[2]), removed: Number(m[3] ?? 0) } : undefined;
}
