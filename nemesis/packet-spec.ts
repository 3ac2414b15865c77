/**
 * What a `start-packet` op asks for, checked and with defaults filled in: which links (as
 * loss: `{ targets | pairs, asymmetric }`), which behaviours with which parameters, and the
 * shaper's seed. The resolved value is what the history records, so a run replays from it.
 * Defaults follow Jepsen's packet nemesis: delay 50 ms ± 10 ms (normal), reorder 20 %
 * (held back 20 ms), duplicate 20 %, corrupt 20 %, rate 1mbit. Pure.
 */
import type { Grudge } from './grudge.js';
import { resolveLinks } from './loss-spec.js';
import type { Random } from './random.js';

/** The behaviours of the packet nemesis, one nemesis name each. */
export const PACKET_BEHAVIOURS = ['delay', 'reorder', 'duplicate', 'corrupt', 'rate'] as const;

/** One of {@link PACKET_BEHAVIOURS}. */
export type PacketBehaviour = (typeof PACKET_BEHAVIOURS)[number];

/** Delay of each shaped packet: `ms` ± `jitterMs` drawn from `distribution` (never below 0). */
export interface DelayParams { ms: number; jitterMs: number; distribution: 'normal' | 'uniform' }
/** A share of packets held back `gapMs` longer than the others, so later ones overtake them. */
export interface ReorderParams { probability: number; gapMs: number }
/** A share of packets (sent twice, or with one bit flipped after the IP header). */
export interface ShareParams { probability: number }
/** Bandwidth of a target's whole egress interface (tc tbf). */
export interface RateParams { rate: string; burst: string; latency: string }

/** The behaviours of one start, each with its parameters. */
export interface Behaviours {
  delay?: DelayParams;
  reorder?: ReorderParams;
  duplicate?: ShareParams;
  corrupt?: ShareParams;
  rate?: RateParams;
}

/** A resolved `start-packet`. */
export interface PacketSpec {
  behaviours: Behaviours;
  /** Node → the peers its outgoing packets to are shaped (NFQUEUE behaviours). */
  links: Grudge;
  /** Nodes whose every outgoing packet is shaped, clients included (targets form). */
  everything: string[];
  /** Nodes whose egress interface gets the rate limit. */
  rated: string[];
  /** Targets chosen, or the nodes named by pairs. */
  nodes: string[];
  /** Seed of the shapers' PRNG (node i uses seed + i). */
  seed: number;
}

/** Parameters a behaviour takes when an op names it with `true` or `{}`. */
export const DEFAULT_BEHAVIOURS: Readonly<Required<Behaviours>> = {
  delay: { ms: 50, jitterMs: 10, distribution: 'normal' },
  reorder: { probability: 0.2, gapMs: 20 },
  duplicate: { probability: 0.2 },
  corrupt: { probability: 0.2 },
  rate: { rate: '1mbit', burst: '32kbit', latency: '400ms' },
};

const RATE = /^\d+(\.\d+)?(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)$/;
const SIZE = /^\d+(\.\d+)?(b|kb|k|mb|m|bit|kbit|mbit)?$/;
const TIME = /^\d+(\.\d+)?(us|ms|s)$/;

function msOf(name: string, x: unknown, dflt: number): number {
  if (x === undefined) return dflt;
  if (typeof x !== 'number' || !(x >= 0 && x <= 60_000)) throw new Error(`packet ${name} must be a number of ms in [0, 60000], got ${JSON.stringify(x)}`);
  return x;
}

function shareOf(name: string, x: unknown, dflt: number): number {
  if (x === undefined) return dflt;
  if (typeof x !== 'number' || !(x > 0 && x <= 1)) throw new Error(`packet ${name} probability must be a number in (0, 1], got ${JSON.stringify(x)}`);
  return x;
}

function textOf(name: string, x: unknown, dflt: string, re: RegExp): string {
  if (x === undefined) return dflt;
  if (typeof x !== 'string' || !re.test(x)) throw new Error(`packet ${name} has a bad value ${JSON.stringify(x)} (like ${JSON.stringify(dflt)})`);
  return x;
}

