// What an object would let its pods do on the node: privileged containers, host paths, host
// namespaces, added capabilities. The whole object is walked, not only the known places of
// Pod, Deployment or CronJob, so pod templates inside custom resources (Argo Rollouts, Knative,
// operators) are found too. A field with the same name elsewhere may flag a harmless object:
// that errs on the side of a human looking at it.

export interface PodRisk {
  privileged: boolean;
  hostPath: boolean;
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  addedCapabilities: string[];
}

/** Deeper nesting than any real manifest; past it the object is refused as unreadable. */
export const MAX_MANIFEST_DEPTH = 64;

export class TooDeepError extends Error {}

export function podRisk(object: unknown): PodRisk {
  const risk: PodRisk = { privileged: false, hostPath: false, hostNetwork: false, hostPID: false, hostIPC: false, addedCapabilities: [] };
  const capabilities = new Set<string>();
  const walk = (value: unknown, depth: number): void => {
    if (depth > MAX_MANIFEST_DEPTH) throw new TooDeepError(`nested deeper than ${MAX_MANIFEST_DEPTH} levels`);
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'privileged' && child === true) risk.privileged = true;
      else if (key === 'hostPath' && child !== null && typeof child === 'object') risk.hostPath = true;
      else if (key === 'hostNetwork' && child === true) risk.hostNetwork = true;
      else if (key === 'hostPID' && child === true) risk.hostPID = true;
      else if (key === 'hostIPC' && child === true) risk.hostIPC = true;
      else if (key === 'capabilities' && child !== null && typeof child === 'object') {
        const added = (child as { add?: unknown }).add;
        if (Array.isArray(added)) for (const cap of added) capabilities.add(normalizeCapability(cap));
      }
      walk(child, depth + 1);
    }
  };
  walk(object, 0);
  risk.addedCapabilities = [...capabilities].sort();
  return risk;
}

/** "cap_sys_admin", "SYS_ADMIN" and "CAP_SYS_ADMIN" are one capability; non-strings are kept visible. */
function normalizeCapability(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'null';
  return text.trim().toUpperCase().replace(/^CAP_/, '');
}
