// The live handle on one configured SSH host. It connects on first use, runs every command as
// its own exec channel over one shared connection, reconnects after a drop, and closes the
// connection when no command has run for idleTimeoutMs.
import type { Client, ClientChannel } from 'ssh2';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import type { Connection, Secrets, Target } from '../../src/pipeline/toolpack.ts';
import type { SshConnectionConfig } from './config.ts';
import { sshSecretKeys } from './config.ts';
import { recordExit } from './channel-exit.ts';
import { untilAborted } from './connection-abort.ts';
import { withoutSecrets } from './connection-errors.ts';
import { openSshClient } from './connection-open.ts';
import { SessionSlots } from './connection-slots.ts';
import type { WarningLogger } from './hostkey-check.ts';

/** How long close() waits for the server to acknowledge before dropping the socket. */
const CLOSE_GRACE_MS = 2_000;

/** ssh2's errors for a channel that could not even be opened because the connection was gone. */
const CHANNEL_NEVER_OPENED = new Set(['Not connected', 'No response from server']);

export interface SshConnectionOptions {
  /** Receives operator warnings, e.g. that host keys are not checked. */
  logger?: WarningLogger;
}

function openChannel(client: Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    // No PTY: stdout and stderr stay apart and output bytes arrive unaltered.
    client.exec(command, {}, (error, channel) => {
      if (error) return reject(error);
      recordExit(channel);
      resolve(channel);
    });
  });
}

export class SshConnection implements Connection {
  /** How messages name this connection: "name (host:port)". */
  readonly label: string;
  readonly config: SshConnectionConfig;
  readonly #secrets: Secrets;
  readonly #logger: WarningLogger | undefined;
  #client: Client | undefined;
  readonly #dead = new WeakSet<Client>();
  #connecting: Promise<Client> | undefined;
  #connects = 0;
  readonly #slots: SessionSlots;
  #idleTimer: NodeJS.Timeout | undefined;
  #closed = false;

  /** Builds the handle only; nothing touches the network until the first command. */
  constructor(target: Target, config: SshConnectionConfig, secrets: Secrets, options: SshConnectionOptions = {}) {
    this.label = `${target.name} (${config.host}:${config.port})`;
    this.config = config;
    this.#slots = new SessionSlots(config.maxSessions);
    this.#logger = options.logger;
    const configured: Secrets = {};
    for (const key of sshSecretKeys) {
      if (config[key] === undefined) continue;
      const value = secrets[key];
      // Fail closed: a configured credential that did not resolve must not silently become "none".
      if (value === undefined) throw new Error(`ssh connection ${target.name}: secret "${key}" was not resolved`);
      configured[key] = value;
    }
    this.#secrets = configured;
    if (config.insecureAcceptAnyHostKey === true) {
      this.#logger?.warn(
        { connection: this.label },
        'INSECURE: host keys of this SSH connection are not verified (insecureAcceptAnyHostKey)',
      );
    }
  }

  /** How many SSH connections this handle has opened so far. */
  get connectCount(): number {
    return this.#connects;
  }

  get connected(): boolean {
    return this.#client !== undefined;
  }

  /**
   * Starts `command` on a new exec channel and resolves once it runs. The channel counts against
   * maxSessions until it closes. On abort the caller stops waiting; a channel that opens anyway
   * is closed at once.
   */
  async openExec(command: string, signal: AbortSignal): Promise<ClientChannel> {
    await this.#slots.take(signal, () => this.#assertOpen());
    clearTimeout(this.#idleTimer);
    try {
      const channel = await this.#execOnLiveClient(command, signal);
      channel.once('close', () => this.#releaseSlot());
      return channel;
    } catch (error) {
      this.#releaseSlot();
      throw error;
    }
  }

  /** Closes the connection for good: later commands fail with `closed`. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    this.#slots.wakeAll();
    await this.#connecting?.catch(() => undefined);
    await this.#disconnect();
  }

  #assertOpen(): void {
    if (this.#closed) throw new ToolError('closed', `the connection ${this.label} was closed`);
  }

  #releaseSlot(): void {
    if (this.#slots.release()) this.#scheduleIdleClose();
  }

  #scheduleIdleClose(): void {
    clearTimeout(this.#idleTimer);
    if (this.#client === undefined || this.#closed) return;
    this.#idleTimer = setTimeout(() => {
      if (this.#slots.inUse === 0) void this.#disconnect();
    }, this.config.idleTimeoutMs);
    this.#idleTimer.unref();
  }

  async #execOnLiveClient(command: string, signal: AbortSignal): Promise<ClientChannel> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await untilAborted(this.#liveClient(), signal);
      signal.throwIfAborted();
      try {
        return await untilAborted(openChannel(client, command), signal, (late) => late.close());
      } catch (error) {
        if (signal.aborted) throw error;
        const message = (error as Error).message;
        // Retry once on a fresh connection only when the drop came before the channel opened: then
        // the command never reached the server. A drop after the exec request may have started it.
        if (attempt === 1 && CHANNEL_NEVER_OPENED.has(message)) {
          this.#markDead(client);
          continue;
        }
        const reason = withoutSecrets(message, this.#secrets);
        throw new ToolError('exec_refused', `${this.label} refused to start the command: ${reason}`);
      }
    }
  }

  /** The connected client, connecting once for all callers that ask at the same time. */
  #liveClient(): Promise<Client> {
    this.#assertOpen();
    if (this.#client !== undefined) return Promise.resolve(this.#client);
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<Client> {
    const client = await openSshClient({
      config: this.config,
      secrets: this.#secrets,
      label: this.label,
      logger: this.#logger,
      onClose: (closed) => this.#markDead(closed),
    });
    if (this.#closed) {
      client.end();
      this.#assertOpen();
    }
    this.#connects += 1;
    this.#client = client;
    // Callers may have given up while we connected; do not keep an unused connection open.
    if (this.#slots.inUse === 0) this.#scheduleIdleClose();
    return client;
  }

  #markDead(client: Client): void {
    this.#dead.add(client);
    if (this.#client === client) this.#client = undefined;
  }

  async #disconnect(): Promise<void> {
    const client = this.#client;
    if (client === undefined) return;
    this.#client = undefined;
    const closed = new Promise<void>((resolve) => {
      if (this.#dead.has(client)) return resolve();
      const timer = setTimeout(() => {
        client.destroy();
        resolve();
      }, CLOSE_GRACE_MS);
      client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    client.end();
    await closed;
  }
}
