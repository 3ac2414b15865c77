/**
 * Measuring the packet nemesis inside real nodes, against what was asked: UDP echo probes
 * between two nodes (RTT from send to the kernel's receive timestamp, reordered and
 * duplicated replies), the receiver's UDP checksum-error counter (nstat) for corruption, and
 * a TCP transfer's throughput for rate. The probes are small Python programs run with the
 * node image's python3-minimal (no json there: they print `key=value` words). Each
 * measurement applies its fault through {@link PacketNemesis} (the code a run uses) and heals
 * it the same way. Used by `npm run bench:packet` and the packet integration test.
 */
import { quoteArg, rawScript } from '../core/shell-quote.js';
import type { Op } from '../core/op.js';
import type { RunContext } from '../core/plugins.js';
import { PacketNemesis } from '../nemesis/packet.js';
import { SHAPER_PGREP } from '../nemesis/shaper-script.js';

const ECHO_PORT = 9716;
const TPUT_PORT = 9717;

/** UDP echo: answers every datagram until `timeout` s pass without one; prints `received=N`. */
const ECHO = [
  'import socket, sys',
  's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
  `s.bind(("0.0.0.0", ${ECHO_PORT}))`,
  's.settimeout(float(sys.argv[1]))',
  'n = 0',
  'try:',
  '    while True:',
  '        d, a = s.recvfrom(2048)',
  '        n += 1',
  '        s.sendto(d, a)',
  'except socket.timeout:',
  '    pass',
  'print("received=%d" % n)',
].join('\n');

/**
 * UDP prober: `count` numbered datagrams `gap` s apart to the echo on argv[1]; an answer's RTT
 * runs from just before sendto to the kernel's receive timestamp (SO_TIMESTAMPNS, so the
 * prober's own wake-up delay is not counted). Prints the sorted RTTs (ms) and counts.
 */
const PROBE = [
  'import socket, sys, time, struct',
  'host, count, gap = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])',
  's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
  's.setblocking(False)',
  's.setsockopt(socket.SOL_SOCKET, 35, 1)',
  'sent = {}; rtts = []; seen = set(); top = -1; reordered = 0; dups = 0',
  'def drain():',
  '    global top, reordered, dups',
  '    while True:',
  '        try:',
  '            d, anc, _, _ = s.recvmsg(2048, 64)',
  '        except BlockingIOError:',
  '            return',
  '        q = int(d.split(b" ")[0]); t = time.time()',
  '        for lvl, typ, data in anc:',
  '            if lvl == socket.SOL_SOCKET and typ == 35:',
  '                sec, ns = struct.unpack("qq", data[:16]); t = sec + ns / 1e9',
  '        if q in seen:',
  '            dups += 1',
  '            continue',
  '        seen.add(q); rtts.append((t - sent[q]) * 1000)',
  '        if q < top:',
  '            reordered += 1',
  '        top = max(top, q)',
  'for i in range(count):',
  '    sent[i] = time.time()',
  `    s.sendto(b"%d %s" % (i, b"x" * 64), (host, ${ECHO_PORT}))`,
  '    end = time.monotonic() + gap',
  '    while time.monotonic() < end:',
  '        drain(); time.sleep(0.0005)',
  'end = time.monotonic() + 2',
  'while time.monotonic() < end:',
  '    drain(); time.sleep(0.001)',
  'print("answered=%d reordered=%d duplicates=%d" % (len(rtts), reordered, dups))',
  'print("rtts=" + ",".join("%.3f" % r for r in sorted(rtts)))',
].join('\n');

/** TCP sink: accepts one connection, prints `bytes=N seconds=S` from the first byte to EOF. */
const SINK = [
  'import socket, sys, time',
  's = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
  `s.bind(("0.0.0.0", ${TPUT_PORT})); s.listen(1); s.settimeout(float(sys.argv[1]))`,
  'c, _ = s.accept(); c.settimeout(float(sys.argv[1])); n = 0; t0 = None',
  'while True:',
  '    d = c.recv(65536)',
  '    if not d:',
  '        break',
  '    if t0 is None:',
  '        t0 = time.monotonic()',
  '    n += len(d)',
  'print("bytes=%d seconds=%.4f" % (n, time.monotonic() - t0))',
].join('\n');

/** TCP source: sends argv[2] bytes to the sink on argv[1]. */
const SOURCE = [
  'import socket, sys',
  `s = socket.create_connection((sys.argv[1], ${TPUT_PORT}), timeout=60)`,
  'total = int(sys.argv[2]); buf = b"x" * 65536; sent = 0',
  'while sent < total:',
  '    k = min(65536, total - sent); s.sendall(buf[:k]); sent += k',
  's.close()',
].join('\n');

