/**
 * What `faultline serve` lists: every run folder of a store (`<store>/<test>/<stamp>/` with a
 * test.json) and every campaign (`<store>/campaigns/<name>/campaign.json`), each reduced to
 * an entry. Entries are cached by their files' modification times, so a page over thousands
 * of runs re-reads only what changed since the last one.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A run's verdict as listed: a checked verdict, or how an unchecked run ended. */
export type ListedVerdict = 'VALID' | 'INVALID' | 'UNKNOWN' | 'INTERRUPTED' | 'CRASHED' | 'RUNNING' | 'UNCHECKED';

/** One stored run. */
export interface RunEntry {
  /** `<test>/<stamp>`: its path under the store, and its id in URLs. */
  id: string;
  test: string;
  system: string;
  workload: string;
  nemesis: string;
  seed: string;
  /** ISO start time ('' when unknown). */
  startedAt: string;
  /** Run length in s (finishedAt - startedAt), when known. */
  durationS?: number;
  verdict: ListedVerdict;
  /** The checkers that found it invalid. */
  failing: string[];
  hasReport: boolean;
}

/** One stored campaign. */
export interface CampaignEntry {
  /** Folder name under `<store>/campaigns/`. */
  id: string;
  name: string;
  startedAt: string;
  durationS: number;
  exitCode: number;
  runs: number;
  counts: Record<string, number>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}

async function mtime(file: string): Promise<number> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

/** The entry of run folder `dir` from its test.json and results.json contents. Pure. */
export function runEntry(id: string, test: Record<string, unknown>, results: Record<string, unknown> | undefined, hasReport: boolean): RunEntry {
  const options = (test.options ?? {}) as Record<string, unknown>;
  const nemesis = Array.isArray(options.nemesis) ? (options.nemesis as unknown[]).map(str).join(',') || 'none' : '';
  const valid = results?.valid;
  const outcome = str(test.outcome);
  const verdict: ListedVerdict =
    valid === true ? 'VALID' : valid === false ? 'INVALID' : valid === 'unknown' ? 'UNKNOWN' : outcome === 'interrupted' ? 'INTERRUPTED' : outcome === 'crashed' ? 'CRASHED' : outcome === 'running' ? 'RUNNING' : 'UNCHECKED';
  const checkers = (results?.checkers ?? {}) as Record<string, { valid?: unknown }>;
  const started = Date.parse(str(test.startedAt));
  const finished = Date.parse(str(test.finishedAt));
  return {
    id,
    test: id.split('/')[0],
    system: str(test.system),
    workload: str(test.workload),
    nemesis,
    seed: str(test.seed),
    startedAt: str(test.startedAt),
    ...(Number.isFinite(started) && Number.isFinite(finished) ? { durationS: (finished - started) / 1000 } : {}),
    verdict,
    failing: Object.entries(checkers).filter(([, v]) => v?.valid === false).map(([k]) => k),
    hasReport,
  };
}

/** The store's runs and campaigns, cached by modification time. */
export class StoreIndex {
  private readonly runs = new Map<string, { key: string; entry: RunEntry }>();
  private readonly campaigns = new Map<string, { key: number; entry: CampaignEntry }>();

  constructor(readonly root: string) {}

  /** Every run with a readable test.json, newest first. */
  async listRuns(): Promise<RunEntry[]> {
    const out: RunEntry[] = [];
    const seen = new Set<string>();
    for (const test of await dirs(this.root)) {
      if (test === 'campaigns') continue;
      for (const stamp of await dirs(join(this.root, test))) {
        const id = `${test}/${stamp}`;
        const dir = join(this.root, test, stamp);
        const [t, r, h] = await Promise.all([mtime(join(dir, 'test.json')), mtime(join(dir, 'results.json')), mtime(join(dir, 'report.html'))]);
        if (t === 0) continue;
        seen.add(id);
        const key = `${t}/${r}/${h}`;
        const cached = this.runs.get(id);
        if (cached?.key === key) {
          out.push(cached.entry);
          continue;
        }
        try {
          const test = (await readJson(join(dir, 'test.json'))) as Record<string, unknown>;
          const results = r === 0 ? undefined : ((await readJson(join(dir, 'results.json')).catch(() => undefined)) as Record<string, unknown> | undefined);
          const entry = runEntry(id, test, results, h !== 0);
          this.runs.set(id, { key, entry });
          out.push(entry);
        } catch {
          // a half-written or foreign test.json: not listed
        }
      }
    }
    for (const id of this.runs.keys()) if (!seen.has(id)) this.runs.delete(id);
    return out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  }

  /** Every campaign with a readable campaign.json, newest first. */
  async listCampaigns(): Promise<CampaignEntry[]> {
    const root = join(this.root, 'campaigns');
    const out: CampaignEntry[] = [];
    for (const id of await dirs(root)) {
      const file = join(root, id, 'campaign.json');
      const m = await mtime(file);
      if (m === 0) continue;
      const cached = this.campaigns.get(id);
      if (cached?.key === m) {
        out.push(cached.entry);
        continue;
      }
      try {
        const c = (await readJson(file)) as Record<string, unknown>;
        const runs = Array.isArray(c.runs) ? (c.runs as { verdict?: unknown }[]) : [];
        const counts: Record<string, number> = {};
        for (const r of runs) counts[str(r.verdict)] = (counts[str(r.verdict)] ?? 0) + 1;
        const entry = { id, name: str(c.name), startedAt: str(c.startedAt), durationS: Number(c.durationS) || 0, exitCode: Number(c.exitCode), runs: runs.length, counts };
        this.campaigns.set(id, { key: m, entry });
        out.push(entry);
      } catch {
        // half-written: not listed
      }
    }
    return out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
  }
}

/** Sub-folder names of `dir` (none when it is missing); `latest` links are skipped. */
async function dirs(dir: string): Promise<string[]> {
  try {
    const ents = await readdir(dir, { withFileTypes: true });
    return ents.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
