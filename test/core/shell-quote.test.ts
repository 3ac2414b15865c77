import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuoteError, quoteArg, quoteArgv, rawScript, sh } from '../../core/shell-quote.js';

/** Runs `line` with the local /bin/sh and returns stdout. */
function runSh(line: string): string {
  return execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
}

describe('quoteArg', () => {
  it('leaves safe words alone and quotes the rest', () => {
    expect(quoteArg('abc-1.2/x:y@z')).toBe('abc-1.2/x:y@z');
    expect(quoteArg('')).toBe("''");
    expect(quoteArg('a b')).toBe("'a b'");
    expect(quoteArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteArg('$(rm -rf /)')).toBe("'$(rm -rf /)'");
    expect(quoteArg('A=B')).toBe("'A=B'");
  });
  it('rejects NUL bytes, which no argv can carry', () => {
    expect(() => quoteArg('a\0b')).toThrow(QuoteError);
  });
  it('rejects an empty argv', () => {
    expect(() => quoteArgv([])).toThrow(/empty command/);
  });
});

describe('sh tag', () => {
  it('quotes interpolated values and keeps literal text', () => {
    const file = "my file; rm -rf ~";
    expect(sh`cat ${file} | wc -l`.script).toBe(`cat 'my file; rm -rf ~' | wc -l`);
    expect(sh`echo ${['a b', 'c']}`.script).toBe(`echo 'a b' c`);
    expect(sh`sleep ${3}`.script).toBe('sleep 3');
    expect(rawScript('echo $HOME').script).toBe('echo $HOME');
  });
});

describe('quoting round trips through a real sh', () => {
  const arg = fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => !s.includes('\0') && Buffer.from(s).toString() === s);
  it('printf %s <quoted arg> prints the arg byte for byte', () => {
    fc.assert(fc.property(arg, (s) => runSh(quoteArgv(['printf', '%s', s])) === s), { numRuns: 150 });
  });
  it('nasty fixed cases', () => {
    for (const s of ["'", '"', '\\', '`id`', '$(id)', '${HOME}', '\n\n', 'a\tb', '-n', 'ü€😀', "'\"'\"'", '*', '~', '#x', '!!']) {
      expect(runSh(quoteArgv(['printf', '%s', s]))).toBe(s);
      expect(runSh(sh`printf %s ${s}`.script)).toBe(s);
    }
  });
});
