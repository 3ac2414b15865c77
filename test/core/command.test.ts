import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeCommand, isNodeTimeout, toContainerArgv, toShellLine, withNodeTimeout } from '../../core/command.js';
import { sh } from '../../core/shell-quote.js';

describe('toShellLine', () => {
  it('quotes a bare argv without wrapping', () => {
    expect(toShellLine(['echo', 'a b'])).toBe("echo 'a b'");
    expect(toShellLine(sh`echo ${'x y'} | cat`)).toBe("echo 'x y' | cat");
  });
  it('wraps cwd, env and sudo in sh -c, all quoted', () => {
    const line = toShellLine(['pwd'], { cwd: '/tmp', env: { A: "x'y" }, sudo: true });
    expect(line.startsWith('sudo -n -- sh -c ')).toBe(true);
    const inner = toShellLine(['sh', '-c', 'printf "%s|" "$A"; pwd'], { cwd: '/tmp', env: { A: "x'y $(z)" } });
    expect(execFileSync('/bin/sh', ['-c', inner], { encoding: 'utf8' })).toBe("x'y $(z)|/tmp\n");
  });
  it('rejects bad env names', () => {
    expect(() => toShellLine(['true'], { env: { 'A-B': '1' } })).toThrow(/bad environment variable name/);
  });
});

describe('container argv and timeouts', () => {
  it('passes argv as is and scripts through sh -c', () => {
    expect(toContainerArgv(['ls', '-l'])).toEqual(['ls', '-l']);
    expect(toContainerArgv(sh`ls ${'a b'}`)).toEqual(['sh', '-c', "ls 'a b'"]);
    expect(() => toContainerArgv([])).toThrow(/empty command/);
  });
  it('wraps in GNU timeout and recognises its exits', () => {
    expect(withNodeTimeout(['sleep', '9'], 1500)).toEqual(['timeout', '-s', 'KILL', '1.500', 'sleep', '9']);
    expect(withNodeTimeout(['true'], undefined)).toEqual(['true']);
    expect(() => withNodeTimeout(['true'], 0)).toThrow(/timeoutMs/);
    expect(isNodeTimeout(137, null, 1500, 1500)).toBe(true);
    expect(isNodeTimeout(null, 'KILL', 1500, 1500)).toBe(true);
    expect(isNodeTimeout(137, null, 100, 1500)).toBe(false);
    expect(isNodeTimeout(1, null, 2000, 1500)).toBe(false);
  });
  it('describes commands for humans', () => {
    expect(describeCommand(['echo', 'a b'])).toBe("echo 'a b'");
  });
});
