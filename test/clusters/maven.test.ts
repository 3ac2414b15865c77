import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheRoot, mavenProjectDir, mavenProjectHash } from '../../clusters/maven.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('maven projects', () => {
  it('are found under systems/ and hashed by pom and sources only (never target/)', () => {
    expect(mavenProjectDir('herddb/java')).toMatch(/systems\/herddb\/java$/);
    expect(() => mavenProjectDir('nosuch/java')).toThrow(/cannot find systems\/nosuch\/java\/pom.xml/);
    const d = mkdtempSync(join(tmpdir(), 'faultline-mvn-'));
    dirs.push(d);
    writeFileSync(join(d, 'pom.xml'), '<project/>');
    mkdirSync(join(d, 'src', 'main'), { recursive: true });
    writeFileSync(join(d, 'src', 'main', 'A.java'), 'class A {}');
    const h = mavenProjectHash(d);
    expect(h).toMatch(/^[0-9a-f]{12}$/);
    mkdirSync(join(d, 'target'));
    writeFileSync(join(d, 'target', 'a.jar'), 'built');
    writeFileSync(join(d, 'README'), 'notes');
    expect(mavenProjectHash(d)).toBe(h);
    writeFileSync(join(d, 'src', 'main', 'A.java'), 'class A { int x; }');
    expect(mavenProjectHash(d)).not.toBe(h);
  });

  it('cache under $FAULTLINE_CACHE_DIR, else ~/.cache/faultline', () => {
    expect(cacheRoot({ FAULTLINE_CACHE_DIR: '/x/y' })).toBe('/x/y');
    expect(cacheRoot({})).toMatch(/\.cache\/faultline$/);
  });
});
