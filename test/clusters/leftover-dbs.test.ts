/**
 * The DB-process cleanup of `faultline down` on an SSH inventory (pure parts; the script runs
 * for real in test/clusters/down-inventory.integration.test.ts): which processes it picks, the
 * order of signals, and its summary line.
 */
import { describe, expect, it } from 'vitest';
import { describeLeftoverDbs, leftoverDbsScript, parseLeftoverDbs } from '../../clusters/leftover-dbs.js';

describe('leftoverDbsScript', () => {
  const s = leftoverDbsScript().script;

  it("picks processes by working directory under /var/lib/faultline-*, in the node's own mount namespace, never itself or its ancestors", () => {
    expect(s).toContain('case "$cwd" in /var/lib/faultline-*) ;; *) continue ;; esac');
    expect(s).toContain('[ "$(readlink "$d/ns/mnt" 2>/dev/null)" = "$ns" ] || continue');
    expect(s).toContain('case "$mine" in *" $pid "*) continue ;; esac');
    expect(s).toContain('ps -o ppid= -p "$p"');
  });

  it('continues and terminates, waits up to 10 s, then SIGKILLs; unmounts FUSE layers; removes pid files', () => {
    expect(s.indexOf('kill -CONT "$p"')).toBeLessThan(s.indexOf('kill -TERM "$p"'));
    expect(s).toContain('[ "$i" -lt 100 ]');
    expect(s).toContain('kill -KILL "$p"');
    expect(s).toContain('fusermount -u "$m" 2>/dev/null || umount -l "$m"');
    expect(s).toContain('rm -f /var/lib/faultline-*/*.pid');
  });
});

describe('parseLeftoverDbs, describeLeftoverDbs', () => {
  it('reads the summary line back and describes it per node', () => {
    const d = parseLeftoverDbs('noise\ndbs stopped=812:etcd,901:java forced=901 unmounted=/var/lib/faultline-pg/data\n');
    expect(d).toEqual({ stopped: ['812:etcd', '901:java'], forced: [901], unmounted: ['/var/lib/faultline-pg/data'] });
    expect(describeLeftoverDbs('n1', d!)).toBe('n1: stopped 2 DB process(es) (812 etcd, 901 java), 1 by SIGKILL, unmounted 1 FUSE layer(s)');
    expect(parseLeftoverDbs('dbs stopped= forced= unmounted=')).toEqual({ stopped: [], forced: [], unmounted: [] });
    expect(describeLeftoverDbs('n2', { stopped: [], forced: [], unmounted: [] })).toBe('n2: stopped 0 DB process(es), 0 by SIGKILL, unmounted 0 FUSE layer(s)');
    expect(parseLeftoverDbs('nothing')).toBeUndefined();
  });
});
