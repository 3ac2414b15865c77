/**
 * The pure core of the `corrupt-file` nemesis: which file of a node's data directory to hit
 * and how — flip bits in a chunk, cut the tail, or write back a chunk saved by an earlier
 * corruption (an older snapshot) — drawn from a seeded PRNG over the directory's listing, so
 * the same seed over the same files makes the same choices. Every choice is a plain record
 * (file, offsets, bytes) the history keeps. Pure.
 */
import type { Rng } from '../core/generator/index.js';

/** The ways a file is corrupted. */
export const CORRUPT_MODES = ['bitflip', 'truncate', 'restore'] as const;
/** The nemesis names that ask for one mode each (`--nemesis corrupt-restore`). */
export const CORRUPT_FILE_NAMES = ['corrupt-bitflip', 'corrupt-truncate', 'corrupt-restore'] as const;
/** One of {@link CORRUPT_MODES}. */
export type CorruptMode = (typeof CORRUPT_MODES)[number];

/** A regular file of the data directory: path relative to it, size in bytes, and where its last non-zero byte ends (default: its size). */
export interface DataFile {
  path: string;
  size: number;
  used?: number;
}

/** A chunk saved for a later `restore`: the file, where, how long, and its copy on the node. */
export interface SavedChunk {
  file: string;
  offset: number;
  bytes: number;
  copy: string;
}

/** What one corruption does to one node's files (the history records it as is). */
export type Corruption =
  | { mode: 'bitflip'; file: string; offset: number; bytes: number; bits: { byte: number; bit: number }[] }
  | { mode: 'truncate'; file: string; offset: number; bytes: number }
  | { mode: 'restore'; file: string; offset: number; bytes: number; savedAt: string }
  | { mode: 'none'; reason: string };

/** Sizes of {@link planCorruption}. */
export interface CorruptSizes {
  /** Chunk a bitflip or snapshot covers, bytes (the whole file when smaller). Default 1 MiB. */
  chunkBytes: number;
  /** Bits flipped per bitflip. Default 16. */
  bits: number;
  /** Most bytes a truncate cuts. Default 64 KiB. */
  maxTruncateBytes: number;
}

/** Defaults of {@link CorruptSizes}. */
export const DEFAULT_CORRUPT_SIZES: CorruptSizes = { chunkBytes: 1 << 20, bits: 16, maxTruncateBytes: 64 << 10 };

/**
 * `<size> <used> <path>` lines (listDataFilesScript) as files, sorted by path (so a listing's
 * order never changes a choice). Pure.
 */
export function parseListing(stdout: string): DataFile[] {
  const out: DataFile[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\d+) (\d+) (.+)$/.exec(line);
    if (m) out.push({ path: m[3], size: Number(m[1]), used: Math.min(Number(m[1]), Number(m[2])) });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** True when `path` matches one of the shell-style `patterns` (`*` within a name, `**` across folders); none = every file. Pure. */
export function matchesAny(path: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => globRegExp(p).test(path));
}

function globRegExp(p: string): RegExp {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Where a file's data ends: its last non-zero byte (its size when unknown). Pure. */
const usedOf = (f: DataFile): number => f.used ?? f.size;

/** A chunk of `size` bytes: offset and length (all of it when smaller than `chunk`). Pure. */
function chunkOf(rng: Rng, size: number, chunk: number): { offset: number; bytes: number } {
  if (size <= chunk) return { offset: 0, bytes: size };
  return { offset: rng.int(size - chunk + 1), bytes: chunk };
}

/**
 * A chunk to save now for a later `restore`: a random chunk (before its last non-zero byte) of
 * a file picked among `files` with a non-zero byte; none when there is no such file. Pure
 * given `rng`.
 */
export function planSave(rng: Rng, files: readonly DataFile[], sizes: CorruptSizes = DEFAULT_CORRUPT_SIZES): Omit<SavedChunk, 'copy'> | undefined {
  const nonEmpty = files.filter((f) => usedOf(f) > 0);
  if (nonEmpty.length === 0) return undefined;
  const f = rng.pick(nonEmpty);
  return { file: f.path, ...chunkOf(rng, usedOf(f), sizes.chunkBytes) };
}

/**
 * What to do to one node: `mode` on a file picked among `files` (ones with a non-zero byte;
 * bit flips and saved chunks fall before the file's last non-zero byte, a truncate cuts
 * 1 B–64 KiB of that data and the zero padding after it; `restore`
 * needs a chunk in `saved` whose file still exists, and picks among those). Also the chunk to
 * save now (before corrupting) for a later `restore`, when there is a file. Pure given `rng`.
 */
export function planCorruption(
  rng: Rng,
  mode: CorruptMode,
  files: readonly DataFile[],
  saved: readonly SavedChunk[],
  sizes: CorruptSizes = DEFAULT_CORRUPT_SIZES,
): { corruption: Corruption; save?: Omit<SavedChunk, 'copy'> } {
  const nonEmpty = files.filter((f) => usedOf(f) > 0);
  const save = planSave(rng, files, sizes);
  const withSave = <T extends Corruption>(c: T) => (save ? { corruption: c, save } : { corruption: c });
  if (mode === 'restore') {
    const present = new Map(files.map((f) => [f.path, f.size]));
    const usable = saved.filter((s) => present.has(s.file));
    if (usable.length === 0) return withSave({ mode: 'none', reason: 'no saved chunk of a file that still exists' });
    const s = rng.pick(usable);
    return withSave({ mode: 'restore', file: s.file, offset: s.offset, bytes: s.bytes, savedAt: s.copy });
  }
  if (nonEmpty.length === 0) return withSave({ mode: 'none', reason: 'no data file with a non-zero byte' });
  const f = rng.pick(nonEmpty);
  const used = usedOf(f);
  if (mode === 'truncate') {
    const cut = 1 + rng.int(Math.min(used, sizes.maxTruncateBytes));
    return withSave({ mode: 'truncate', file: f.path, offset: used - cut, bytes: f.size - (used - cut) });
  }
  const { offset, bytes } = chunkOf(rng, used, sizes.chunkBytes);
  return withSave({ mode: 'bitflip', file: f.path, offset, bytes, bits: distinctBits(rng, offset, bytes, sizes.bits) });
}

/**
 * `count` distinct (byte, bit) positions in `bytes` bytes from `offset` (all of them when the
 * chunk has fewer bits), sorted: the same bit drawn twice would flip back and cancel out. Pure
 * given `rng`.
 */
export function distinctBits(rng: Rng, offset: number, bytes: number, count: number): { byte: number; bit: number }[] {
  const total = bytes * 8;
  const want = Math.min(count, total);
  const picked = new Set<number>();
  if (want * 2 > total) {
    // Dense: a partial Fisher–Yates over all positions (bounded, no rejection loop).
    const all = Array.from({ length: total }, (_, i) => i);
    for (let i = 0; i < want; i++) {
      const j = i + rng.int(total - i);
      [all[i], all[j]] = [all[j], all[i]];
      picked.add(all[i]);
    }
  } else {
    while (picked.size < want) picked.add(rng.int(bytes) * 8 + rng.int(8));
  }
  return [...picked].sort((a, b) => a - b).map((p) => ({ byte: offset + Math.floor(p / 8), bit: p % 8 }));
}
