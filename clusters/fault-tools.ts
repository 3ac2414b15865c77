/**
 * The node-side fault tools on existing machines (an SSH inventory): faultline-shaper (the
 * packet nemesis's NFQUEUE program, C) and faultline-lazyfs (the power-loss FUSE layer,
 * Python) are built into the node image, but a machine of the user's has neither. At DB
 * set-up, for the nemeses the run names, they are installed where missing:
 *
 * - faultline-shaper: built on the node from the source shipped with faultline
 *   (clusters/images/node/shaper/shaper.c, sent over the connection) with gcc, libc6-dev,
 *   pkg-config and libnetfilter-queue-dev, installed with apt-get when absent. Building on
 *   the node works on any Debian release and architecture. Where that cannot be done (no
 *   compiler and no apt source that has one), the binary built in a container of the node
 *   image (clusters/prebuilt-shaper.ts) is copied instead, if a Docker engine answers on the
 *   controller and the node runs the image's Debian release and architecture.
 * - faultline-lazyfs: the script is copied (replaced when it differs from faultline's); it
 *   needs python3-fusepy and fuse (the node image's packages, installed by the inventory's
 *   package step) and /dev/fuse.
 *
 * When neither is possible the run stops at set-up with one line per node naming what is
 * missing. Installed tools stay on the machine (like packages); `faultline down` removes
 * faults, not tools. Script building is pure; {@link ensureFaultTools} is the thin I/O edge.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cluster } from '../core/cluster.js';
import type { Remote } from '../core/remote.js';
import { quoteArg, rawScript, type ShellScript } from '../core/shell-quote.js';
import { PACKET_BEHAVIOURS } from '../nemesis/packet-spec.js';
import { SHAPER_BIN } from '../nemesis/shaper-script.js';
import { LAZYFS_BIN } from './lazyfs.js';
import { imagesDir } from './node-image.js';
import { copyShaperScript, platformScript, type PrebuiltShaper } from './prebuilt-shaper.js';

/** A node-side fault tool. */
export type FaultTool = 'shaper' | 'lazyfs';

/** Where the tools go on a node (as in the node image). */
export const TOOL_DIR = '/usr/local/sbin';

/** The nemeses that use the shaper: `packet` and its NFQUEUE behaviours (`rate` alone is tc's). */
const SHAPER_NEMESES: readonly string[] = ['packet', ...PACKET_BEHAVIOURS.filter((b) => b !== 'rate')];

/** The tools the nemeses `names` use, each with the first nemesis needing it. Pure. */
export function faultToolsFor(names: readonly string[]): { tool: FaultTool; nemesis: string }[] {
  const out: { tool: FaultTool; nemesis: string }[] = [];
  const shaper = names.find((n) => SHAPER_NEMESES.includes(n));
  if (shaper !== undefined) out.push({ tool: 'shaper', nemesis: shaper });
  if (names.includes('power-loss')) out.push({ tool: 'lazyfs', nemesis: 'power-loss' });
  return out;
}

/** What the build needs, each as [Debian package, shell test that it is there]. */
const BUILD_NEEDS: readonly [string, string][] = [
  ['gcc', 'command -v gcc >/dev/null 2>&1'],
  ['libc6-dev', '[ -e /usr/include/stdlib.h ]'],
  ['pkg-config', 'command -v pkg-config >/dev/null 2>&1'],
  ['libnetfilter-queue-dev', '[ -e /usr/include/libnetfilter_queue/libnetfilter_queue.h ]'],
];

/**
 * A script (run as root, shaper.c on stdin) that prints `faultline-tool shaper present` when
 * the binary is there, else installs the build's missing packages with apt-get, compiles the
 * source and prints `... built` (with `(installed <pkgs>)`), or prints
 * `... failed: <why>` (exit 0 either way). Pure.
 */
