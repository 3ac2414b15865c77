/**
 * The leftovers cleanup of `faultline down` on an SSH inventory (pure parts): the script only
 * touches faultline's chains, stopped processes and faultline's time files, and its summary
 * line parses back.
 */
import { describe, expect, it } from 'vitest';
import { cleanupLines } from '../../nemesis/clean-nodes.js';
import { describeLeftovers, leftoversScript, parseLeftovers } from '../../nemesis/leftovers.js';

describe('leftoversScript', () => {
  const s = leftoversScript().script;

  it('removes only FAULTLINE-* chains, with their jumps, and never flushes a built-in chain', () => {
    expect(s).toContain('/^FAULTLINE-[A-Z0-9-]+$/');
    expect(s).toContain('iptables -w -D "$parent" -j "$c"');
    expect(s).toContain('iptables -w -F "$c" && iptables -w -X "$c"');
    expect(s).not.toMatch(/iptables -w -F\s*(;|$|INPUT)/m);
  });

  it('continues stopped processes and resets faultline\'s time files to +0', () => {
    expect(s).toContain("awk '$2 ~ /^T/ { print $1 }'");
    expect(s).toContain('kill -CONT "$p"');
    expect(s).toContain('/var/lib/faultline-*/faketime /var/lib/faultline-*/faketime/*');
    expect(s).toContain("printf '%s\\n' +0 > \"$f\"");
  });

  it('stops faultline-shaper processes and removes only a tbf on the recorded device', () => {
    expect(s).toContain("pgrep -f '^faultline-shaper( |$)'");
    expect(s).toContain("grep -q '^qdisc tbf' && tc qdisc del dev \"$dev\" root");
    expect(s).toContain('/run/faultline-shaper/rate-dev');
  });
});

describe('parseLeftovers and the down output', () => {
  it('reads the summary line back', () => {
    expect(parseLeftovers('noise\ncleaned chains=FAULTLINE-LOSS,FAULTLINE-PARTITION continued=12,40 timefiles=/var/lib/faultline-zk/faketime shapers=77 qdiscs=eth0\n')).toEqual({
      chains: ['FAULTLINE-LOSS', 'FAULTLINE-PARTITION'], continued: [12, 40], timeFiles: ['/var/lib/faultline-zk/faketime'], shapers: [77], qdiscs: ['eth0'],
    });
    expect(parseLeftovers('cleaned chains= continued= timefiles=')).toEqual({ chains: [], continued: [], timeFiles: [], shapers: [], qdiscs: [] });
    expect(parseLeftovers('nothing')).toBeUndefined();
  });

  it('one line per node; a failure makes the command fail', () => {
    const cleaned = { chains: ['FAULTLINE-LOSS'], continued: [7], timeFiles: [], shapers: [9], qdiscs: [] };
    expect(describeLeftovers('n1', cleaned)).toBe('n1: removed 1 chain(s) (FAULTLINE-LOSS), continued 1 stopped process(es), reset 0 time file(s), stopped 1 shaper(s), removed 0 qdisc(s)');
    expect(cleanupLines([{ node: 'n1', cleaned }, { node: 'n2', error: 'timed out' }])).toEqual({
      lines: [describeLeftovers('n1', cleaned), 'n2: cleanup failed: timed out'], ok: false,
    });
  });
});
