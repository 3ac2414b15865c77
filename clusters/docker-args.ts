/**
 * Argument lists for the docker client: exec, cp, run, network create. Pure; unit-tested.
 */
import { checkEnv, toContainerArgv, type Command, type CommandShape } from '../core/command.js';

/** `docker exec` arguments that run `cmd` in `container` with cwd/env/stdin. Pure. */
export function execArgs(container: string, cmd: Command, shape: CommandShape & { stdin?: boolean } = {}): string[] {
  checkEnv(shape.env);
  const args = ['exec'];
  if (shape.stdin) args.push('-i');
  if (shape.sudo) args.push('-u', '0');
  if (shape.cwd !== undefined) args.push('-w', shape.cwd);
  for (const [k, v] of Object.entries(shape.env ?? {})) args.push('-e', `${k}=${v}`);
  args.push(container, ...toContainerArgv(cmd));
  return args;
}

/** `docker cp` arguments copying a local file into `container` at `remotePath`. Pure. */
export function uploadArgs(container: string, localPath: string, remotePath: string): string[] {
  return ['cp', localPath, `${container}:${remotePath}`];
}

/** `docker cp` arguments copying `remotePath` in `container` to a local file. Pure. */
export function downloadArgs(container: string, remotePath: string, localPath: string): string[] {
  return ['cp', `${container}:${remotePath}`, localPath];
}

/** What a node container is started with. */
export interface NodeRunSpec {
  container: string;
  hostname: string;
  network: string;
  ip: string;
  image: string;
  labels: Readonly<Record<string, string>>;
  env?: Readonly<Record<string, string>>;
  /** Extra names the node answers to on the network (`--network-alias`), e.g. `n1`. */
  aliases?: readonly string[];
  /** Give the node `/dev/fuse` and SYS_ADMIN so faultline-lazyfs can mount (storage faults). */
  fuse?: boolean;
}

/** `docker run -d` arguments for a node container (NET_ADMIN, static IP, labels; `/dev/fuse` + SYS_ADMIN with `fuse`). Pure. */
export function runArgs(spec: NodeRunSpec): string[] {
  checkEnv(spec.env);
  const args = [
    'run', '-d', '--name', spec.container, '--hostname', spec.hostname,
    '--network', spec.network, '--ip', spec.ip,
    '--cap-add', 'NET_ADMIN', '--cap-add', 'SYS_PTRACE', '--restart', 'no',
  ];
  if (spec.fuse) args.push('--device', '/dev/fuse', '--cap-add', 'SYS_ADMIN');
  for (const [k, v] of Object.entries(spec.labels)) args.push('--label', `${k}=${v}`);
  for (const [k, v] of Object.entries(spec.env ?? {})) args.push('-e', `${k}=${v}`);
  for (const a of spec.aliases ?? []) args.push('--network-alias', a);
  args.push(spec.image);
  return args;
}

/** `docker network create` arguments for a labeled bridge network with a fixed subnet. Pure. */
export function networkCreateArgs(name: string, subnet: string, gateway: string, labels: Readonly<Record<string, string>>): string[] {
  const args = ['network', 'create', '--driver', 'bridge', '--subnet', subnet, '--gateway', gateway];
  for (const [k, v] of Object.entries(labels)) args.push('--label', `${k}=${v}`);
  args.push(name);
  return args;
}
