/**
 * The live table on stderr while a campaign runs: on a terminal the whole table is redrawn in
 * place (at most the last `maxRows` rows) every second and whenever a run starts or ends;
 * elsewhere (CI logs) one line per start and per end.
 */
import { nemesisLabel, type PlannedRun } from './matrix.js';
import type { RunRecord } from './record.js';
import type { Slot } from './slots.js';
import { tableText, type TableRow } from './table.js';

/** Where the live table goes. */
export interface LiveStream {
  isTTY: boolean;
  write(text: string): void;
}

/** The live table of a campaign. */
export class LiveTable {
  private readonly rows: TableRow[];
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    runs: readonly PlannedRun[],
    private readonly out: LiveStream,
    private readonly maxRows = 30,
  ) {
    this.rows = runs.map((r) => ({ ...r, verdict: 'queued' as const }));
    if (out.isTTY) {
      this.timer = setInterval(() => this.draw(), 1000);
      this.timer.unref();
    }
  }

  /** A run started on `slot`. */
  started(run: PlannedRun, slot: Slot): void {
    this.rows[run.index - 1] = { ...run, verdict: 'running', startedMs: Date.now() };
    if (this.out.isTTY) this.draw();
    else this.out.write(`faultline: [${run.index}/${this.rows.length}] start ${run.system} ${run.workload} nemesis ${nemesisLabel(run.nemesis)} on ${slot.cluster} (${slot.subnet})\n`);
  }

  /** A run ended. */
  ended(rec: RunRecord): void {
    this.rows[rec.index - 1] = rec;
    if (this.out.isTTY) this.draw();
    else {
      const extra = [rec.anomalies.join(', '), rec.report ?? rec.runDir ?? ''].filter(Boolean).join(' — ');
      this.out.write(`faultline: [${rec.index}/${this.rows.length}] ${rec.system} ${rec.workload} nemesis ${nemesisLabel(rec.nemesis)} seed ${rec.seed ?? '-'}: ${rec.verdict} in ${rec.durationS.toFixed(1)} s${extra ? ` — ${extra}` : ''}\n`);
    }
  }

  /** A progress line above the table. */
  log(line: string): void {
    this.erase();
    this.out.write(`faultline: ${line}\n`);
    if (this.out.isTTY) this.draw();
  }

  /** Stops redrawing and erases the table (the final one goes to stdout). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.erase();
  }

  private erase(): void {
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A\r\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    const shown = this.rows.slice(-this.maxRows);
    const text = tableText(shown, Date.now());
    this.erase();
    this.out.write(`${text}\n`);
    this.drawn = text.split('\n').length;
  }
}
