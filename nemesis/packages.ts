/**
 * `--nemesis partition,kill,pause`: nemesis packages by name, each with its schedule at the
 * `--nemesis-interval`. Their start times are spread over the interval (package i of k begins
 * i/k of an interval later) so that faults of different kinds do not all begin at once.
 */
import { UsageError } from '../core/errors.js';
import { NS_PER_S, seq, sleep } from '../core/generator/index.js';
import { hasClock, hasDataFiles, hasFaultTargets, hasPrimaries, isKillable, isPausable, type DB, type NemesisPackage } from '../core/plugins.js';
import { clockPackage } from './clock.js';
import { corruptFilePackage } from './corrupt-file.js';
import { CORRUPT_FILE_NAMES, CORRUPT_MODES, type CorruptMode } from './corrupt-plan.js';
import { isGrudgeShape } from './grudge.js';
import { killPackage } from './kill.js';
import { lossPackage } from './loss.js';
import { packetPackage } from './packet.js';
import { PACKET_BEHAVIOURS, type PacketBehaviour } from './packet-spec.js';
import { partitionPackage, type PartitionShape } from './partition.js';
import { pausePackage } from './pause.js';
import { powerLossPackage } from './power-loss.js';
import { TARGET_KINDS, type TargetKind } from './targets.js';

/**
 * The nemesis names {@link nemesisPackages} knows (`none` is accepted and adds nothing).
 * `delay`, `reorder`, `duplicate`, `corrupt` and `rate` are behaviours of one packet nemesis:
 * named together they are applied together on each start; `packet` picks one of them at
 * random on each start. `corrupt-bitflip`, `corrupt-truncate` and `corrupt-restore` are the
 * corrupt-file nemesis with only those modes (named together: one of them per op);
 * `corrupt-file` picks any of the three.
 */
export const NEMESIS_NAMES = ['partition', 'kill', 'pause', 'loss', 'clock', 'packet', ...PACKET_BEHAVIOURS, 'power-loss', 'corrupt-file', ...CORRUPT_FILE_NAMES] as const;

/** Options of {@link nemesisPackages}. */
export interface NemesisOptions {
  /** Seconds between a fault and its heal, and between a heal and the next fault (> 0). */
  intervalS: number;
  /** Partition shapes to pick from. Default all (`primaries` when the DB can tell). */
  shapes?: readonly PartitionShape[];
  /** Target kinds for kill and pause. Default one, minority, majority, all (+ primaries). */
  targets?: readonly TargetKind[];
}

/**
 * The fault targets `db` asks for ({@link HasFaultTargets}), checked against the known kinds
 * and shapes. Pure.
 * @throws Error naming a kind or shape that does not exist (a bug in the system's definition)
 */
export function systemTargets(db: DB): Pick<NemesisOptions, 'targets' | 'shapes'> {
  if (!hasFaultTargets(db)) return {};
  const { kinds, shapes } = db.faultTargets;
  const out: Pick<NemesisOptions, 'targets' | 'shapes'> = {};
  if (kinds !== undefined) {
    const bad = kinds.find((k) => !(TARGET_KINDS as readonly string[]).includes(k));
    if (bad !== undefined) throw new Error(`${db.name}: unknown fault target kind ${JSON.stringify(bad)}`);
    out.targets = kinds as readonly TargetKind[];
  }
  if (shapes !== undefined) {
    const bad = shapes.find((x) => x !== 'primaries' && !isGrudgeShape(x));
    if (bad !== undefined) throw new Error(`${db.name}: unknown partition shape ${JSON.stringify(bad)}`);
    out.shapes = shapes as readonly PartitionShape[];
  }
  return out;
}

/**
 * The packages named in `names`, in that order, for `db`.
 * @throws UsageError for an unknown or repeated name (naming the known ones), an interval
 *   that is not a positive number, or a fault `db` cannot take (kill needs Killable, pause
 *   needs Pausable, clock needs HasClock)
 */
