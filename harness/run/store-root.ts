/**
 * Checks a store root before a run writes anything: `--store` must be (or be creatable as)
 * a folder on a real, writable file system. Without this, `/proc/x` made Node's recursive
 * mkdir spin forever, and a file or a read-only mount ended in a stack-free but late exit 255.
 */
import { accessSync, constants, statSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { quote, UsageError } from '../../core/errors.js';

/** statfs magic numbers of kernel file systems that cannot hold a run (proc, sysfs, devpts, cgroup, cgroup2, debugfs, securityfs). */
const VIRTUAL_FS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x73636673, 'securityfs'],
]);

/**
 * Throws a one-line {@link UsageError} naming `--store` and the bad value when `root` cannot
 * hold runs (`given`: the value as the user typed it, for the message): the nearest existing ancestor is not a folder, is on a kernel file system such as
 * /proc, or cannot be written (read-only file system, no permission). Writes nothing.
 */
export function checkStoreRoot(root: string, flag = '--store', given = root): void {
  const abs = resolve(root);
  let at = abs;
  for (;;) {
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(at, { throwIfNoEntry: false });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e; // a file on the way up: found when the walk reaches it
    }
    if (st !== undefined) {
      if (!st.isDirectory()) throw new UsageError(`${flag} ${quote(given)}: ${at === abs ? 'not a directory' : `${at} is not a directory`}`);
      break;
    }
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  const fs = VIRTUAL_FS.get(Number(statfsSync(at).type));
  if (fs !== undefined) throw new UsageError(`${flag} ${quote(given)}: ${at} is on the kernel's ${fs} file system, which cannot hold runs`);
  try {
    accessSync(at, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${quote(given)}: cannot write in ${at} (${code === 'EROFS' ? 'read-only file system' : code === 'EACCES' ? 'permission denied' : String(code)})`);
  }
}
