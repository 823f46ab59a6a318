// kubernetes_apply: server-side apply (PATCH application/apply-patch+yaml, fieldManager
// "gatehouse") of each object of the manifest, in order. The body is the JSON of the object as
// classified, so the server applies exactly what policy saw. Every namespace is checked before
// the first request; a failure stops the run and says what was applied before it.
import type { DocumentResult } from '../../src/pipeline/result.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { requestJson } from './api-request.ts';
import { resourcePath, type KubeCall } from './call.ts';
import { readManifest, type ManifestObject, type ResolvedRef } from './classify/index.ts';

export const FIELD_MANAGER = 'gatehouse';

export interface ApplyArgs {
  manifest: string;
  namespace?: string;
  dryRun: boolean;
  force: boolean;
}

interface Applied {
  kind: string;
  namespace?: string;
  name: string;
  result: 'created' | 'configured';
}

export async function applyManifest(call: KubeCall, args: ApplyArgs): Promise<DocumentResult> {
  const manifest = readManifest(args.manifest, args.namespace);
  if (manifest.parseError) throw new ToolError('invalid_manifest', manifest.parseError);
  const objects = manifest.objects;
  call.conn.checkNamespaces({ namespaces: objects.map((o) => o.facts.namespace), clusterScoped: objects.some((o) => o.facts.clusterScoped), allNamespaces: false });
  const applied: Applied[] = [];
  for (const [i, object] of objects.entries()) {
    try {
      const { object: _answer, path: _path, ...one } = await applyOne(call, object, args);
      applied.push(one);
    } catch (error) {
      if (!(error instanceof ToolError)) throw error;
      const before = applied.length > 0 ? `; applied before it: ${applied.map(label).join(', ')}` : '; nothing was applied';
      throw new ToolError(error.code, `object ${i + 1} of ${objects.length} (${label(object.facts)}) failed: ${error.message}${before}`);
    }
  }
  const verb = args.dryRun ? 'validated (dry run, nothing persisted)' : 'applied';
  return { kind: 'document', value: applied, note: `${applied.length} object${applied.length === 1 ? '' : 's'} ${verb} with field manager ${FIELD_MANAGER}` };
}

export async function applyOne(call: KubeCall, object: ManifestObject, args: Pick<ApplyArgs, 'dryRun' | 'force'>): Promise<Applied & { object: Record<string, unknown>; path: string }> {
  const { facts } = object;
  const served = await call.conn.discovery.resolve(refOf(object), (path) => requestJson(call.conn, { method: 'GET', path }, call.scope).then((r) => r.value));
  if (served.kind !== facts.kind) throw new ToolError('invalid_manifest', `kind "${facts.kind}" is spelled "${served.kind}" by the API server`);
  const body = structuredClone(object.body);
  const metadata = body.metadata as Record<string, unknown>;
  if (served.namespaced) metadata.namespace = facts.namespace;
  else {
    if (!facts.clusterScoped) call.conn.checkNamespaces({ namespaces: [], clusterScoped: true, allNamespaces: false });
    delete metadata.namespace;
  }
  const namespace = served.namespaced ? facts.namespace : '';
  const path = resourcePath(served, namespace, facts.name);
  const { status, value } = await requestJson(
    call.conn,
    {
      method: 'PATCH',
      path,
      query: { fieldManager: FIELD_MANAGER, force: args.force || undefined, dryRun: args.dryRun ? 'All' : undefined },
      body,
      contentType: 'application/apply-patch+yaml',
    },
    call.scope,
  );
  return { kind: facts.kind, ...(namespace ? { namespace } : {}), name: facts.name, result: status === 201 ? 'created' : 'configured', object: value, path };
}

/** Built-in kinds resolve by their plural; other kinds by their exact kind within the manifest's group. */
function refOf({ facts, version }: ManifestObject): ResolvedRef {
  const name = facts.knownKind ? facts.resource : facts.kind;
  return {
    ref: { name, group: facts.group, version },
    group: facts.group,
    version,
    resource: facts.resource || facts.kind.toLowerCase(),
    kind: facts.kind,
    knownKind: facts.knownKind,
    clusterScoped: facts.clusterScoped,
  };
}

export function label(o: { kind: string; namespace?: string; name: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}