export function shaperInstallScript(dir: string = TOOL_DIR): ShellScript {
  const bin = quoteArg(`${dir}/${SHAPER_BIN}`);
  return rawScript([
    'set -u',
    `if [ -x ${bin} ]; then cat >/dev/null; echo 'faultline-tool shaper present'; exit 0; fi`,
    'src=$(mktemp /tmp/faultline-shaper.XXXXXX.c); log=$(mktemp); trap \'rm -f "$src" "$log"\' EXIT',
    'cat > "$src"',
    'need=""',
    ...BUILD_NEEDS.map(([pkg, test]) => `${test} || need="$need ${pkg}"`),
    'if [ -n "$need" ]; then',
    '  command -v apt-get >/dev/null 2>&1 || { echo "faultline-tool shaper failed: not installed, and building it needs$need (no apt-get to install them)"; exit 0; }',
    '  export DEBIAN_FRONTEND=noninteractive',
    '  if ! apt-get install -y -q --no-install-recommends $need >"$log" 2>&1; then',
    '    apt-get update -q >>"$log" 2>&1; apt-get install -y -q --no-install-recommends $need >>"$log" 2>&1 ||',
    '      { echo "faultline-tool shaper failed: not installed, and building it needs$need: apt-get install failed ($(grep -E \'^(E|W):\' "$log" | tail -n 1))"; exit 0; }',
    '  fi',
    'fi',
    `if gcc -O2 -Wall -o ${bin}.tmp "$src" $(pkg-config --cflags --libs libnetfilter_queue) -lm >"$log" 2>&1 && mv ${bin}.tmp ${bin}; then`,
    '  echo "faultline-tool shaper built${need:+ (installed$need)}"',
    'else',
    `  rm -f ${bin}.tmp; echo "faultline-tool shaper failed: not installed, and gcc could not build it ($(grep -m 1 error "$log"))"`,
    'fi',
  ].join('\n'));
}

/**
 * A script (run as root, the faultline-lazyfs script on stdin) that installs it when missing
 * or different and checks what it needs to mount: prints `faultline-tool lazyfs present` or
 * `... installed`, or `... failed: <what is missing>` (exit 0 either way). Pure.
 */
export function lazyFsInstallScript(dir: string = TOOL_DIR): ShellScript {
  const bin = quoteArg(`${dir}/${LAZYFS_BIN}`);
  return rawScript([
    'set -u',
    'tmp=$(mktemp); trap \'rm -f "$tmp"\' EXIT',
    'cat > "$tmp"',
    'miss=""',
    '[ -c /dev/fuse ] || miss="$miss, /dev/fuse (a container needs --device /dev/fuse --cap-add SYS_ADMIN)"',
    'python3 -c "import fusepy" >/dev/null 2>&1 || miss="$miss, python3-fusepy"',
    'command -v fusermount >/dev/null 2>&1 || command -v fusermount3 >/dev/null 2>&1 || miss="$miss, fuse (fusermount)"',
    'if [ -n "$miss" ]; then echo "faultline-tool lazyfs failed: cannot mount a FUSE layer, missing ${miss#, }"; exit 0; fi',
    `if cmp -s "$tmp" ${bin}; then echo 'faultline-tool lazyfs present'; exit 0; fi`,
    `mkdir -p ${quoteArg(dir)} && install -m 0755 "$tmp" ${bin} && echo 'faultline-tool lazyfs installed' || echo ${quoteArg(`faultline-tool lazyfs failed: cannot write ${dir}/${LAZYFS_BIN}`)}`,
  ].join('\n'));
}

/** One tool's outcome on one node. */
export interface ToolOutcome {
  state: 'present' | 'installed' | 'built' | 'copied' | 'failed';
  /** What followed the state (the reason of a failure, packages installed). */
  detail: string;
}

/** A tool script's outcome from its output; `failed` with the output when it printed none. Pure. */
export function parseToolOutcome(tool: FaultTool, stdout: string): ToolOutcome {
  const m = new RegExp(`^faultline-tool ${tool} (present|installed|built|copied|failed)(?::)? ?(.*)$`, 'm').exec(stdout);
  if (m === null) return { state: 'failed', detail: `no answer from the install script (${stdout.trim().split('\n').pop() ?? ''})` };
  return { state: m[1] as ToolOutcome['state'], detail: m[2].trim() };
}

