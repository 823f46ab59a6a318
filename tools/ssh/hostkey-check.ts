// Decides whether the host key a server presents is the one we expect: pinned keys, a
// known_hosts file, or (explicitly, loudly) any key. Byte-exact comparison of key blobs.
import { readFile } from 'node:fs/promises';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import type { SshConnectionConfig } from './config.ts';
import { pinnedHostKeyLines } from './config.ts';
import type { PublicKey } from './hostkey.ts';
import { blobKeyType, fingerprintSha256, hostKeyAlgorithmsFor, parsePublicKeyLine } from './hostkey.ts';
import { knownHostKeys, knownHostsName } from './hostkey-known-hosts.ts';

/** A logger for operator warnings; a pino logger fits. */
export interface WarningLogger {
  warn(fields: object, message: string): void;
}

export type HostKeyVerdict =
  | { ok: true }
  | {
      ok: false;
      reason: 'changed' | 'unknown' | 'revoked';
      presentedType: string;
      presented: string;
      expected: string[];
    };

export interface HostKeyCheck {
  /** Host key algorithms to offer, narrowed to the keys we hold; undefined keeps the defaults. */
  algorithms?: ServerHostKeyAlgorithm[];
  verify(presented: Buffer): HostKeyVerdict;
}

function matchAgainst(accepted: PublicKey[], revoked: PublicKey[], presented: Buffer): HostKeyVerdict {
  const refusal = (reason: 'changed' | 'unknown' | 'revoked', expected: PublicKey[]): HostKeyVerdict => ({
    ok: false,
    reason,
    presentedType: blobKeyType(presented) ?? 'unknown',
    presented: fingerprintSha256(presented),
    expected: expected.map((key) => fingerprintSha256(key.blob)),
  });
  if (revoked.some((key) => key.blob.equals(presented))) return refusal('revoked', []);
  if (accepted.some((key) => key.blob.equals(presented))) return { ok: true };
  return refusal(accepted.length === 0 ? 'unknown' : 'changed', accepted);
}

function pinnedKeys(hostKey: string | string[]): PublicKey[] {
  return pinnedHostKeyLines(hostKey).map((line) => {
    const key = parsePublicKeyLine(line);
    // The config schema already parsed these lines; failing here means it was bypassed.
    if (!key.ok) throw new Error(`invalid pinned host key: ${key.message}`);
    return { type: key.type, blob: key.blob };
  });
}

async function readKnownHosts(path: string, label: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new ToolError('config_error', `the known_hosts file configured for ${label} could not be read`);
  }
}

/**
 * Builds the check for one connect. A known_hosts file is read each time, so operators can
 * update it without a restart. `label` names the connection in messages.
 */
export async function loadHostKeyCheck(
  config: SshConnectionConfig,
  label: string,
  logger: WarningLogger | undefined,
): Promise<HostKeyCheck> {
  if (config.hostKey !== undefined) {
    const accepted = pinnedKeys(config.hostKey);
    return { algorithms: hostKeyAlgorithmsFor(accepted), verify: (blob) => matchAgainst(accepted, [], blob) };
  }
  if (config.knownHostsFile !== undefined) {
    const text = await readKnownHosts(config.knownHostsFile, label);
    const { accepted, revoked } = knownHostKeys(text, config.host, config.port);
    return { algorithms: hostKeyAlgorithmsFor(accepted), verify: (blob) => matchAgainst(accepted, revoked, blob) };
  }
  if (config.insecureAcceptAnyHostKey === true) {
    return {
      verify(blob) {
        logger?.warn(
          { connection: label, hostKey: `${blobKeyType(blob) ?? 'unknown'} ${fingerprintSha256(blob)}` },
          'INSECURE: accepting the SSH host key without verification (insecureAcceptAnyHostKey); ' +
            'anyone on the network path can impersonate this host. Pin this key with hostKey instead.',
        );
        return { ok: true };
      },
    };
  }
  // The schema requires one of the three; without any, refuse rather than trust.
  return { verify: (blob) => matchAgainst([], [], blob) };
}

/** The refusal the agent sees: which key was presented and which were expected, nothing secret. */
export function hostKeyRefusal(config: SshConnectionConfig, label: string, verdict: HostKeyVerdict): ToolError {
  if (verdict.ok) throw new Error('hostKeyRefusal called for an accepted key');
  const presented = `${verdict.presentedType} ${verdict.presented}`;
  const expected = verdict.expected.join(' or ');
  const where = config.knownHostsFile !== undefined ? 'the known_hosts file' : 'the pinned hostKey';
  const hostName = knownHostsName(config.host, config.port);
  const detail = {
    changed: `the server presented ${presented}, but ${where} expects ${expected}`,
    unknown: `the server presented ${presented}, and ${where} has no key for ${hostName}`,
    revoked: `the server presented ${presented}, which ${where} marks as @revoked`,
  }[verdict.reason];
  return new ToolError(
    'host_key_mismatch',
    `refused to connect to ${label}: host key verification failed: ${detail}. ` +
      'If the host key changed on purpose, an operator must update the connection config.',
  );
}

/** ssh2's words when the server has no host key of any algorithm we offered. */
const NO_MATCHING_HOST_KEY = 'Handshake failed: no matching host key format';

/**
 * When we narrowed the offered algorithms to the expected keys' types and the server has none
 * of them, that is a host key refusal, not a network problem.
 */
export function hostKeyTypeRefusal(check: HostKeyCheck, label: string, error: Error): ToolError | undefined {
  if (check.algorithms === undefined || error.message !== NO_MATCHING_HOST_KEY) return undefined;
  return new ToolError(
    'host_key_mismatch',
    `refused to connect to ${label}: host key verification failed: the server has no host key of the ` +
      `expected type (${check.algorithms.join(', ')}). If the host key changed on purpose, an operator must ` +
      'update the connection config.',
  );
}
