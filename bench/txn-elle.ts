/**
 * Side by side with Elle (not part of `npm run bench:check`: Elle is built outside the project,
 * see ../shared/tools/elle-ref/README.md): `node dist/bench/txn-elle.js [txns …]` generates a
 * list-append history per size (./txn-gen.ts, seed 42), writes it as Jepsen EDN, runs Elle's
 * strict-serializable check on it (ELLE_TIMING: its own check time, JVM start and EDN read
 * excluded) and faultline's on the same EDN file (parse excluded), and prints both with the
 * ratio. Default sizes: 10,000 and 100,000 (Elle needs ~12 GiB for 1,000,000).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { checkTxn } from '../checkers/txn/index.js';
import { parseEdnHistory } from '../core/history/import/edn.js';
import type { History } from '../core/op.js';
import { secs, table } from './check-measure.js';
import { generateAppendHistory } from './txn-gen.js';

const ELLE = join('..', 'shared', 'tools', 'elle-ref', 'run.sh');

/** One op as a Jepsen EDN map. */
function ednLine(o: History[number]): string {
  const mops = (o.value as [string, number, unknown][]).map(([f, k, v]) => `[:${f} ${k} ${v === null ? 'nil' : Array.isArray(v) ? `[${v.join(' ')}]` : String(v)}]`);
  return `{:type :${o.type}, :f :txn, :value [${mops.join(' ')}], :time ${o.time}, :process ${String(o.process)}, :index ${o.index}}`;
}

function main(): void {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const rows: string[][] = [];
  for (const n of sizes.length > 0 ? sizes : [10_000, 100_000]) {
    const file = `/tmp/faultline-txn-elle-${n}.edn`;
    writeFileSync(file, `${generateAppendHistory({ txns: n, seed: 42 }).history.map(ednLine).join('\n')}\n`);
    const t0 = performance.now();
    const elle = spawnSync(ELLE, ['list-append', file, 'strict-serializable'], { encoding: 'utf8', env: { ...process.env, ELLE_TIMING: '1', ELLE_HEAP: '4g' }, maxBuffer: 1 << 26 });
    const elleWall = (performance.now() - t0) / 1000;
    const m = /check=(\d+)ms/.exec(elle.stderr);
    const elleCheck = m ? Number(m[1]) / 1000 : undefined;
    const h = parseEdnHistory(readFileSync(file, 'utf8'), file);
    checkTxn(h, { model: 'list-append' });
    const t1 = performance.now();
    const c = process.cpuUsage();
    const v = checkTxn(h, { model: 'list-append' });
    const ours = (performance.now() - t1) / 1000;
    const cpu = process.cpuUsage(c);
    rows.push([
      `list-append ${n.toLocaleString('en')} txns`,
      String(v.valid),
      `exit ${String(elle.status)}`,
      secs(ours),
      secs((cpu.user + cpu.system) / 1e6),
      secs(elleCheck),
      secs(elleWall),
      elleCheck === undefined ? '-' : `${(elleCheck / ours).toFixed(1)}×`,
    ]);
  }
  console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
  console.log('faultline txn checker vs Elle (jepsen-io/elle via ../shared/tools/elle-ref), strict-serializable, same EDN file; faultline parse excluded, Elle: its check alone and the whole run');
  console.log(table(['case', 'faultline verdict', 'Elle', 'faultline s', 'faultline CPU s', 'Elle check s', 'Elle wall s', 'Elle / faultline'], rows));
}

main();