/**
 * The behaviours of an op value's `behaviours` field (`{ delay: { ms, jitterMs,
 * distribution }, reorder: { probability, gapMs }, duplicate: { probability }, corrupt: {
 * probability }, rate: { rate, burst, latency } }`, `true` or `{}` for the defaults), at least
 * one. Pure. @throws Error naming the bad behaviour or parameter
 */
export function behavioursOf(raw: unknown): Behaviours {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`start-packet needs behaviours { delay, reorder, duplicate, corrupt, rate }, got ${JSON.stringify(raw)}`);
  const out: Behaviours = {};
  for (const [name, params] of Object.entries(raw as Record<string, unknown>)) {
    if (!(PACKET_BEHAVIOURS as readonly string[]).includes(name)) throw new Error(`unknown packet behaviour ${JSON.stringify(name)} (known: ${PACKET_BEHAVIOURS.join(', ')})`);
    if (params === false || params === undefined) continue;
    if (params !== true && (params === null || typeof params !== 'object' || Array.isArray(params))) throw new Error(`packet ${name} takes true or an object of parameters, got ${JSON.stringify(params)}`);
    const p = (params === true ? {} : params) as Record<string, unknown>;
    switch (name as PacketBehaviour) {
      case 'delay': {
        const d = DEFAULT_BEHAVIOURS.delay;
        const distribution = p.distribution ?? d.distribution;
        if (distribution !== 'normal' && distribution !== 'uniform') throw new Error(`packet delay distribution must be "normal" or "uniform", got ${JSON.stringify(distribution)}`);
        out.delay = { ms: msOf('delay ms', p.ms, d.ms), jitterMs: msOf('delay jitterMs', p.jitterMs, d.jitterMs), distribution };
        break;
      }
      case 'reorder':
        out.reorder = { probability: shareOf('reorder', p.probability, DEFAULT_BEHAVIOURS.reorder.probability), gapMs: msOf('reorder gapMs', p.gapMs, DEFAULT_BEHAVIOURS.reorder.gapMs) };
        break;
      case 'duplicate':
      case 'corrupt':
        out[name as 'duplicate' | 'corrupt'] = { probability: shareOf(name, p.probability, DEFAULT_BEHAVIOURS[name as 'duplicate' | 'corrupt'].probability) };
        break;
      case 'rate': {
        const d = DEFAULT_BEHAVIOURS.rate;
        out.rate = { rate: textOf('rate', p.rate, d.rate, RATE), burst: textOf('rate burst', p.burst, d.burst, SIZE), latency: textOf('rate latency', p.latency, d.latency, TIME) };
        break;
      }
    }
  }
  if (Object.keys(out).length === 0) throw new Error('start-packet names no behaviour (delay, reorder, duplicate, corrupt, rate)');
  return out;
}

/** True when `b` needs the NFQUEUE shaper (any behaviour but rate). Pure. */
export function needsShaper(b: Behaviours): boolean {
  return b.delay !== undefined || b.reorder !== undefined || b.duplicate !== undefined || b.corrupt !== undefined;
}

/**
 * A `start-packet` value resolved: `{ targets | pairs, asymmetric, behaviours, seed }`. Links
 * as for loss; with `targets` each target shapes everything it sends (to peers and to
 * clients) and, unless asymmetric, every other node shapes what it sends to the targets;
 * with `pairs` only the named links. `rate` limits the targets' whole egress interface and
 * needs `targets`. Pure apart from draws. @throws Error quoting a bad value
 */
export function resolvePacket(value: unknown, nodes: readonly string[], random: Random, primaries: readonly string[] = []): PacketSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`start-packet needs an object { targets | pairs, behaviours }, got ${JSON.stringify(value)}`);
  const v = value as { behaviours?: unknown; seed?: unknown };
  const behaviours = behavioursOf(v.behaviours);
  const links = resolveLinks(value, nodes, random, primaries, 'packet');
  if (behaviours.rate !== undefined && !links.fromTargets) throw new Error('packet rate limits a node\'s whole egress interface: give targets, not pairs');
  const seed = v.seed === undefined ? random.int(2 ** 31) : v.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) throw new Error(`packet seed must be a non-negative integer, got ${JSON.stringify(seed)}`);
  const everything = links.fromTargets ? links.nodes : [];
  return { behaviours, links: links.grudge, everything, rated: behaviours.rate ? links.nodes : [], nodes: links.nodes, seed };
}
