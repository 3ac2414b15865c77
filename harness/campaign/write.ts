/**
 * A campaign's files in its folder `<store>/campaigns/<name>-<stamp>/`: campaign.json (the
 * plan, every run's record, how it ended), summary.md, junit.xml (one test case per run), and
 * the same Markdown appended to $GITHUB_STEP_SUMMARY when that is set.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runStamp, writeJsonAtomic } from '../../core/run-store/index.js';
import { campaignJunit } from './junit.js';
import { campaignExitCode, type RunRecord } from './record.js';
import { summaryMarkdown } from './table.js';

/** File names in a campaign folder. */
export const CAMPAIGN_FILES = { json: 'campaign.json', summary: 'summary.md', junit: 'junit.xml', logs: 'logs' } as const;

/** The content of campaign.json. */
export interface StoredCampaign {
  name: string;
  startedAt: string;
  finishedAt: string;
  durationS: number;
  /** The command line, as typed. */
  argv: string[];
  /** Runs planned, and why some never started. */
  planned: number;
  notStarted: number;
  stopped?: 'invalid' | 'interrupted';
  exitCode: number;
  runs: Omit<RunRecord, 'log'>[];
}

/** Creates `<store>/campaigns/<name>-<stamp>/logs/`. @returns the campaign folder */
export async function createCampaignDir(store: string, name: string, startedAt: Date): Promise<string> {
  const dir = join(store, 'campaigns', `${name}-${runStamp(startedAt)}`);
  await mkdir(join(dir, CAMPAIGN_FILES.logs), { recursive: true });
  return dir;
}

/** The note under summary.md's heading for a campaign that stopped early. Pure. */
export function stoppedNote(c: Pick<StoredCampaign, 'stopped' | 'notStarted'>): string | undefined {
  if (c.stopped === 'invalid') return `stopped at the first INVALID run; ${c.notStarted} planned run(s) not started`;
  if (c.stopped === 'interrupted') return `interrupted; ${c.notStarted} planned run(s) not started`;
  return undefined;
}

/** Writes campaign.json, summary.md and junit.xml, and appends the summary to `stepSummary` when given. */
export async function writeCampaign(dir: string, c: StoredCampaign, stepSummary?: string): Promise<{ summary: string; junit: string; json: string }> {
  const records = c.runs as RunRecord[];
  const md = summaryMarkdown(`faultline campaign ${c.name}`, records, stoppedNote(c));
  const files = { summary: join(dir, CAMPAIGN_FILES.summary), junit: join(dir, CAMPAIGN_FILES.junit), json: join(dir, CAMPAIGN_FILES.json) };
  await writeJsonAtomic(files.json, c);
  await writeFile(files.summary, md);
  await writeFile(files.junit, campaignJunit(c.name, records, c.durationS));
  if (stepSummary) await appendFile(stepSummary, `${md}\n`);
  return files;
}

/** The exit code of a campaign: the worst verdict; an interrupted campaign with nothing invalid is 2. Pure. */
export function finalExitCode(records: readonly RunRecord[], stopped?: StoredCampaign['stopped']): number {
  const code = campaignExitCode(records);
  return code === 0 && stopped === 'interrupted' ? 2 : code;
}
