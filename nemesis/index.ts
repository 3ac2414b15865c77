/**
 * The public barrel of `nemesis/`: faults (partition, kill, pause, loss), the pure helpers that
 * shape partitions (grudges) and pick targets, and packages composed for `--nemesis a,b`.
 *
 * @example
 * const pkg = composeNemeses(nemesisPackages(['partition', 'kill'], { intervalS: 10 }, db));
 * // pkg.nemesis handles start-partition, stop-partition, kill, start;
 * // pkg.generator is the fault schedule, pkg.finalGenerator heals everything.
 */
export { nemesisPackages, NEMESIS_NAMES, type NemesisOptions } from './packages.js';
export { composeNemeses, healOrder } from './compose.js';
export { PartitionNemesis, partitionPackage, PARTITION_SHAPES, resolveGrudge, shapeOf, type PartitionPackageOptions, type PartitionShape } from './partition.js';
export { LossNemesis, lossPackage, type LossPackageOptions } from './loss.js';
export { DEFAULT_LOSS_PROBABILITY, probabilityOf, resolveLinks, resolveLoss, type LossSpec, type ResolvedLinks } from './loss-spec.js';
export { PacketNemesis, packetPackage, startBehaviours, type PacketPackageOptions } from './packet.js';
export { behavioursOf, DEFAULT_BEHAVIOURS, needsShaper, PACKET_BEHAVIOURS, resolvePacket, type Behaviours, type PacketBehaviour, type PacketSpec } from './packet-spec.js';
export { healPacketScript, PACKET_CHAIN, parseShaperStats, removePacketScript, SHAPER_DIR, SHAPER_QUEUE, shaperArgs, startPacketScript } from './shaper-script.js';
export { KillNemesis, killPackage, type KillPackageOptions } from './kill.js';
export { PauseNemesis, pausePackage, type PausePackageOptions } from './pause.js';
export {
  bridge,
  fromComponents,
  grudgeOf,
  grudgeProblem,
  GRUDGE_SHAPES,
  isGrudgeShape,
  isolateOne,
  isSymmetric,
  majoritiesRing,
  majorityMinority,
  oneWay,
  primariesVsRest,
  randomHalves,
  reachable,
  symmetric,
  type Grudge,
  type GrudgeShape,
} from './grudge.js';
export { isTargetKind, selectTargets, targetCount, TARGET_KINDS, type TargetKind, type TargetSpec } from './targets.js';
export { chooseTargets, targetSpecOf } from './choose.js';
export { dropFromScript, flushScript, listScript, LOSS_CHAIN, lossFromScript, PARTITION_CHAIN, removeChainScript } from './iptables.js';
export { majority, shuffle, type Random } from './random.js';
export { onNodes, type NodesOutcome } from './on-nodes.js';
export { ClockNemesis, clockPackage, type ClockPackageOptions } from './clock.js';
export { clockTable, DEFAULT_MAX_OFFSET_MS, faketimeText, MIN_OFFSET_MS, randomOffsets, strobeOffset, strobePlan, type StrobePlan } from './clock-offsets.js';