export function nemesisPackages(names: readonly string[], opts: NemesisOptions, db: DB): NemesisPackage[] {
  if (!(typeof opts.intervalS === 'number' && Number.isFinite(opts.intervalS) && opts.intervalS > 0)) {
    throw new UsageError(`nemesis interval must be a positive number of seconds, got ${JSON.stringify(opts.intervalS)}`);
  }
  const wanted = names.map((n) => n.trim()).filter((n) => n !== '' && n !== 'none');
  const seen = new Set<string>();
  for (const n of wanted) {
    if (!(NEMESIS_NAMES as readonly string[]).includes(n)) throw new UsageError(`unknown nemesis ${JSON.stringify(n)} (known: ${NEMESIS_NAMES.join(', ')}, none)`);
    if (seen.has(n)) throw new UsageError(`nemesis ${JSON.stringify(n)} is named twice`);
    seen.add(n);
  }
  const behaviours = wanted.filter((n): n is PacketBehaviour => (PACKET_BEHAVIOURS as readonly string[]).includes(n));
  if (seen.has('packet') && behaviours.length > 0) throw new UsageError(`nemesis "packet" picks one of ${PACKET_BEHAVIOURS.join(', ')} at random; name it alone or name the behaviours (${behaviours.join(', ')}), not both`);
  const corruptModes = wanted.filter((n) => (CORRUPT_FILE_NAMES as readonly string[]).includes(n)).map((n) => n.replace(/^corrupt-/, '') as CorruptMode);
  if (seen.has('corrupt-file') && corruptModes.length > 0) throw new UsageError(`nemesis "corrupt-file" picks one of ${CORRUPT_MODES.join(', ')} at random; name it alone or name the modes (${corruptModes.map((m) => `corrupt-${m}`).join(', ')}), not both`);
  const packageNames = wanted.filter((n) => !(PACKET_BEHAVIOURS as readonly string[]).includes(n) && !(CORRUPT_FILE_NAMES as readonly string[]).includes(n));
  if (behaviours.length > 0) packageNames.splice(wanted.indexOf(behaviours[0]), 0, 'packet');
  if (corruptModes.length > 0) packageNames.splice(wanted.indexOf(`corrupt-${corruptModes[0]}`), 0, 'corrupt-file');
  const intervalNs = Math.round(opts.intervalS * NS_PER_S);
  const primaries = hasPrimaries(db);
  opts = { ...systemTargets(db), ...opts };
  const packages = packageNames.map((name): NemesisPackage => {
    switch (name) {
      case 'partition':
        return partitionPackage({ intervalNs, db, ...(opts.shapes ? { shapes: opts.shapes } : {}) });
      case 'loss':
        return lossPackage({ intervalNs, db, ...(opts.targets ? { targets: opts.targets } : {}) });
      case 'packet':
        return packetPackage({ intervalNs, db, behaviours: behaviours.length > 0 ? behaviours : 'any', ...(opts.targets ? { targets: opts.targets } : {}) });
      case 'power-loss':
        if (!isKillable(db) || !hasDataFiles(db) || !db.lazyFs) throw new UsageError(`nemesis "power-loss" needs a system that keeps its data directory on faultline-lazyfs and can be killed and started; ${db.name} cannot`);
        return powerLossPackage(db, { intervalNs });
      case 'corrupt-file':
        if (!isKillable(db) || !hasDataFiles(db)) throw new UsageError(`nemesis "corrupt-file" needs a system that names its data files and can be killed and started; ${db.name} cannot`);
        return corruptFilePackage(db, { intervalNs, ...(corruptModes.length > 0 ? { modes: corruptModes } : {}) });
      case 'kill':
        if (!isKillable(db)) throw new UsageError(`nemesis "kill" needs a system whose processes can be killed and started; ${db.name} cannot`);
        return killPackage(db, { intervalNs, ...(opts.targets ? { targets: opts.targets } : {}) }, primaries);
      case 'clock':
        if (!hasClock(db)) throw new UsageError(`nemesis clock: ${db.name} does not run under libfaketime (Go binaries such as etcd read the time without libc, so libfaketime cannot change their clock): clock faults unsupported`);
        return clockPackage(db, { intervalNs, ...(opts.targets ? { targets: opts.targets } : {}) });
      default:
        if (!isPausable(db)) throw new UsageError(`nemesis "pause" needs a system whose processes can be paused; ${db.name} cannot`);
        return pausePackage(db, { intervalNs, ...(opts.targets ? { targets: opts.targets } : {}) }, primaries);
    }
  });
  return packages.map((p, i) => (i === 0 ? p : { ...p, generator: seq(sleep(Math.round((i * intervalNs) / packages.length)), p.generator) }));
}
