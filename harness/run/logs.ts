/**
 * Collecting the system's log files after a run into `logs/<node>/` of the run folder, through
 * each node's Remote (`download`). Best effort: a file that cannot be fetched is reported in
 * the log and skipped.
 */
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { hasLogFiles, type DB, type RunContext } from '../../core/plugins.js';
import { RUN_FILES } from '../../core/run-store/index.js';

/**
 * Downloads every log file `db` names (when it implements `HasLogFiles`) from every node.
 * @returns how many files were fetched
 */
export async function collectLogs(db: DB, ctx: RunContext): Promise<number> {
  if (!hasLogFiles(db)) return 0;
  const counts = await Promise.all(
    ctx.nodes.map(async (node) => {
      let fetched = 0;
      try {
        const files = await db.logFiles(ctx, node);
        const dir = join(ctx.runDir, RUN_FILES.logs, node);
        await mkdir(dir, { recursive: true });
        for (const f of files) {
          try {
            await ctx.cluster.remote(node).download(f, join(dir, basename(f)));
            fetched++;
          } catch (err) {
            ctx.log(`logs: ${node}:${f}: ${(err as Error).message}`);
          }
        }
      } catch (err) {
        ctx.log(`logs: ${node}: ${(err as Error).message}`);
      }
      return fetched;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
