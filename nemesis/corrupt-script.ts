/**
 * The shell side of the `corrupt-file` nemesis: list a data directory's files with their
 * sizes, and carry out one planned {@link Corruption} (and save a chunk for a later restore)
 * with coreutils only (`od`, `dd`, `truncate`), every path and number quoted. Pure.
 */
import { quoteArg, rawScript, type ShellScript } from '../core/shell-quote.js';
import type { Corruption, SavedChunk } from './corrupt-plan.js';

/** Where saved chunks live on a node. */
export const CORRUPT_SAVE_DIR = '/var/lib/faultline-corrupt';

/**
 * Lists every regular file under `dir` as `<size> <used> <relative path>` lines, `used` being
 * the end of its last non-zero byte (preallocated logs — ZooKeeper pads to 64 MiB, PostgreSQL
 * WAL segments are zero-filled — hold their data at the start), scanned backwards in 64 KiB
 * blocks by python3 (in the node image). Pure.
 */
export function listDataFilesScript(dir: string): ShellScript {
  return rawScript(`python3 -c ${quoteArg(USED_SCAN)} ${quoteArg(dir)} 2>/dev/null || true`);
}

const USED_SCAN = [
  'import os, sys',
  'd = sys.argv[1]',
  'for root, _, names in os.walk(d):',
  '    for name in names:',
  '        p = os.path.join(root, name)',
  '        if os.path.islink(p) or not os.path.isfile(p): continue',
  '        size = os.path.getsize(p); used = 0',
  '        with open(p, "rb") as h:',
  '            pos = size',
  '            while pos > 0:',
  '                n = min(65536, pos); h.seek(pos - n); b = h.read(n).rstrip(b"\\0")',
  '                if b: used = pos - n + len(b); break',
  '                pos -= n',
  '        print(size, used, os.path.relpath(p, d))',
].join('\n');

/** The node-side copy of chunk number `k` of the data directory `dir`. Pure. */
export function savedChunkPath(dir: string, k: number): string {
  return `${CORRUPT_SAVE_DIR}/${dir.replace(/^\/+/, '').replace(/\//g, '_')}.${k}`;
}

const n = (x: number): string => {
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`corrupt-file: bad offset or size ${String(x)}`);
  return String(x);
};

/**
 * Saves `save` (a chunk of a file under `dir`) to `save.copy`, then carries out `c` on the
 * file under `dir`. Bit flips read each byte with `od` and write it back with `dd`. Pure.
 */
export function corruptScript(dir: string, c: Corruption, save?: SavedChunk): ShellScript {
  const lines = ['set -e', `mkdir -p ${CORRUPT_SAVE_DIR}`];
  if (save) {
    lines.push(`dd if=${quoteArg(`${dir}/${save.file}`)} of=${quoteArg(save.copy)} iflag=skip_bytes,count_bytes skip=${n(save.offset)} count=${n(save.bytes)} status=none`);
  }
  if (c.mode === 'none') return rawScript(lines.join('\n'));
  const file = quoteArg(`${dir}/${c.file}`);
  if (c.mode === 'truncate') lines.push(`truncate -s ${n(c.offset)} ${file}`);
  else if (c.mode === 'restore') lines.push(`dd if=${quoteArg(c.savedAt)} of=${file} oflag=seek_bytes seek=${n(c.offset)} conv=notrunc status=none`);
  else {
    for (const { byte, bit } of c.bits) {
      if (!Number.isInteger(bit) || bit < 0 || bit > 7) throw new RangeError(`corrupt-file: bad bit ${String(bit)}`);
      lines.push(
        `b=$(od -An -tu1 -j ${n(byte)} -N1 ${file} | tr -d ' ')`,
        `printf "$(printf '\\\\%03o' $(( b ^ ${1 << bit} )))" | dd of=${file} bs=1 seek=${n(byte)} count=1 conv=notrunc status=none`,
      );
    }
  }
  lines.push(`sync ${file} 2>/dev/null || true`);
  return rawScript(lines.join('\n'));
}
