// Reads the resource an agent names, in any of the spellings kubectl accepts, into a reference:
//   pods | pod | po | Pod                 a built-in kind, any spelling
//   deployments.apps | deploy.v1.apps     resource[.version].group
//   apps/v1/deployments | v1/pods         group/version/resource (or version/resource for core)
// Built-in kinds are normalized here (pure); other names stay as written and are resolved by
// discovery at execution, which requires them to carry their group so policy sees the group too.
import { findBuiltinKind } from './builtin-kinds.ts';

export interface ResourceRef {
  /** The resource, kind or short name as written. */
  name: string;
  /** Group given explicitly ("" for core), or undefined. */
  group?: string;
  version?: string;
}

export interface ResolvedRef {
  ref: ResourceRef;
  group: string;
  version: string;
  resource: string;
  kind: string;
  knownKind: boolean;
  clusterScoped: boolean;
}

const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;
const NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
const GROUP = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export type ParsedRef = { ok: true; ref: ResourceRef } | { ok: false; message: string };

export function parseResourceRef(text: string): ParsedRef {
  const bad = (why: string): ParsedRef => ({ ok: false, message: `resource "${text.slice(0, 100)}": ${why}` });
  const parts = text.split('/');
  let ref: ResourceRef;
  // The casts hold: split gives as many parts as its length says, and always one at least.
  if (parts.length === 3) {
    const [group, version, name] = parts as [string, string, string];
    ref = { name, group, version };
  } else if (parts.length === 2) {
    const [first, name] = parts as [string, string];
    ref = VERSION.test(first) ? { name, group: '', version: first } : { name, group: first };
  } else if (parts.length === 1) {
    const [name, version, ...group] = text.split('.') as [string, ...string[]];
    if (version === undefined) ref = { name };
    else if (VERSION.test(version) && group.length > 0) ref = { name, version, group: group.join('.') };
    else ref = { name, group: [version, ...group].join('.') };
  } else {
    return bad('use a kind (Deployment), a resource (deployments), resource.group (deployments.apps) or group/version/resource (apps/v1/deployments)');
  }
  if (!NAME.test(ref.name)) return bad('the resource name must be letters, digits and dashes');
  // No group, or the core group (""), needs no check.
  if (ref.group && !GROUP.test(ref.group)) return bad('the API group must be a DNS name such as apps or example.com');
  if (ref.version !== undefined && !VERSION.test(ref.version)) return bad('the version must look like v1, v1beta1 or v2alpha1');
  return { ok: true, ref };
}

/** Normalizes a reference with the built-in table: built-in kinds get their canonical names. */
export function resolveRef(ref: ResourceRef): ResolvedRef {
  const builtin = findBuiltinKind(ref.name, ref.group);
  if (builtin) {
    return {
      ref,
      group: builtin.group,
      version: ref.version ?? builtin.version,
      resource: builtin.resource,
      kind: builtin.kind,
      knownKind: true,
      clusterScoped: !builtin.namespaced,
    };
  }
  return { ref, group: ref.group ?? '', version: ref.version ?? '', resource: ref.name.toLowerCase(), kind: ref.name, knownKind: false, clusterScoped: false };
}
