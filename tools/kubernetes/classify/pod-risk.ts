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
  const flags = { privileged: false, hostPath: false, hostNetwork: false, hostPID: false, hostIPC: false };
  const capabilities = new Set<string>();
  // An array is walked as an object too: its keys are indexes, none of them a flag's name.
  const walk = (value: unknown, depth: number): void => {
    if (depth > MAX_MANIFEST_DEPTH) throw new TooDeepError(`nested deeper than ${MAX_MANIFEST_DEPTH} levels`);
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'privileged' && child === true) flags.privileged = true;
      else if (key === 'hostPath' && child !== null && typeof child === 'object') flags.hostPath = true;
      else if (key === 'hostNetwork' && child === true) flags.hostNetwork = true;
      else if (key === 'hostPID' && child === true) flags.hostPID = true;
      else if (key === 'hostIPC' && child === true) flags.hostIPC = true;
      else if (key === 'capabilities') {
        // Only an add list adds: a null, a scalar or a mapping without one adds nothing.
        const added = (child as { add?: unknown } | null)?.add;
        if (Array.isArray(added)) for (const cap of added) capabilities.add(normalizeCapability(cap));
      }
      walk(child, depth + 1);
    }
  };
  walk(object, 0);
  return { ...flags, addedCapabilities: [...capabilities].sort() };
}

/** "cap_sys_admin", "SYS_ADMIN" and "CAP_SYS_ADMIN" are one capability; non-strings are kept visible. */
function normalizeCapability(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'null';
  return text.trim().toUpperCase().replace(/^CAP_/, '');
}