/** The program each tool is, for messages. */
const TOOL_NAME: Record<FaultTool, string> = { shaper: SHAPER_BIN, lazyfs: LAZYFS_BIN };

/** Options of {@link ensureFaultTools}. */
export interface FaultToolOptions {
  /** The node image's folder (clusters/images) holding the sources. */
  dir?: string;
  /** Where a shaper built in a container comes from, for nodes that cannot build one (asked once, when needed). */
  prebuilt?: () => Promise<PrebuiltShaper | undefined>;
}

/**
 * Installs the tools the nemeses `names` use on every node where missing (in parallel, 15
 * minutes each): the shaper built on the node, or else copied from `opts.prebuilt` when the
 * node's Debian release and architecture are its. @returns one summary line per node and tool
 * (e.g. `n1: faultline-shaper built (installed gcc …)`)
 * @throws Error of one line naming every node and what is missing when a tool cannot be had
 */
export async function ensureFaultTools(cluster: Cluster, names: readonly string[], opts: FaultToolOptions = {}): Promise<string[]> {
  const wanted = faultToolsFor(names);
  if (wanted.length === 0) return [];
  const dir = opts.dir ?? imagesDir();
  const sources: Record<FaultTool, () => Promise<string>> = {
    shaper: () => readFile(join(dir, 'node', 'shaper', 'shaper.c'), 'utf8'),
    lazyfs: () => readFile(join(dir, 'node', 'lazyfs', LAZYFS_BIN), 'utf8'),
  };
  const scripts: Record<FaultTool, ShellScript> = { shaper: shaperInstallScript(), lazyfs: lazyFsInstallScript() };
  let prebuilt: Promise<PrebuiltShaper | undefined> | undefined;
  const lines: string[] = [];
  const failures: string[] = [];
  for (const { tool, nemesis } of wanted) {
    const stdin = await sources[tool]();
    await Promise.all(
      cluster.nodes.map(async (n) => {
        const remote = cluster.remote(n);
        const r = await remote.exec(scripts[tool], { ...RUN, stdin });
        let o = parseToolOutcome(tool, r.stdout);
        if (o.state === 'failed' && tool === 'shaper' && opts.prebuilt) o = await copyPrebuilt(remote, o, (prebuilt ??= opts.prebuilt()));
        if (o.state === 'failed') failures.push(`${n}: ${TOOL_NAME[tool]} (for --nemesis ${nemesis}) ${o.detail || r.stderr.trim()}`);
        else lines.push(`${n}: ${TOOL_NAME[tool]} ${o.state}${o.detail ? ` ${o.detail}` : ''}`);
      }),
    );
  }
  if (failures.length > 0) throw new Error(failures.sort().join('; '));
  return lines.sort();
}

const RUN = { sudo: true, timeoutMs: 900_000, check: false } as const;

/** After a failed build: the prebuilt shaper copied when the node's platform is its, else the failure with why not. */
async function copyPrebuilt(remote: Remote, failed: ToolOutcome, source: Promise<PrebuiltShaper | undefined>): Promise<ToolOutcome> {
  const p = await source;
  if (p === undefined) return { state: 'failed', detail: `${failed.detail}; and no binary built in a container to copy (no Docker engine answers on the controller)` };
  const platform = (await remote.exec(platformScript(), RUN)).stdout.trim();
  if (platform !== `${p.release} ${p.arch}`) return { state: 'failed', detail: `${failed.detail}; and the binary built in a container (${p.from}) is for ${p.release} ${p.arch}, the node is ${platform}` };
  const o = parseToolOutcome('shaper', (await remote.exec(copyShaperScript(TOOL_DIR, p.from), { ...RUN, stdin: p.binary })).stdout);
  return o.state === 'failed' ? { state: 'failed', detail: `${failed.detail}; ${o.detail}` } : { state: 'copied', detail: `(built in a container: ${p.from}, ${p.release} ${p.arch})` };
}
