/**
 * Images built from Dockerfiles kept in the project (`clusters/images/<name>/`), FROM the base
 * image. Each build is tagged with a hash of its build context and base image id, so an
 * existing tag is reused as is and a changed Dockerfile rebuilds (with the layer cache).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBaseImage, imageExists } from './base-image.js';
import type { DockerCli } from './docker-cli.js';
import { withFileLock } from './file-lock.js';
import type { Log } from '../core/log.js';
import { createProgress } from './progress.js';

/** The default node image's project folder name. */
export const NODE_IMAGE = 'node';

/**
 * The project's `clusters/images` folder, found from this module whether it runs from the
 * sources or from `dist/`.
 */
export function imagesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'clusters', 'images');
    if (existsSync(join(candidate, NODE_IMAGE, 'Dockerfile'))) return candidate;
    if (existsSync(join(dir, 'images', NODE_IMAGE, 'Dockerfile'))) return join(dir, 'images');
    dir = dirname(dir);
  }
  throw new Error(`cannot find clusters/images/${NODE_IMAGE}/Dockerfile above ${fileURLToPath(import.meta.url)}`);
}

/** Every file under `dir`, sorted, as paths relative to it. */
function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? listFiles(join(dir, f), base) : [relative(base, join(dir, f))]))
    .sort();
}

/** A short hash of a build context's files (names, modes and contents) and the base image id. */
export function contextHash(contextDir: string, baseId: string): string {
  const h = createHash('sha256').update(baseId);
  for (const f of listFiles(contextDir)) {
    h.update(`\0${f}\0${statSync(join(contextDir, f)).mode & 0o777}\0`).update(readFileSync(join(contextDir, f)));
  }
  return h.digest('hex').slice(0, 12);
}

/** True when `name` names a project image folder (clusters/images/<name>/Dockerfile). */
export function isProjectImage(name: string): boolean {
  return /^[a-z0-9][a-z0-9_.-]*$/.test(name) && existsSync(join(imagesDir(), name, 'Dockerfile'));
}

/**
 * Makes sure the project image `name` (default `node`) is built, building the base first when
 * missing. Progress is shown while building.
 * @returns the image reference to run, `faultline/<name>:<hash>`
 */
export async function ensureProjectImage(docker: DockerCli, log: Log, name = NODE_IMAGE): Promise<{ image: string; built: boolean }> {
  const base = await ensureBaseImage(docker, log);
  const contextDir = join(imagesDir(), name);
  const parent = name === NODE_IMAGE ? base.image : (await ensureProjectImage(docker, log, NODE_IMAGE)).image;
  const baseId = await docker.text(['image', 'inspect', '--format', '{{.Id}}', parent]);
  const image = `faultline/${name}:${contextHash(contextDir, baseId)}`;
  if (await imageExists(docker, image)) return { image, built: false };
  return withFileLock(`image-${name}`, async () => {
    if (await imageExists(docker, image)) return { image, built: false };
    log(`building ${image} from ${contextDir} (FROM ${parent})`);
    const progress = createProgress({ title: `build faultline/${name}`, milestone: /^(Step \d+\/\d+|Successfully (built|tagged)|E: )/ });
    const build = docker.spawn(['build', '--build-arg', `BASE=${parent}`, '--label', 'faultline=1', '-t', image, '-t', `faultline/${name}:latest`, contextDir]);
    build.stdout?.on('data', (c: Buffer) => progress.feed(c));
    build.stderr?.on('data', (c: Buffer) => progress.feed(c));
    const r = (await build) as unknown as { exitCode?: number };
    if (r.exitCode !== 0) throw new Error(`docker build of ${image} failed (exit ${r.exitCode}):\n${progress.tail()}`);
    progress.done(`built ${image}`);
    return { image, built: true };
  });
}
