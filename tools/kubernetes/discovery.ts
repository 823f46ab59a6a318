// Resolves a resource reference through the API server's discovery documents (/api, /apis,
// /api/v1, /apis/GROUP/VERSION), cached per connection. Only the group a call needs is fetched.
// Built-in kinds keep the group and plural classification gave them; custom resources must
// name their group, so the group policy saw is the group the call acts on.
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { builtinResource, type ResolvedRef } from './classify/index.ts';

/** A resource as the cluster serves it. */
export interface ServedResource {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  /** Subresources the cluster offers for it: "scale", "status", "log", "exec", ... */
  subresources: string[];
}

/** Fetches one discovery document (JSON) within the current call's scope. */
export type FetchDiscovery = (path: string) => Promise<unknown>;

interface APIResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
}

interface APIGroup {
  name: string;
  versions: Array<{ groupVersion: string; version: string }>;
  preferredVersion?: { version: string };
}

export class Discovery {
  private readonly cache = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly label: string,
    private readonly ttlMs: number,
  ) {}

  clear(): void {
    this.cache.clear();
  }

  async resolve(ref: ResolvedRef, fetch: FetchDiscovery): Promise<ServedResource> {
    if (!ref.knownKind && ref.ref.group === undefined) {
      throw new ToolError('unknown_kind', `"${ref.ref.name}" is not a built-in kind; name a custom resource with its API group, e.g. ${ref.resource}.example.com (kubernetes_list customresourcedefinitions shows them)`);
    }
    const first = await this.find(ref, fetch, false);
    // A custom resource defined a moment ago is not in a cached answer yet: look once more.
    const found = first ?? (ref.knownKind ? undefined : await this.find(ref, fetch, true));
    if (!found) throw new ToolError('not_found', `cluster "${this.label}" serves no resource "${ref.ref.name}" in API group "${ref.group || 'core'}"`);
    if (!ref.knownKind && builtinResource(found.group, found.resource)) {
      throw new ToolError('unknown_kind', `"${ref.ref.name}" means the built-in ${found.resource}${found.group ? `.${found.group}` : ''} on this cluster; name it that way`);
    }
    return found;
  }

  private async find(ref: ResolvedRef, fetch: FetchDiscovery, fresh: boolean): Promise<ServedResource | undefined> {
    const version = await this.pickVersion(ref, fetch, fresh);
    if (!version) return undefined;
    const path = ref.group ? `/apis/${ref.group}/${version}` : `/api/${version}`;
    const list = ((await this.get(path, fetch, fresh)) as { resources?: APIResource[] }).resources ?? [];
    const wanted = ref.ref.name.toLowerCase();
    const matches = (r: APIResource) =>
      ref.knownKind ? r.name === ref.resource : [r.name, r.singularName, r.kind.toLowerCase(), ...(r.shortNames ?? [])].includes(wanted);
    const entry = list.find((r) => !r.name.includes('/') && matches(r));
    if (!entry) return undefined;
    const subresources = list.filter((r) => r.name.startsWith(`${entry.name}/`)).map((r) => r.name.slice(entry.name.length + 1));
    return { group: ref.group, version, resource: entry.name, kind: entry.kind, namespaced: entry.namespaced, verbs: entry.verbs ?? [], subresources };
  }

  /** The version to use: the one named, else the built-in table's if served, else the group's preferred. */
  private async pickVersion(ref: ResolvedRef, fetch: FetchDiscovery, fresh: boolean): Promise<string | undefined> {
    let served: string[];
    let preferred: string | undefined;
    if (ref.group === '') {
      served = ((await this.get('/api', fetch, fresh)) as { versions?: string[] }).versions ?? [];
      preferred = served[0];
    } else {
      const groups = ((await this.get('/apis', fetch, fresh)) as { groups?: APIGroup[] }).groups ?? [];
      const group = groups.find((g) => g.name === ref.group);
      if (!group) return undefined;
      served = group.versions.map((v) => v.version);
      preferred = group.preferredVersion?.version ?? served[0];
    }
    const named = ref.ref.version;
    if (named !== undefined) return served.includes(named) ? named : undefined;
    return ref.knownKind && served.includes(ref.version) ? ref.version : preferred;
  }

  private get(path: string, fetch: FetchDiscovery, fresh: boolean): Promise<unknown> {
    const hit = this.cache.get(path);
    if (hit && !fresh && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = fetch(path);
    this.cache.set(path, { at: Date.now(), value });
    // A failed fetch (timeout, 403) must not be remembered.
    value.catch(() => {
      if (this.cache.get(path)?.value === value) this.cache.delete(path);
    });
    return value;
  }
}
