// Public host keys as OpenSSH writes them ("ssh-ed25519 AAAA... comment"): parsing, the
// SHA256 fingerprint people compare, and which host key algorithms to offer for a key type.
import { createHash } from 'node:crypto';
import type { ServerHostKeyAlgorithm } from 'ssh2';

/** A public key as its wire-format blob: what the server presents and what we compare byte for byte. */
export interface PublicKey {
  type: string;
  blob: Buffer;
}

export type ParsedPublicKey = ({ ok: true } & PublicKey) | { ok: false; message: string };

/** Key types we can verify, with the signature algorithms a server may use for each. */
const ALGORITHMS_BY_KEY_TYPE: Record<string, ServerHostKeyAlgorithm[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key type named inside a wire-format blob (its first length-prefixed string), if well formed. */
export function blobKeyType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > blob.length - 4) return undefined;
  return blob.toString('latin1', 4, 4 + length);
}

/** Parses "TYPE BASE64 [comment]"; the type written must match the type inside the key. */
export function parsePublicKeyLine(line: string): ParsedPublicKey {
  const [type, data] = line.trim().split(/\s+/);
  if (type === undefined || data === undefined) {
    return { ok: false, message: 'expected a public key line "TYPE BASE64", e.g. "ssh-ed25519 AAAA..."' };
  }
  return parsePublicKey(type, data);
}

/** Parses a key given as its type and base64 blob, as the fields of a known_hosts line. */
export function parsePublicKey(type: string, data: string): ParsedPublicKey {
  if (!(type in ALGORITHMS_BY_KEY_TYPE)) {
    const supported = Object.keys(ALGORITHMS_BY_KEY_TYPE).join(', ');
    return { ok: false, message: `unsupported host key type "${type}"; use one of ${supported}` };
  }
  const blob = Buffer.from(data, 'base64');
  if (!BASE64.test(data) || blob.toString('base64') !== data) {
    return { ok: false, message: `the ${type} key is not valid base64` };
  }
  if (blobKeyType(blob) !== type) {
    return { ok: false, message: `the key data is not an ${type} key` };
  }
  return { ok: true, type, blob };
}

/** OpenSSH's fingerprint form: "SHA256:" and unpadded base64 of the blob's SHA-256. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Host key algorithms to offer when we hold keys of these types, so a server with several host
 * keys shows the one we can check (as OpenSSH does from known_hosts). Undefined: keep defaults.
 */
export function hostKeyAlgorithmsFor(keys: readonly PublicKey[]): ServerHostKeyAlgorithm[] | undefined {
  const algorithms = new Set(keys.flatMap((key) => ALGORITHMS_BY_KEY_TYPE[key.type] ?? []));
  return algorithms.size > 0 ? [...algorithms] : undefined;
}
