// Reads OpenSSH known_hosts text and finds the keys listed for one host and port: plain and
// hashed (|1|salt|hash) names, wildcards, negated patterns, and @revoked keys.
import { createHmac } from 'node:crypto';
import type { PublicKey } from './hostkey.ts';
import { parsePublicKey } from './hostkey.ts';

export interface KnownHostKeys {
  /** Keys listed for the host: the server must present one of them. */
  accepted: PublicKey[];
  /** Keys marked @revoked anywhere in the file: never accepted, whatever host they name. */
  revoked: PublicKey[];
}

/** The name known_hosts uses for a host: bare on port 22, "[host]:port" otherwise. */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

function hashedNameMatches(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || salt === undefined || hash === undefined) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

/** Glob with * and ? only, as ssh's match_pattern; everything else is literal. */
function globMatches(pattern: string, name: string): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`).test(name);
}

/** Whether a comma-separated host field names `name`: a negated match wins over any other. */
function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedNameMatches(field, name);
  let matched = false;
  for (const raw of field.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (!globMatches(pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/**
 * Keys for `host`:`port` in known_hosts `text`. Lines we cannot read are skipped, as OpenSSH does;
 * @cert-authority lines are skipped because certificate host keys are not supported.
 */
export function knownHostKeys(text: string, host: string, port: number): KnownHostKeys {
  const name = knownHostsName(host, port);
  const result: KnownHostKeys = { accepted: [], revoked: [] };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
    const [hosts, type, data] = fields;
    if (hosts === undefined || type === undefined || data === undefined) continue;
    const key = parsePublicKey(type, data);
    if (!key.ok) continue;
    const publicKey = { type: key.type, blob: key.blob };
    if (marker === '@revoked') result.revoked.push(publicKey);
    else if (marker === undefined && hostFieldMatches(hosts, name)) result.accepted.push(publicKey);
  }
  return result;
}
