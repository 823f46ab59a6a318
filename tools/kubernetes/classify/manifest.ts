// Reads an apply manifest (one or more YAML documents, or a v1 List) into objects with their
// facts. What is sent to the API server is the JSON of exactly these objects, so the server
// applies what policy saw. Anything unreadable is a parse error fact, never an exception.
import { parseAllDocuments } from 'yaml';
import { builtinKindOf, RBAC_KINDS } from './builtin-kinds.ts';
import type { KubernetesObjectFacts } from './facts-schema.ts';
import { podRisk, type TooDeepError } from './pod-risk.ts';

export interface ManifestObject {
  /** The object as parsed; sent as JSON (valid apply-patch YAML). */
  body: Record<string, unknown>;
  facts: KubernetesObjectFacts;
  version: string;
}

export interface Manifest {
  objects: ManifestObject[];
  parseError: string;
}

export const MAX_OBJECTS = 100;
const NAME = /^(?!\.{1,2}$)[^/%?#\s]{1,253}$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `namespace` is the tool's namespace argument, if the agent gave one. */
export function readManifest(text: string, namespace: string | undefined): Manifest {
  const fail = (parseError: string): Manifest => ({ objects: [], parseError });
  let bodies: unknown[];
  try {
    bodies = documents(text);
  } catch (error) {
    // An empty parseError reads as success: whatever was thrown, the failure says something.
    return fail((error instanceof Error && error.message) || 'the manifest cannot be read');
  }
  if (bodies.length === 0) return fail('the manifest holds no objects');
  if (bodies.length > MAX_OBJECTS) return fail(`the manifest holds ${bodies.length} objects; at most ${MAX_OBJECTS} per call`);
  const objects: ManifestObject[] = [];
  for (const [i, body] of bodies.entries()) {
    const read = readObject(body, namespace);
    if (typeof read === 'string') return fail(`object ${i + 1}: ${read}`);
    objects.push(read);
  }
  return { objects, parseError: '' };
}

function documents(text: string): unknown[] {
  const out: unknown[] = [];
  // yaml refuses a key given twice by default (uniqueKeys), so no key is read one way here and
  // another way by the API server.
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    const [error] = doc.errors;
    // The message's first line, without the colon that introduces the excerpt below it.
    if (error) throw new Error(`YAML document ${i + 1} does not parse: ${error.message.replace(/\n.*/s, '').replace(/:$/, '')}`);
    const value: unknown = doc.toJS({ maxAliasCount: 50 });
    if (value == null) continue;
    if (isObject(value) && value.apiVersion === 'v1' && value.kind === 'List' && Array.isArray(value.items)) out.push(...(value.items as unknown[]));
    else out.push(value);
  }
  return out;
}

function readObject(body: unknown, namespaceArg: string | undefined): ManifestObject | string {
  if (!isObject(body)) return 'is not a mapping (expected apiVersion, kind, metadata, ...)';
  const { apiVersion, kind, metadata } = body;
  if (typeof apiVersion !== 'string' || !/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion)) return 'apiVersion is missing or malformed';
  if (typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) return 'kind is missing or malformed';
  if (!isObject(metadata)) return `${kind}: metadata is missing`;
  const { name, namespace } = metadata;
  if (typeof name !== 'string' || !NAME.test(name)) return `${kind}: metadata.name is required (server-side apply needs a name) and must not contain / % ? # or spaces`;
  if (namespace !== undefined && (typeof namespace !== 'string' || !NAMESPACE.test(namespace))) return `${kind} ${name}: metadata.namespace is not a valid namespace name`;
  if (namespace !== undefined && namespaceArg !== undefined && namespace !== namespaceArg) {
    return `${kind} ${name}: its namespace "${namespace}" differs from the namespace argument "${namespaceArg}"`;
  }
  const slash = apiVersion.lastIndexOf('/');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, slash) : '';
  const version = apiVersion.slice(slash + 1);
  const builtin = builtinKindOf(group, kind);
  const clusterScoped = builtin ? !builtin.namespaced : false;
  let risk;
  try {
    risk = podRisk(body);
  } catch (error) {
    // The walk throws only TooDeepError.
    return `${kind} ${name}: ${(error as TooDeepError).message}`;
  }
  const facts: KubernetesObjectFacts = {
    apiVersion,
    group,
    kind,
    resource: builtin?.resource ?? '',
    knownKind: builtin !== undefined,
    namespace: clusterScoped ? '' : ((namespace as string | undefined) ?? namespaceArg ?? 'default'),
    name,
    clusterScoped,
    ...risk,
    rbac: group === 'rbac.authorization.k8s.io' && RBAC_KINDS.has(kind),
  };
  return { body, facts, version };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
