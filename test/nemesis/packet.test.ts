/**
 * Packet faults without containers: what a `start-packet` value resolves to (links,
 * behaviours with defaults, seed), the shaper / iptables / tc scripts it becomes, the nemesis
 * over a fake cluster recording scripts, and how `--nemesis delay,corrupt` composes.
 */
import { describe, expect, it } from 'vitest';
import { recordingContext } from '../support/fake-cluster.js';
import { Rng } from '../../core/generator/index.js';
import type { Op } from '../../core/op.js';
import type { DB } from '../../core/plugins.js';
import { nemesisPackages } from '../../nemesis/packages.js';
import { behavioursOf, DEFAULT_BEHAVIOURS, resolvePacket } from '../../nemesis/packet-spec.js';
import { PacketNemesis, startBehaviours } from '../../nemesis/packet.js';
import { healPacketScript, parseShaperStats, removePacketScript, shaperArgs, startPacketScript } from '../../nemesis/shaper-script.js';

const nodes = ['n1', 'n2', 'n3'];
const addresses = { n1: '10.9.0.11', n2: '10.9.0.12', n3: '10.9.0.13' };
const op = (f: string, value: unknown = null): Op => ({ index: 0, time: 0, process: 'nemesis', type: 'invoke', f, value });
const db: DB = { name: 'fake', setup: async () => {}, teardown: async () => {} };

describe('behavioursOf', () => {
  it('fills in Jepsen-like defaults for true or {} and keeps given parameters', () => {
    expect(behavioursOf({ delay: true })).toEqual({ delay: { ms: 50, jitterMs: 10, distribution: 'normal' } });
    expect(behavioursOf({ delay: { ms: 100, distribution: 'uniform' }, corrupt: {}, rate: { rate: '512kbit' } })).toEqual({
      delay: { ms: 100, jitterMs: 10, distribution: 'uniform' },
      corrupt: { probability: 0.2 },
      rate: { rate: '512kbit', burst: '32kbit', latency: '400ms' },
    });
    expect(behavioursOf({ reorder: true, duplicate: { probability: 0.5 } })).toEqual({ reorder: { probability: 0.2, gapMs: 20 }, duplicate: { probability: 0.5 } });
  });

  it('refuses unknown behaviours, bad parameters and an empty set, naming them', () => {
    expect(() => behavioursOf({ jitter: true })).toThrow(/unknown packet behaviour "jitter" \(known: delay, reorder, duplicate, corrupt, rate\)/);
    expect(() => behavioursOf({ delay: { ms: -1 } })).toThrow(/delay ms must be a number of ms in \[0, 60000\], got -1/);
    expect(() => behavioursOf({ delay: { distribution: 'pareto' } })).toThrow(/"normal" or "uniform", got "pareto"/);
    expect(() => behavioursOf({ corrupt: { probability: 2 } })).toThrow(/corrupt probability must be a number in \(0, 1\], got 2/);
    expect(() => behavioursOf({ rate: { rate: '1mbit; reboot' } })).toThrow(/bad value "1mbit; reboot"/);
    expect(() => behavioursOf({})).toThrow(/names no behaviour/);
    expect(() => behavioursOf(null)).toThrow(/needs behaviours/);
  });
});

describe('resolvePacket', () => {
  it('targets: the targets shape everything they send, the others what they send to the targets', () => {
    const s = resolvePacket({ targets: ['n1'], behaviours: { delay: true }, seed: 9 }, nodes, Rng.fromSeed(1));
    expect(s).toEqual({
      behaviours: { delay: DEFAULT_BEHAVIOURS.delay }, links: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] },
      everything: ['n1'], rated: [], nodes: ['n1'], seed: 9,
    });
  });

  it('pairs, asymmetric: only the first node shapes, only towards the second; no clients', () => {
    const s = resolvePacket({ pairs: [['n1', 'n2']], asymmetric: true, behaviours: { corrupt: true }, seed: 1 }, nodes, Rng.fromSeed(1));
    expect(s.links).toEqual({ n1: ['n2'], n2: [], n3: [] });
    expect(s.everything).toEqual([]);
  });

  it('rate needs targets; a seed is drawn when none is given and replays from the PRNG', () => {
    expect(() => resolvePacket({ pairs: [['n1', 'n2']], behaviours: { rate: true } }, nodes, Rng.fromSeed(1))).toThrow(/give targets, not pairs/);
    expect(resolvePacket({ targets: 'all', behaviours: { rate: true } }, nodes, Rng.fromSeed(3)).rated).toEqual(nodes);
    const a = resolvePacket({ targets: 'one', behaviours: { delay: true } }, nodes, Rng.fromSeed(3));
    expect(resolvePacket({ targets: 'one', behaviours: { delay: true } }, nodes, Rng.fromSeed(3))).toEqual(a);
    expect(() => resolvePacket({ targets: 'one', behaviours: { delay: true }, seed: -1 }, nodes, Rng.fromSeed(3))).toThrow(/seed must be a non-negative integer/);
  });
});

