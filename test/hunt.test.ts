import { it } from 'vitest';
import { checkLinearizable, findModel } from '/work/h-lin/checkers/linearizable/index.js';
import { memoOracle } from '/work/h-lin/test/checkers/linearizable/memo-oracle.js';
import { smallCrashHistory } from '/work/h-lin/test/checkers/linearizable/crash-sim.js';
it('hunt', async () => {
  for (const model of ['register', 'cas-register'] as const) {
    const m = findModel(model)!;
    let bad = 0, inv = 0;
    const t = Date.now();
    for (let seed = 1; seed <= 2000; seed++) {
      const h = smallCrashHistory({ model, ops: 24, crashed: 8, threads: 5, corruptRate: 0.6, values: 2, seed });
      const e = memoOracle(h, m);
      if (!e) inv++;
      const v = await checkLinearizable(h, model);
      if (v.valid !== e) bad++;
    }
    console.log(model, 'bad', bad, 'invalid', inv, Date.now() - t, 'ms');
  }
}, 600000);
