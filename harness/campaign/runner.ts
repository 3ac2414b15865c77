/**
 * Runs a campaign's planned runs on its slots: each slot takes the next run when its last one
 * ends, so at most one cluster per slot exists at a time. It stops starting runs once the
 * signal aborts (runs in flight get the same signal: they heal, tear down and end
 * interrupted) or, with `untilInvalid`, once a run is INVALID (runs in flight finish).
 * The run itself is injected (tests use fakes; the CLI runs the real pipeline).
 */
import type { PlannedRun } from './matrix.js';
import type { RunRecord } from './record.js';
import type { Slot } from './slots.js';

/** Runs one planned run on a slot; never rejects (a failure is a CRASHED record). */
export type RunOne = (run: PlannedRun, slot: Slot, signal: AbortSignal) => Promise<RunRecord>;

/** Options of {@link runCampaign}. */
export interface CampaignRunOptions {
  runs: readonly PlannedRun[];
  slots: readonly Slot[];
  runOne: RunOne;
  signal: AbortSignal;
  /** Stop starting runs after the first INVALID one. */
  untilInvalid?: boolean;
  /** Told when a run starts and when it ends (for the live table). */
  onStart?: (run: PlannedRun, slot: Slot) => void;
  onEnd?: (record: RunRecord) => void;
}

/** How a campaign ended. */
export interface CampaignResult {
  /** Records of the runs that started, in plan order. */
  records: RunRecord[];
  /** Why runs were left unstarted, if any were. */
  stopped?: 'invalid' | 'interrupted';
  /** Planned runs that never started. */
  notStarted: number;
}

/** Runs `opts.runs` on `opts.slots`; see the module documentation. Never rejects. */
export async function runCampaign(opts: CampaignRunOptions): Promise<CampaignResult> {
  const records: RunRecord[] = [];
  let next = 0;
  let sawInvalid = false;
  const halted = (): boolean => opts.signal.aborted || (opts.untilInvalid === true && sawInvalid);
  const worker = async (slot: Slot): Promise<void> => {
    while (!halted() && next < opts.runs.length) {
      const run = opts.runs[next++];
      opts.onStart?.(run, slot);
      let rec: RunRecord;
      try {
        rec = await opts.runOne(run, slot, opts.signal);
      } catch (e) {
        rec = { ...run, verdict: 'CRASHED', anomalies: [], durationS: 0, log: `campaign: ${(e as Error)?.message ?? String(e)}` };
      }
      if (rec.verdict === 'INVALID') sawInvalid = true;
      records.push(rec);
      opts.onEnd?.(rec);
    }
  };
  await Promise.all(opts.slots.map((s) => worker(s)));
  records.sort((a, b) => a.index - b.index);
  const notStarted = opts.runs.length - next;
  const stopped = notStarted === 0 ? undefined : opts.signal.aborted ? 'interrupted' : sawInvalid && opts.untilInvalid ? 'invalid' : undefined;
  return { records, notStarted, ...(stopped === undefined ? {} : { stopped }) };
}
