// Opens one authenticated SSH connection with ssh2: host key check first, then login with the
// configured key and/or password. Every failure becomes a ToolError without secret values.
import ssh2 from 'ssh2';
import type { AuthenticationType, Client, ConnectConfig } from 'ssh2';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import type { Secrets } from '../../src/pipeline/toolpack.ts';
import type { SshConnectionConfig } from './config.ts';
import type { ConnectFacts } from './connection-errors.ts';
import { connectFailure, unusablePrivateKey } from './connection-errors.ts';
import type { HostKeyVerdict, WarningLogger } from './hostkey-check.ts';
import { hostKeyRefusal, hostKeyTypeRefusal, loadHostKeyCheck } from './hostkey-check.ts';

/** SSH keepalives notice a silently dead peer (a dropped NAT entry, a rebooted host). */
const KEEPALIVE_INTERVAL_MS = 15_000;
const KEEPALIVE_COUNT_MAX = 3;

export interface OpenSshClientParams {
  config: SshConnectionConfig;
  secrets: Secrets;
  label: string;
  logger: WarningLogger | undefined;
  /** Called once when this client's connection ends, for whatever reason. */
  onClose: (client: Client) => void;
}

function authMethods(secrets: Secrets): AuthenticationType[] {
  const methods: AuthenticationType[] = [];
  if (secrets.privateKey !== undefined) methods.push('publickey');
  if (secrets.password !== undefined) methods.push('password');
  return methods;
}

/** Checks the key decrypts before any network traffic, so a bad passphrase says so. */
function checkPrivateKey(secrets: Secrets, facts: ConnectFacts): void {
  if (secrets.privateKey === undefined) return;
  let parsed: unknown;
  try {
    parsed = ssh2.utils.parseKey(secrets.privateKey, secrets.passphrase);
  } catch {
    throw unusablePrivateKey(facts);
  }
  if (parsed instanceof Error) throw unusablePrivateKey(facts);
}

/** Connects, verifies the host key, logs in; resolves with a ready client. */
export async function openSshClient(params: OpenSshClientParams): Promise<Client> {
  const { config, secrets, label } = params;
  const facts: ConnectFacts = { label, user: config.user, connectTimeoutMs: config.connectTimeoutMs };
  checkPrivateKey(secrets, facts);
  const hostKeyCheck = await loadHostKeyCheck(config, label, params.logger);

  const client = new ssh2.Client();
  let verdict: HostKeyVerdict | undefined;
  const connectConfig: ConnectConfig = {
    host: config.host,
    port: config.port,
    username: config.user,
    privateKey: secrets.privateKey,
    passphrase: secrets.passphrase,
    password: secrets.password,
    authHandler: authMethods(secrets),
    readyTimeout: config.connectTimeoutMs,
    keepaliveInterval: KEEPALIVE_INTERVAL_MS,
    keepaliveCountMax: KEEPALIVE_COUNT_MAX,
    // ssh2 passes the raw key blob when hostHash is unset; we compare bytes, not hashes.
    hostVerifier: (key: Buffer) => {
      verdict = hostKeyCheck.verify(key);
      return verdict.ok;
    },
    ...(hostKeyCheck.algorithms ? { algorithms: { serverHostKey: hostKeyCheck.algorithms } } : {}),
  };

  return new Promise<Client>((resolve, reject) => {
    let ready = false;
    const refusal = (error?: Parameters<typeof connectFailure>[0]) => {
      if (verdict !== undefined && !verdict.ok) return hostKeyRefusal(config, label, verdict);
      if (error !== undefined) {
        return hostKeyTypeRefusal(hostKeyCheck, label, error) ?? connectFailure(error, facts, secrets);
      }
      return new ToolError('backend_unavailable', `${label} closed the connection before the SSH login completed`);
    };
    client.on('ready', () => {
      ready = true;
      resolve(client);
    });
    // ssh2 throws on an unhandled 'error'; after login, a failing connection shows up as 'close'.
    client.on('error', (error) => {
      if (!ready) reject(refusal(error));
    });
    client.on('close', () => {
      if (!ready) reject(refusal());
      params.onClose(client);
    });
    try {
      client.connect(connectConfig);
    } catch (error) {
      client.end();
      reject(refusal(error as Error));
    }
  });
}
