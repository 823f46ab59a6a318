// One configured cluster: the client configuration (built on first use, so a broken kubeconfig
// is a clear error on the call instead of a crash at start), the discovery cache, the namespace
// allow-list, and the scrubber that keeps credentials out of every message.
import { createHash } from 'node:crypto';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Connection, Secrets, Target } from '../../src/pipeline/toolpack.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import type { KubernetesConnectionConfig } from './config.ts';
import { Discovery } from './discovery.ts';
import { loadKubeConfig, type LoadedKubeConfig } from './kubeconfig.ts';

/** Kubeconfig credentials plus the last tokens seen; older rotated tokens have long expired. */
const MAX_REMEMBERED = 64;

export interface NamespaceUse {
  /** Namespaces the call touches ("" entries are ignored). */
  namespaces: readonly string[];
  clusterScoped: boolean;
  allNamespaces: boolean;
}

/**
 * One digest of the TLS settings, hashed as they are (the kubeconfig gives PEM text or bytes; anything
 * else, as JSON): this runs on every request.
 */
function tlsSettingsKey(settings: readonly unknown[]): string {
  const hash = createHash('sha256');
  const add = (value: unknown) => {
    const bytes = typeof value === 'string' || Buffer.isBuffer(value) ? value : String(JSON.stringify(value));
    hash.update(String(bytes.length)).update(':').update(bytes);
  };
  for (const setting of settings) {
    if (Array.isArray(setting)) for (const item of setting) add(item);
    else add(setting);
    hash.update('|');
  }
  return hash.digest('hex');
}

export class KubernetesConnection implements Connection {
  readonly label: string;
  readonly discovery: Discovery;
  private loaded?: LoadedKubeConfig;
  private readonly credentials = new Set<string>();
  private pooled?: { tls: string; agent: https.Agent };

  constructor(
    target: Target,
    readonly config: KubernetesConnectionConfig,
    private readonly secrets: Secrets,
  ) {
    this.label = target.name;
    this.discovery = new Discovery(this.label, config.discoveryTtl);
  }

  /** The client configuration; throws a ToolError (config_error) when it cannot be built. */
  kubeConfig(): { kc: KubeConfig; server: URL } {
    this.loaded ??= loadKubeConfig(this.label, this.config, this.secrets.kubeconfig);
    for (const credential of this.loaded.credentials) this.credentials.add(credential);
    return this.loaded;
  }

  /** Credentials learnt at request time (exec plugins, token files) join the scrub list. */
  rememberCredential(authorization: unknown): void {
    if (typeof authorization !== 'string') return;
    const token = authorization.replace(/^(Bearer|Basic)\s+/i, '');
    if (token.length < 8 || this.credentials.has(token)) return;
    this.credentials.add(token);
    // Rotating tokens (exec plugins, projected service account tokens) must not grow the list forever.
    if (this.credentials.size > MAX_REMEMBERED) this.credentials.delete(this.credentials.values().next().value as string);
  }

  /**
   * A keep-alive agent in place of the one the client library builds for every request, which
   * would cost every request a new TCP connection and TLS handshake. Requests with the same TLS
   * settings (CA, client certificate and key, server name, verification) share it; a rotated
   * client certificate gets a new one. Undefined for a proxy's agent, which is used as built.
   */
  keepAliveAgent(built: unknown): https.Agent | undefined {
    if (!(built instanceof https.Agent) || built.constructor !== https.Agent) return undefined;
    const o = built.options;
    const tls = tlsSettingsKey([o.ca, o.cert, o.key, o.pfx, o.passphrase, o.servername, String(o.rejectUnauthorized)]);
    if (this.pooled?.tls !== tls) {
      this.pooled?.agent.destroy();
      this.pooled = { tls, agent: new https.Agent({ ...o, keepAlive: true }) };
    }
    return this.pooled.agent;
  }

  /** Replaces every known credential in `text`; used on every message that leaves the pack. */
  scrub(text: string): string {
    let out = text;
    for (const credential of this.credentials) if (out.includes(credential)) out = out.split(credential).join('[REDACTED]');
    return out;
  }

  /** Refuses, before any request, a call outside the configured namespaces. */
  checkNamespaces(use: NamespaceUse): void {
    const allowed = this.config.namespaces;
    if (!allowed) return;
    const list = allowed.join(', ');
    if (use.allNamespaces) throw new ToolError('namespace_not_allowed', `cluster "${this.label}" allows only the namespaces ${list}; list them one at a time`);
    if (use.clusterScoped) throw new ToolError('namespace_not_allowed', `cluster "${this.label}" allows only the namespaces ${list}, so cluster-scoped resources are refused`);
    const outside = use.namespaces.filter((ns) => ns !== '' && !allowed.includes(ns));
    if (outside.length > 0) throw new ToolError('namespace_not_allowed', `namespace ${outside.join(', ')} is not allowed on cluster "${this.label}" (allowed: ${list})`);
  }

  async close(): Promise<void> {
    this.discovery.clear();
    this.pooled?.agent.destroy();
    this.pooled = undefined;
  }
}
