/**
 * The controller's SSH key pair for a cluster: an ed25519 pair generated in pure JS (ssh2's
 * key generator) and stored in the cluster's state folder, private key mode 0600.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';

/** A stored key pair. */
export interface KeyPair {
  /** Path of the private key (OpenSSH format, 0600). */
  privateKeyPath: string;
  /** The public key line, `ssh-ed25519 AAAA... comment`. */
  publicKey: string;
}

/** File name of the private key in a state folder; the public key adds `.pub`. */
export const KEY_FILE = 'id_ed25519';

/**
 * Returns the key pair in `dir`, generating an ed25519 pair when none is there. Idempotent.
 * @param comment the public key's comment, e.g. `faultline@default`
 */
export function ensureKeyPair(dir: string, comment: string): KeyPair {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKeyPath = join(dir, KEY_FILE);
  const pubPath = `${privateKeyPath}.pub`;
  if (!existsSync(privateKeyPath) || !existsSync(pubPath)) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    writeFileSync(privateKeyPath, pair.private, { mode: 0o600 });
    writeFileSync(pubPath, `${pair.public.trim()}\n`, { mode: 0o644 });
  }
  chmodSync(privateKeyPath, 0o600);
  return { privateKeyPath, publicKey: readFileSync(pubPath, 'utf8').trim() };
}
