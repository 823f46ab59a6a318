// @kubernetes/client-node costs about 95 MB of memory once imported, so it is imported on the first
// Kubernetes call rather than at start: a gatehouse with no cluster configured never pays for it.
import type * as KubernetesClient from '@kubernetes/client-node';

type ClientLibrary = typeof KubernetesClient;

let library: ClientLibrary | undefined;

export async function loadClientLibrary(): Promise<ClientLibrary> {
  library ??= await import('@kubernetes/client-node');
  return library;
}

/** The library, for code that runs inside a call (after loadClientLibrary). */
export function clientLibrary(): ClientLibrary {
  if (!library) throw new Error('the Kubernetes client library is used before it was loaded');
  return library;
}
