// A controller whose client library throws inside a timer (as node-zookeeper-client did inside
// its socket handler): run by test/harness/cli/crash-guard.test.ts against the compiled dist/.
// argv: <store dir>. Prints the log lines as JSON on stdout; exits with the run's code.
import { guardController, installLastResort } from '../../dist/harness/cli/crash-guard.js';
import { EXIT } from '../../dist/core/errors.js';
import { resolveTestConfig } from '../../dist/harness/run/config.js';
import { memorySystem } from '../../dist/systems/memory/index.js';
import { runTest } from '../../dist/harness/run/pipeline.js';
import { findSystem } from '../../dist/harness/run/systems.js';

const config = resolveTestConfig(findSystem('memory'), { timeLimit: '30', rate: '200', seed: '5', store: process.argv[2], nemesis: 'kill', nemesisInterval: '0.2' }, { cwd: process.cwd(), randomSeed: () => 0 });
const inner = memorySystem.client(config.workload, config);
let thrown = false;
const client = {
  async open(ctx, node) {
    const conn = await inner.open(ctx, node);
    if (!thrown) {
      thrown = true;
      setTimeout(() => {
        throw new Error('Unknown code: -1146028030');
      }, 600);
      setTimeout(() => void Promise.reject(new Error('a rejection nobody handled')), 700);
    }
    return conn;
  },
};
installLastResort();
const lines = [];
const controller = new AbortController();
const guard = guardController(controller, (l) => lines.push(l));
const out = await runTest(config, { ...memorySystem, client: () => client }, controller.signal, { log: (l) => lines.push(l), out: (t) => lines.push(t) }, { faultlineVersion: 'test', writeReports: async () => ({ unavailable: 'skipped' }) });
guard.dispose();
process.stdout.write(JSON.stringify({ lines, runDir: out.runDir, outcome: out.outcome }));
process.exitCode = guard.crash === undefined ? out.exitCode : EXIT.crash;
