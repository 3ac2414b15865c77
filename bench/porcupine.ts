/**
 * Porcupine (github.com/anishathalye/porcupine), timed in the same run as faultline on the
 * same files, for `npm run bench:check`. Nothing of Porcupine is in this project: its module
 * is fetched by `go mod download` (the Go module proxy), copied to a temporary directory
 * outside the project, and one test of ours is added beside its own test files, calling its
 * own parsers (`parseKvLog`, `parseJepsenLog`) and models (`kvModel` split by key,
 * `kvNoPartitionModel`, `etcdModel`) through `CheckEvents` (or `CheckEventsVerbose` for a
 * case marked `verbose`), with `GOMAXPROCS=1`. The two differ as faultline's `firstFailure` and
 * its default do (checked in v1.3.1's checker.go, `checkParallel`): `CheckEvents` cancels the
 * other partitions at the first failing one and returns the answer only; `CheckEventsVerbose`
 * (computeInfo) waits for every partition and records, at each backtrack, the longest
 * linearizable prefix through each op (the partial linearizations its visualization shows). Each figure
 * is the median of `runs` batches after a warm-up (1,000 checks or 2 s of CPU, at least 200 ms,
 * then on while still speeding up, as check-measure.ts's `timeBatched`), a batch repeating the
 * check until it takes at least 20 ms of CPU (tiny histories take microseconds; sized by CPU,
 * not wall time, so that a loaded machine does not shrink the batches); wall and CPU time
 * (getrusage) per check — faultline's side is timed the same way (check-measure.ts). Returns why not when Go or the module is
 * missing.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Porcupine version timed. */
export const PORCUPINE_MODULE = 'github.com/anishathalye/porcupine@v1.3.1';

/** One case for Porcupine: files checked together count as one figure. */
export interface PorcupineCase {
  readonly name: string;
  readonly kind: 'kv-split' | 'kv-whole' | 'etcd';
  readonly files: readonly string[];
  /** Time `CheckEventsVerbose` (every partition, partial linearizations) instead of `CheckEvents`. */
  readonly verbose?: boolean;
}

/** Porcupine's result for one case: seconds per check (all its files), and its verdicts. */
export interface PorcupineTiming {
  readonly seconds: number;
  /** CPU seconds per check (user + system of the Go process). */
  readonly cpu: number;
  readonly valid: readonly boolean[];
}

const TEST_GO = `package porcupine

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"syscall"
	"testing"
	"time"
)

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// faultline's timing harness (not part of Porcupine): see bench/porcupine.ts in faultline.
func TestFaultlineTiming(t *testing.T) {
	var req struct {
		Cases []struct {
			Name    string
			Kind    string
			Files   []string
			Verbose bool
		}
		Runs int
	}
	if err := json.Unmarshal([]byte(os.Getenv("FAULTLINE_REQ")), &req); err != nil {
		t.Skip("no request")
	}
	for _, c := range req.Cases {
		model := kvModel
		histories := [][]Event{}
		for _, f := range c.Files {
			switch c.Kind {
			case "etcd":
				model = etcdModel
				histories = append(histories, parseJepsenLog(f))
			case "kv-whole":
				model = kvNoPartitionModel
				histories = append(histories, parseKvLog(f))
			default:
				histories = append(histories, parseKvLog(f))
			}
		}
		check := func(h []Event) bool {
			if c.Verbose {
				res, _ := CheckEventsVerbose(model, h, 0)
				return res == Ok
			}
			return CheckEvents(model, h)
		}
		valid := []bool{}
		once := func() {
			for _, h := range histories {
				check(h)
			}
		}
		for _, h := range histories {
			valid = append(valid, check(h))
		}
		// the same warm-up and batches sized by CPU time as faultline's side (check-measure.ts)
		w := cpuSeconds()
		for calls := 0; cpuSeconds()-w < 0.2 || (calls < 1000 && cpuSeconds()-w < 2); calls++ {
			once()
		}
		for last := math.Inf(1); cpuSeconds()-w < 5; {
			b0 := cpuSeconds()
			calls := 0
			for ; cpuSeconds()-b0 < 0.05; calls++ {
				once()
			}
			per := (cpuSeconds() - b0) / float64(calls)
			if per > last*0.95 {
				break
			}
			last = per
		}
		n := 1
		for {
			c0 := cpuSeconds()
			for i := 0; i < n; i++ {
				once()
			}
			if cpuSeconds()-c0 >= 0.02 || n >= 1<<20 {
				break
			}
			n *= 2
		}
		per := []float64{}
		cpu := []float64{}
		for r := 0; r < req.Runs; r++ {
			start := time.Now()
			c0 := cpuSeconds()
			for i := 0; i < n; i++ {
				once()
			}
			cpu = append(cpu, (cpuSeconds()-c0)/float64(n))
			per = append(per, time.Since(start).Seconds()/float64(n))
		}
		sort.Float64s(per)
		sort.Float64s(cpu)
		line, _ := json.Marshal(map[string]interface{}{"name": c.Name, "seconds": per[len(per)/2], "cpu": cpu[len(cpu)/2], "valid": valid})
		fmt.Println("FAULTLINE " + string(line))
	}
}
`;

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}

/**
 * Times `cases` with Porcupine (see the module comment); `runs` batches each. Returns the
 * timings by case name, or a one-line reason when it could not run.
 */
export function timePorcupine(cases: readonly PorcupineCase[], runs: number): Map<string, PorcupineTiming> | string {
  let work: string | undefined;
  try {
    const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', PORCUPINE_MODULE], { encoding: 'utf8', cwd: tmpdir() })) as { Dir?: string };
    if (info.Dir === undefined) return `go mod download ${PORCUPINE_MODULE} gave no directory`;
    work = mkdtempSync(join(tmpdir(), 'faultline-porcupine-'));
    const src = join(work, 'porcupine');
    cpSync(info.Dir, src, { recursive: true });
    makeWritable(src);
    writeFileSync(join(src, 'faultline_timing_test.go'), TEST_GO);
    // no go test time limit (default 10 min): on a loaded machine the warm-ups and batches of
    // every case, in CPU time, can take longer than that in wall time
    const out = execFileSync('go', ['test', '-count=1', '-timeout', '0', '-run', '^TestFaultlineTiming$', '-v', '.'], {
      cwd: src,
      encoding: 'utf8',
      maxBuffer: 16 << 20,
      env: { ...process.env, GOMAXPROCS: '1', GOFLAGS: '-mod=mod', FAULTLINE_REQ: JSON.stringify({ Cases: cases.map((c) => ({ Name: c.name, Kind: c.kind, Files: c.files, Verbose: c.verbose === true })), Runs: runs }) },
    });
    const timings = new Map<string, PorcupineTiming>();
    for (const line of out.split('\n')) {
      if (!line.startsWith('FAULTLINE ')) continue;
      const r = JSON.parse(line.slice('FAULTLINE '.length)) as { name: string; seconds: number; cpu: number; valid: boolean[] };
      timings.set(r.name, { seconds: r.seconds, cpu: r.cpu, valid: r.valid });
    }
    return timings;
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const out = (err as { stdout?: unknown }).stdout;
    const last = typeof out === 'string' ? out.trim().split('\n').slice(-3).join(' | ') : '';
    return `Porcupine not run: ${msg}${last === '' ? '' : ` (${last})`}`;
  } finally {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  }
}
