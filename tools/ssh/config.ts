// Config of one SSH connection, declared once in zod; the type comes from it. Checked at start
// (pinned keys are parsed here), so a bad key line is a config error, not a failed call.
import { z } from 'zod';
import { parsePublicKeyLine } from './hostkey.ts';

/** Config keys holding secret references; the core resolves them into `Secrets` under these keys. */
export const sshSecretKeys = ['privateKey', 'passphrase', 'password'] as const;

/** A config value naming where a secret lives; the core resolves it, packs see only `Secrets`. */
const secretReference = (what: string) =>
  z
    .string()
    .min(1)
    .optional()
    .describe(`${what}, as a secret reference (env:NAME or file:PATH); the value never appears in config.`);

/** Splits `hostKey` (one line, several lines, or a list) into single public key lines. */
export function pinnedHostKeyLines(hostKey: string | string[]): string[] {
  const entries = Array.isArray(hostKey) ? hostKey : [hostKey];
  return entries
    .flatMap((entry) => entry.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

const HostKeySchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .superRefine((value, ctx) => {
    const lines = pinnedHostKeyLines(value);
    if (lines.length === 0) ctx.addIssue({ code: 'custom', message: 'hostKey holds no key line' });
    for (const line of lines) {
      const parsed = parsePublicKeyLine(line);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `hostKey: ${parsed.message}` });
    }
  });

export const SshConnectionConfigSchema = z
  .object({
    host: z.string().min(1).describe('Address of the SSH server: host name or IP address.'),
    port: z.number().int().min(1).max(65535).default(22).describe('TCP port of the SSH server.'),
    user: z.string().min(1).describe('User to log in as.'),
    privateKey: secretReference('Private key (OpenSSH or PEM format) to log in with'),
    passphrase: secretReference('Passphrase of the private key, when it is encrypted'),
    password: secretReference('Password to log in with, tried after the private key'),
    hostKey: HostKeySchema.optional().describe(
      'Pinned host key(s) of the server: public key lines such as "ssh-ed25519 AAAA...", one string, ' +
        'several lines, or a list. The connection is refused unless the server presents one of them.',
    ),
    knownHostsFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Path of an OpenSSH known_hosts file to verify the host key against; entries may be hashed (|1|...) ' +
          'and must name the host, or [host]:port when the port is not 22. Read at each connect.',
      ),
    insecureAcceptAnyHostKey: z
      .literal(true)
      .optional()
      .describe(
        'Accept any host key without checking it (open to man-in-the-middle). Only for throwaway test hosts; ' +
          'every connect logs a warning with the key that was accepted.',
      ),
    idleTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe('Close the SSH connection after this many milliseconds without a running command.'),
    connectTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(10_000)
      .describe('Give up connecting (TCP, handshake and login) after this many milliseconds.'),
    maxSessions: z
      .number()
      .int()
      .positive()
      .default(10)
      .describe(
        'Most commands run at once over the one connection; more wait for a free slot. ' +
          "Keep at or below the server's MaxSessions (OpenSSH default: 10).",
      ),
    commandWatchdog: z
      .boolean()
      .default(true)
      .describe(
        'Run each command under a small /bin/sh watchdog so that the command and all its child processes are ' +
          'killed when a call times out, is cancelled or exceeds its output limit. Needs /bin/sh and a POSIX login ' +
          'shell on the host. When false, only an SSH signal request is sent, which OpenSSH ignores for root logins.',
      ),
  })
  .strict()
  .superRefine((config, ctx) => {
    const hostKeyModes = [config.hostKey, config.knownHostsFile, config.insecureAcceptAnyHostKey].filter(
      (mode) => mode !== undefined,
    );
    if (hostKeyModes.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'set exactly one of hostKey, knownHostsFile or insecureAcceptAnyHostKey: true',
      });
    }
    if (config.privateKey === undefined && config.password === undefined) {
      ctx.addIssue({ code: 'custom', message: 'set privateKey or password (or both)' });
    }
    if (config.passphrase !== undefined && config.privateKey === undefined) {
      ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'passphrase is set but privateKey is not' });
    }
  })
  .describe('An SSH host commands run on, with the credentials and host key check to use.');

export type SshConnectionConfig = z.output<typeof SshConnectionConfigSchema>;
