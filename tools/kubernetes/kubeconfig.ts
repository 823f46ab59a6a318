// Builds the client library's KubeConfig for one connection: from the kubeconfig content the core
// resolved, or from the pod's service account. TLS verification is never skipped unless the
// connection says so itself. Errors name the problem, never the file's content.
import type { KubeConfig, User } from '@kubernetes/client-node';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { clientLibrary } from './client-library.ts';
import type { KubernetesConnectionConfig } from './config.ts';

export interface LoadedKubeConfig {
  kc: KubeConfig;
  server: URL;
  /** Strings from the user entry (tokens, passwords, keys) that must never appear in any message. */
  credentials: string[];
}

export function loadKubeConfig(label: string, config: KubernetesConnectionConfig, kubeconfig: string | undefined): LoadedKubeConfig {
  const fail = (message: string) => new ToolError('config_error', `cluster "${label}": ${message}`);
  const kc: KubeConfig = new (clientLibrary().KubeConfig)();
  if (config.inCluster) {
    if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
      throw fail('inCluster is set but gatehouse is not running in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set)');
    }
    kc.loadFromCluster();
  } else {
    if (!kubeconfig) throw fail('no kubeconfig content was resolved');
    try {
      // Parse errors quote the text they failed on, which may be a token: never pass them on.
      kc.loadFromString(kubeconfig, { onInvalidEntry: 'throw' });
    } catch {
      throw fail('the kubeconfig is not a valid kubeconfig file');
    }
    if (config.context !== undefined) {
      if (!kc.getContextObject(config.context)) throw fail(`the kubeconfig has no context "${config.context}"`);
      kc.setCurrentContext(config.context);
    }
  }
  const cluster = kc.getCurrentCluster();
  if (!kc.getCurrentContext() || !cluster) throw fail('the kubeconfig has no current context with a cluster (set context)');
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    throw fail('the cluster server is not a valid URL');
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:') throw fail(`the cluster server must be https:// (got ${server.protocol}//)`);
  const unverified = cluster.skipTLSVerify || server.protocol === 'http:';
  if (unverified && !config.insecureSkipTlsVerify) {
    throw fail('the kubeconfig asks to skip TLS verification (insecure-skip-tls-verify or http://); set insecureSkipTlsVerify: true on the connection to allow it');
  }
  if (config.insecureSkipTlsVerify && !cluster.skipTLSVerify) {
    kc.loadFromOptions({
      clusters: kc.clusters.map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c)),
      users: kc.users,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
    });
  }
  return { kc, server, credentials: credentialStrings(kc.getCurrentUser()) };
}

/** The secret-bearing strings of the user entry: token, password, key, auth-provider and exec env values. */
function credentialStrings(user: User | null): string[] {
  if (!user) return [];
  const found = [user.token, user.password, user.keyData];
  const provider = (user.authProvider as { config?: Record<string, unknown> } | undefined)?.config ?? {};
  for (const value of Object.values(provider)) if (typeof value === 'string') found.push(value);
  const env = (user.exec as { env?: Array<{ value?: unknown }> } | undefined)?.env ?? [];
  for (const entry of Array.isArray(env) ? env : []) if (typeof entry?.value === 'string') found.push(entry.value);
  return found.filter((s): s is string => typeof s === 'string' && s.length >= 8);
}
