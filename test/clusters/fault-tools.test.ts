import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureFaultTools, faultToolsFor, lazyFsInstallScript, parseToolOutcome, shaperInstallScript } from '../../clusters/fault-tools.js';
import type { Cluster } from '../../core/cluster.js';
import type { Command, ExecOptions, Remote } from '../../core/remote.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-fault-tools-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs a generated script with `sh` locally, `stdin` on its standard input, PATH = `path`. */
async function run(script: string, stdin: string, path?: string): Promise<string> {
  const r = await execa('/bin/sh', ['-c', script], { input: stdin, reject: false, env: path ? { PATH: path } : {}, extendEnv: path === undefined });
  return r.stdout;
}

describe('fault tools on SSH hosts', () => {
  it('knows which nemeses need the shaper (not rate alone) and which the FUSE layer', () => {
    expect(faultToolsFor(['partition', 'kill'])).toEqual([]);
    expect(faultToolsFor(['rate'])).toEqual([]);
    expect(faultToolsFor(['partition', 'rate', 'delay'])).toEqual([{ tool: 'shaper', nemesis: 'delay' }]);
    expect(faultToolsFor(['packet'])).toEqual([{ tool: 'shaper', nemesis: 'packet' }]);
    expect(faultToolsFor(['power-loss', 'corrupt'])).toEqual([{ tool: 'shaper', nemesis: 'corrupt' }, { tool: 'lazyfs', nemesis: 'power-loss' }]);
  });

  it('reads each script\'s answer line', () => {
    expect(parseToolOutcome('shaper', 'x\nfaultline-tool shaper built (installed gcc pkg-config)\n')).toEqual({ state: 'built', detail: '(installed gcc pkg-config)' });
    expect(parseToolOutcome('lazyfs', 'faultline-tool lazyfs present\n')).toEqual({ state: 'present', detail: '' });
    expect(parseToolOutcome('lazyfs', 'faultline-tool lazyfs failed: cannot mount a FUSE layer, missing /dev/fuse\n')).toEqual({ state: 'failed', detail: 'cannot mount a FUSE layer, missing /dev/fuse' });
    expect(parseToolOutcome('shaper', 'sh: 1: oops\n').state).toBe('failed');
  });

  it('leaves a present shaper alone, and names what a build needs when there is no apt-get', async () => {
    const present = join(tmp, 'present');
    mkdirSync(present);
    writeFileSync(join(present, 'faultline-shaper'), '#!/bin/sh\n', { mode: 0o755 });
    expect(await run(shaperInstallScript(present).script, 'int main;')).toBe('faultline-tool shaper present');
    // A PATH with the shell's basic tools only: no gcc, pkg-config or apt-get.
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    for (const t of ['mktemp', 'cat', 'rm', 'grep', 'mv']) symlinkSync(`/bin/${t}`, join(bin, t));
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const out = await run(shaperInstallScript(empty).script, 'int main;', bin);
    expect(out).toMatch(/^faultline-tool shaper failed: not installed, and building it needs gcc( libc6-dev)? pkg-config( libnetfilter-queue-dev)? \(no apt-get to install them\)$/);
  });

  it('quotes the install folder', () => {
    expect(lazyFsInstallScript("/opt/it's").script).toContain(`install -m 0755 "$tmp" '/opt/it'\\''s/faultline-lazyfs'`);
    expect(shaperInstallScript("/opt/it's").script).toContain(`if [ -x '/opt/it'\\''s/faultline-shaper' ]`);
  });

  it('sends the shipped sources and fails with one line naming each node and what is missing', async () => {
    const seen: { node: string; stdin: string }[] = [];
    const remote = (node: string): Remote => ({
      node,
      via: 'test',
      async exec(_cmd: Command, opts?: ExecOptions) {
        seen.push({ node, stdin: String(opts?.stdin ?? '') });
        const shaper = String(opts?.stdin).includes('nfq_');
        if (node === 'n2' && shaper) return { stdout: 'faultline-tool shaper failed: not installed, and building it needs gcc: apt-get install failed (E: Unable to locate package gcc)\n', stderr: '', exitCode: 0 };
        return { stdout: shaper ? 'faultline-tool shaper present\n' : 'faultline-tool lazyfs installed\n', stderr: '', exitCode: 0 };
      },
      upload: async () => {},
      download: async () => {},
      close: async () => {},
    });
    const cluster: Cluster = { nodes: ['n1', 'n2'], remote, close: async () => {} };
    expect(await ensureFaultTools(cluster, ['partition'])).toEqual([]);
    await expect(ensureFaultTools(cluster, ['delay', 'power-loss'])).rejects.toThrow(
      /^n2: faultline-shaper \(for --nemesis delay\) not installed, and building it needs gcc: apt-get install failed \(E: Unable to locate package gcc\)$/,
    );
    expect(seen.filter((s) => s.stdin.includes('nfq_create_queue'))).toHaveLength(2);
    const ok = { ...cluster, nodes: ['n1'] };
    expect(await ensureFaultTools(ok, ['duplicate', 'power-loss'])).toEqual(['n1: faultline-lazyfs installed', 'n1: faultline-shaper present']);
    expect(seen.some((s) => s.stdin.startsWith('#!/usr/bin/python3'))).toBe(true);
  });
});