describe('shaper scripts', () => {
  it('start: the shaper with its parameters, queueing to the chosen addresses, duplicates let through by mark', () => {
    const args = shaperArgs({ delay: DEFAULT_BEHAVIOURS.delay, duplicate: { probability: 0.25 } }, 42);
    expect(args).toEqual(['--queue', '16', '--mark', '0xf16', '--seed', '42', '--delay-ms', '50', '--jitter-ms', '10', '--distribution', 'normal', '--duplicate', '0.25']);
    const s = startPacketScript({ shaper: args, dests: ['10.9.0.12', 'a b'], everything: false }).script;
    expect(s).toContain('setsid faultline-shaper --queue 16 --mark 0xf16 --seed 42 --delay-ms 50');
    expect(s).toContain('iptables -w -I OUTPUT 1 -j FAULTLINE-PACKET');
    expect(s).toContain('iptables -w -A FAULTLINE-PACKET -m mark --mark 0xf16 -j RETURN');
    expect(s).toContain('iptables -w -A FAULTLINE-PACKET -d 10.9.0.12 -j NFQUEUE --queue-num 16 --queue-bypass');
    expect(s).toContain(`-d 'a b' -j NFQUEUE`);
    expect(s).not.toContain('tc qdisc replace');
    expect(startPacketScript({ shaper: args, dests: [], everything: true }).script).toContain("iptables -w -A FAULTLINE-PACKET '!' -o lo -j NFQUEUE");
  });

  it('start: rate alone puts a tbf on the interface towards a peer and starts no shaper', () => {
    const s = startPacketScript({ dests: [], everything: true, rate: { ...DEFAULT_BEHAVIOURS.rate, rateVia: '10.9.0.12' } }).script;
    expect(s).toContain('ip -o route get 10.9.0.12');
    expect(s).toContain('tc qdisc replace dev "$dev" root tbf rate 1mbit burst 32kbit latency 400ms');
    expect(s).not.toContain('setsid');
  });

  it('heal flushes the chain, stops the shaper and removes only a tbf; remove also deletes the chain', () => {
    const h = healPacketScript().script;
    expect(h).toContain('iptables -w -F FAULTLINE-PACKET');
    expect(h).toContain('kill -TERM "$p"');
    expect(h).toContain("grep -q '^qdisc tbf'");
    expect(h).not.toContain('-X FAULTLINE-PACKET');
    const r = removePacketScript().script;
    expect(r).toContain('iptables -w -D OUTPUT -j FAULTLINE-PACKET');
    expect(r).toContain('iptables -w -X FAULTLINE-PACKET');
  });

  it('parses the shaper\'s counts', () => {
    expect(parseShaperStats('x\nfaultline-shaper stats seen=10 delayed=9 reordered=0 duplicated=2 corrupted=1 dup_failed=0\n')).toEqual({
      seen: 10, delayed: 9, reordered: 0, duplicated: 2, corrupted: 1, dup_failed: 0,
    });
    expect(parseShaperStats('')).toBeUndefined();
  });
});

describe('PacketNemesis on a fake cluster', () => {
  it('start sends each node its share, records every parameter; stop heals everywhere', async () => {
    const { ctx, scripts } = recordingContext({ nodes, addresses, seed: 5 });
    const nem = new PacketNemesis();
    const r = await nem.invoke(ctx, op('start-packet', { targets: ['n2'], behaviours: { delay: { ms: 80 } }, seed: 7 }));
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual({
      behaviours: { delay: { ms: 80, jitterMs: 10, distribution: 'normal' } }, targets: ['n2'],
      links: { n1: ['n2'], n2: ['n1', 'n3'], n3: ['n2'] }, everything: ['n2'], rated: [], seed: 7,
    });
    expect(scripts.get('n1')!.at(-1)).toContain('--seed 7 ');
    expect(scripts.get('n1')!.at(-1)).toContain('-d 10.9.0.12 -j NFQUEUE');
    expect(scripts.get('n2')!.at(-1)).toContain('--seed 8 ');
    expect(scripts.get('n2')!.at(-1)).toContain("'!' -o lo -j NFQUEUE");
    expect(scripts.get('n3')!.at(-1)).toContain('--seed 9 ');
    expect(await nem.invoke(ctx, op('stop-packet'))).toEqual({ value: { healed: nodes, stats: {} } });
    expect(scripts.get('n3')!.at(-1)).toContain('iptables -w -F FAULTLINE-PACKET');
  });

  it('a bad value or unreachable node becomes the op\'s error, not an exception', async () => {
    const { ctx } = recordingContext({ nodes, addresses, seed: 5, failOn: ['n3'] });
    const nem = new PacketNemesis();
    expect((await nem.invoke(ctx, op('start-packet', { behaviours: { warp: true } }))).error).toMatch(/unknown packet behaviour "warp"/);
    expect((await nem.invoke(ctx, op('start-packet', { targets: 'primaries', behaviours: { delay: true } }))).error).toMatch(/primaries/);
    expect((await nem.invoke(ctx, op('start-packet', { targets: 'all', behaviours: { delay: true } }))).error).toMatch(/n3: n3 unreachable/);
  });
});

describe('--nemesis with packet behaviours', () => {
  it('named behaviours form one packet package whose starts apply them all; packet picks one', () => {
    const pkgs = nemesisPackages(['delay', 'partition', 'corrupt'], { intervalS: 5 }, db);
    expect(pkgs.map((p) => p.nemesis.name)).toEqual(['packet', 'partition']);
    expect(startBehaviours({ behaviours: ['delay', 'corrupt'] }, { rng: Rng.fromSeed(1) })).toEqual({ delay: DEFAULT_BEHAVIOURS.delay, corrupt: DEFAULT_BEHAVIOURS.corrupt });
    const picked = new Set(Array.from({ length: 40 }, (_, i) => Object.keys(startBehaviours({ behaviours: 'any' }, { rng: Rng.fromSeed(i) }))[0]));
    expect([...picked].sort()).toEqual(['corrupt', 'delay', 'duplicate', 'rate', 'reorder']);
    expect(nemesisPackages(['partition', 'packet'], { intervalS: 5 }, db).map((p) => p.nemesis.name)).toEqual(['partition', 'packet']);
  });
});
