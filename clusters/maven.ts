/**
 * JVM parts of the project (HerdDB launcher and bridge, BookKeeper bridge, Kafka's jars) built
 * with Maven from a pom kept in the project, from Maven Central. Each build lands in a cache
 * folder named by a hash of its Maven project (pom + sources), so the first run downloads and
 * later runs are offline; a changed pom or source rebuilds. Jars reach the nodes as one tar,
 * unpacked once per content hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { withFileLock } from './file-lock.js';
import type { Log } from '../core/log.js';
import { createProgress } from './progress.js';
import type { Remote } from '../core/remote.js';
import { sh } from '../core/shell-quote.js';

/** Where built jars are cached: `$FAULTLINE_CACHE_DIR` or `~/.cache/faultline`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.FAULTLINE_CACHE_DIR ?? join(homedir(), '.cache', 'faultline');
}

/**
 * The project folder `systems/<rel>` (a Maven project with a pom.xml), found from this module
 * whether it runs from the sources or from `dist/`.
 * @throws Error when no such folder holds a pom.xml
 */
export function mavenProjectDir(rel: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, 'systems', rel), join(dir, rel)]) {
      if (existsSync(join(candidate, 'pom.xml'))) return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find systems/${rel}/pom.xml above ${fileURLToPath(import.meta.url)}`);
}

/** Files of a Maven project that decide its build (pom and sources; never target/). Sorted. */
function projectFiles(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .filter((f) => f !== 'target')
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? projectFiles(join(dir, f), base) : [relative(base, join(dir, f))]))
    .filter((f) => f === 'pom.xml' || f.startsWith('src'))
    .sort();
}

/** A short hash of a Maven project's pom and sources. */
export function mavenProjectHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of projectFiles(dir)) h.update(`\0${f}\0`).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

/** A built Maven project: a folder of jars. */
export interface JarSet {
  /** e.g. `herddb`. */
  readonly name: string;
  /** Hash of the project it was built from. */
  readonly hash: string;
  /** Local folder holding every jar (the project's own and its runtime dependencies). */
  readonly dir: string;
}

/**
 * Builds the Maven project `clusters/<rel>` unless its cached build exists: `mvn package`
 * (when it has sources) then `dependency:copy-dependencies` (runtime scope) into one folder of
 * jars, with Maven's own repository under the cache so later builds need no network.
 * Concurrent callers wait for one build. Progress goes to `log` (a heartbeat while Maven runs).
 * @throws Error with Maven's last lines when the build fails (e.g. Maven Central unreachable)
 */
export async function ensureJars(rel: string, log: Log, env: NodeJS.ProcessEnv = process.env): Promise<JarSet> {
  const project = mavenProjectDir(rel);
  const name = rel.split('/').filter((p) => p !== 'java').join('-');
  const hash = mavenProjectHash(project);
  const dir = join(cacheRoot(env), 'jars', `${name}-${hash}`);
  if (existsSync(join(dir, '.complete'))) return { name, hash, dir };
  // The file lock serialises processes; callers in this process share one build.
  const key = `${dir}`;
  let build = building.get(key);
  if (build === undefined) {
    build = buildJars(project, rel, name, hash, dir, log, env).finally(() => building.delete(key));
    building.set(key, build);
  }
  return build;
}

/** Builds in flight in this process, by target folder. */
const building = new Map<string, Promise<JarSet>>();

/** The locked build of {@link ensureJars}. */
function buildJars(project: string, rel: string, name: string, hash: string, dir: string, log: Log, env: NodeJS.ProcessEnv): Promise<JarSet> {
  return withFileLock(`jars-${name}`, async () => {
    if (existsSync(join(dir, '.complete'))) return { name, hash, dir };
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const repo = join(cacheRoot(env), 'm2');
    const work = join(cacheRoot(env), 'mvn-work', name);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(dirname(work), { recursive: true });
    // Build outside the source tree so target/ never lands in the project.
    await execa('cp', ['-r', project, work]);
    const hasSources = existsSync(join(work, 'src'));
    const goals = [...(hasSources ? ['package'] : []), 'dependency:copy-dependencies'];
    const args = ['-B', `-Dmaven.repo.local=${repo}`, '-DincludeScope=runtime', `-DoutputDirectory=${tmp}`, '-DskipTests', ...goals];
    log(`faultline: building JVM part ${name} with Maven (first time downloads from Maven Central; cached in ${dir})`);
    const progress = createProgress({ title: `mvn ${name}`, milestone: /BUILD|ERROR|Building |Copying [^ ]*herddb|Downloaded from central: .*\.pom$/ });
    const child = execa('mvn', args, { cwd: work, all: true, reject: false, stdin: 'ignore' });
    child.all?.on('data', (d: Buffer) => progress.feed(d));
    const r = await child;
    if (r.exitCode !== 0) {
      progress.done('failed');
      throw new Error(`Maven build of systems/${rel} failed (exit ${r.exitCode}); last lines:\n${progress.tail()}`);
    }
    if (hasSources) {
      for (const f of readdirSync(join(work, 'target')).filter((f) => f.endsWith('.jar'))) {
        await execa('cp', [join(work, 'target', f), join(tmp, f)]);
      }
    }
    await execa('touch', [join(tmp, '.complete')]);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    rmSync(work, { recursive: true, force: true });
    progress.done(`${readdirSync(dir).filter((f) => f.endsWith('.jar')).length} jars`);
    return { name, hash, dir };
  });
}

/** Tars being made in this process, by path. */
const tarring = new Map<string, Promise<void>>();

/** Makes the tar of a jar set once (across processes: file lock; within this one: shared). */
function ensureTar(jars: JarSet, tar: string): Promise<void> {
  let p = tarring.get(tar);
  if (p === undefined) {
    p = withFileLock(`jars-tar-${jars.name}`, async () => {
      if (existsSync(tar)) return;
      await execa('tar', ['-cf', `${tar}.tmp`, '-C', jars.dir, '--exclude', '.complete', '.']);
      renameSync(`${tar}.tmp`, tar);
    }).finally(() => tarring.delete(tar));
    tarring.set(tar, p);
  }
  return p;
}

/** The local classpath of a jar set: every jar in it, `:`-joined. */
export function classpath(jars: JarSet): string {
  return readdirSync(jars.dir)
    .filter((f) => f.endsWith('.jar'))
    .sort()
    .map((f) => join(jars.dir, f))
    .join(':');
}

/** Remote commands run as root, killed after 2 minutes. */
const RUN = { sudo: true, timeoutMs: 120_000 } as const;

/**
 * Puts a jar set on a node under `remoteDir` (e.g. `/opt/faultline/herddb/lib`): one tar upload
 * and unpack, skipped when the node already holds the same hash (marker `.hash` in the folder).
 */
export async function installJars(remote: Remote, jars: JarSet, remoteDir: string): Promise<void> {
  const have = await remote.exec(['cat', '--', `${remoteDir}/.hash`], { ...RUN, check: false });
  if (have.exitCode === 0 && have.stdout.trim() === jars.hash) return;
  const tar = join(cacheRoot(), 'jars', `${jars.name}-${jars.hash}.tar`);
  if (!existsSync(tar)) await ensureTar(jars, tar);
  const remoteTar = `/tmp/faultline-${jars.name}-${jars.hash}.tar`;
  await remote.upload(tar, remoteTar);
  await remote.exec(
    sh`rm -rf ${remoteDir} && mkdir -p ${remoteDir} && tar -xf ${remoteTar} -C ${remoteDir} && rm -f ${remoteTar} && echo ${jars.hash} > ${remoteDir}/.hash`,
    RUN,
  );
}