/** The `key=value` words of a probe's output. Pure. */
export function words(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/(\w+)=(\S*)/g)].map((m) => [m[1], m[2]]));
}

/** The value at quantile `q` of sorted `xs` (nearest rank). Pure. */
export function quantile(xs: readonly number[], q: number): number {
  return xs.length === 0 ? NaN : xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))];
}

/** What one probe run saw. */
export interface ProbeResult {
  sent: number;
  answered: number;
  reordered: number;
  duplicates: number;
  medianMs: number;
  p99Ms: number;
  /** Datagrams the echo side received (duplicates included). */
  received: number;
  /** UDP checksum errors counted on the echo side meanwhile (nstat UdpInCsumErrors). */
  csumErrors: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `count` probes `gapMs` apart from `from` to `to`. */
export async function probe(ctx: RunContext, from: string, to: string, count: number, gapMs = 4): Promise<ProbeResult> {
  const echoNode = ctx.cluster.remote(to);
  await echoNode.exec(['nstat', '-n'], { sudo: true });
  const echo = echoNode.exec(['python3', '-c', ECHO, '4'], { timeoutMs: 120_000 });
  await sleep(500);
  const p = words((await ctx.cluster.remote(from).exec(['python3', '-c', PROBE, ctx.addresses[to], String(count), String(gapMs / 1000)], { timeoutMs: 120_000 })).stdout);
  const received = Number(words((await echo).stdout).received);
  const csum = /UdpInCsumErrors\s+(\d+)/.exec((await echoNode.exec(['nstat', '-a', 'UdpInCsumErrors'], { sudo: true })).stdout);
  const rtts = (p.rtts ?? '').split(',').filter(Boolean).map(Number);
  return {
    sent: count, answered: Number(p.answered), reordered: Number(p.reordered), duplicates: Number(p.duplicates),
    medianMs: quantile(rtts, 0.5), p99Ms: quantile(rtts, 0.99), received, csumErrors: csum ? Number(csum[1]) : 0,
  };
}

/** Throughput in kbit/s of `bytes` sent over TCP from `from` to `to`. */
export async function throughput(ctx: RunContext, from: string, to: string, bytes: number): Promise<{ kbitPerS: number; seconds: number }> {
  const sink = ctx.cluster.remote(to).exec(['python3', '-c', SINK, '60'], { timeoutMs: 120_000 });
  await sleep(500);
  await ctx.cluster.remote(from).exec(['python3', '-c', SOURCE, ctx.addresses[to], String(bytes)], { timeoutMs: 120_000 });
  const w = words((await sink).stdout);
  const seconds = Number(w.seconds);
  return { kbitPerS: (Number(w.bytes) * 8) / seconds / 1000, seconds };
}

/** What is left of the packet nemesis on a node: chain rules, shaper processes, tbf qdiscs (empty strings when nothing). */
export async function packetLeftovers(ctx: RunContext, node: string): Promise<{ rules: string; shapers: string; qdiscs: string }> {
  const r = ctx.cluster.remote(node);
  const out = async (script: string): Promise<string> => (await r.exec(rawScript(script), { sudo: true })).stdout.trim();
  return {
    rules: await out('iptables -w -S FAULTLINE-PACKET 2>/dev/null | grep -v "^-N" || true'),
    shapers: await out(`pgrep -a -f ${quoteArg(SHAPER_PGREP)} || true`),
    qdiscs: await out('tc qdisc show | grep tbf || true'),
  };
}

const nemOp = (f: string, value: unknown = null): Op => ({ index: 0, time: 0, process: 'nemesis', type: 'invoke', f, value });

/** Starts `value` with `nem`, runs `measure`, heals; returns the measurement and the shapers' counts. */
export async function under<T>(nem: PacketNemesis, ctx: RunContext, value: unknown, measure: () => Promise<T>): Promise<{ result: T; stats: unknown }> {
  const started = await nem.invoke(ctx, nemOp('start-packet', value));
  if (started.error !== undefined) throw new Error(`start-packet ${JSON.stringify(value)} failed: ${started.error}`);
  try {
    return { result: await measure(), stats: (await nem.invoke(ctx, nemOp('stop-packet'))).value };
  } catch (e) {
    await nem.invoke(ctx, nemOp('stop-packet'));
    throw e;
  }
}

/** Everything {@link measureAll} measured between n1 and n2. */
export interface PacketMeasurements {
  probes: number;
  baseline: ProbeResult;
  /** delay 50 ± 10 ms (normal) on n1 → n2 only: the RTT grows by one delay. */
  delay: ProbeResult;
  reorder: ProbeResult;
  duplicate: ProbeResult;
  corrupt: ProbeResult & { corrupted: number };
  baselineKbit: number;
  /** rate 1mbit on n1's interface: a 500 kB TCP transfer n1 → n2. */
  rateKbit: number;
  afterHeal: ProbeResult;
  afterHealKbit: number;
  /** Leftovers on each node after the last heal. */
  leftovers: Record<string, { rules: string; shapers: string; qdiscs: string }>;
}

/** The shaper counts of one node out of a `stop-packet` value. */
function statsOf(v: unknown, node: string): Record<string, number> {
  return ((v as { stats?: Record<string, Record<string, number>> }).stats ?? {})[node] ?? {};
}

/** Every measurement, in order, on `ctx`'s first two nodes; `probes` UDP probes each. */
export async function measureAll(ctx: RunContext, probes: number, log: (line: string) => void = () => {}): Promise<PacketMeasurements> {
  const [a, b] = ctx.nodes;
  const nem = new PacketNemesis();
  await nem.setup(ctx);
  const link = { pairs: [[a, b]], asymmetric: true, seed: 1 };
  const run = (behaviours: unknown): Promise<{ result: ProbeResult; stats: unknown }> => under(nem, ctx, { ...link, behaviours }, () => probe(ctx, a, b, probes));
  const baseline = await probe(ctx, a, b, probes);
  log(`baseline: median ${baseline.medianMs.toFixed(2)} ms`);
  const delay = (await run({ delay: true })).result;
  log(`delay: median ${delay.medianMs.toFixed(2)} ms, p99 ${delay.p99Ms.toFixed(2)} ms`);
  const reorder = (await run({ reorder: true })).result;
  const duplicate = (await run({ duplicate: true })).result;
  const c = await run({ corrupt: true });
  const corrupt = { ...c.result, corrupted: statsOf(c.stats, a).corrupted ?? NaN };
  log(`reorder ${reorder.reordered}, duplicate ${duplicate.duplicates}, corrupt ${corrupt.corrupted} (checksum errors ${corrupt.csumErrors})`);
  const baselineKbit = (await throughput(ctx, a, b, 50_000_000)).kbitPerS;
  const rateKbit = (await under(nem, ctx, { targets: [a], asymmetric: true, seed: 1, behaviours: { rate: true } }, () => throughput(ctx, a, b, 500_000))).result.kbitPerS;
  log(`throughput: ${baselineKbit.toFixed(0)} kbit/s, under rate 1mbit ${rateKbit.toFixed(0)} kbit/s`);
  const afterHeal = await probe(ctx, a, b, probes);
  const afterHealKbit = (await throughput(ctx, a, b, 50_000_000)).kbitPerS;
  await nem.teardown(ctx);
  const leftovers = Object.fromEntries(await Promise.all(ctx.nodes.map(async (n) => [n, await packetLeftovers(ctx, n)] as const)));
  return { probes, baseline, delay, reorder, duplicate, corrupt, baselineKbit, rateKbit, afterHeal, afterHealKbit, leftovers };
}

/** The measurements as lines of "asked → measured". Pure. */
export function measurementLines(m: PacketMeasurements): string[] {
  const pct = (x: number, n: number): string => `${((100 * x) / n).toFixed(1)} %`;
  const rtt = (r: ProbeResult): string => `median ${r.medianMs.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms (${r.answered}/${r.sent} answered)`;
  return [
    `probes per measurement: ${m.probes} UDP echoes n1 -> n2, 4 ms apart`,
    `baseline RTT: ${rtt(m.baseline)}`,
    `delay 50 ms +- 10 ms normal (n1 -> n2 only; expect median ~50 + baseline, p99 ~73 + baseline): ${rtt(m.delay)}`,
    `reorder 20 % held back 20 ms: ${pct(m.reorder.reordered, m.reorder.answered)} of answers arrived after a later probe`,
    `duplicate 20 %: ${pct(m.duplicate.duplicates, m.duplicate.sent)} of probes answered twice (echo received ${m.duplicate.received} for ${m.duplicate.sent} sent)`,
    `corrupt 20 %: shaper flipped a bit in ${m.corrupt.corrupted}, receiver counted ${m.corrupt.csumErrors} UDP checksum errors and answered ${m.corrupt.answered}/${m.corrupt.sent} (${pct(m.corrupt.sent - m.corrupt.answered, m.corrupt.sent)} lost)`,
    `throughput n1 -> n2: baseline ${m.baselineKbit.toFixed(0)} kbit/s; under rate 1mbit ${m.rateKbit.toFixed(0)} kbit/s`,
    `after heal: RTT ${rtt(m.afterHeal)}; throughput ${m.afterHealKbit.toFixed(0)} kbit/s`,
    `left in the nodes: ${Object.entries(m.leftovers).map(([n, l]) => `${n}: ${l.rules || l.shapers || l.qdiscs ? JSON.stringify(l) : 'nothing'}`).join('; ')}`,
  ];
}
