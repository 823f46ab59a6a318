// kubernetes_list and kubernetes_get. Lists ask the API server for at most maxRows items (its
// own paging), so a huge collection is never fetched; objects come back cleaned and, for
// Secrets, without values.
import { stringify } from 'yaml';
import type { DocumentResult, Truncation } from '../../src/pipeline/result.ts';
import { requestJson } from './api-request.ts';
import { locate, qualifiedName, resourcePath, type KubeCall } from './call.ts';
import { capBytes, fitObject } from './limits.ts';
import { cleanList, cleanObject } from './objects.ts';

export interface ListArgs {
  resource: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export async function listObjects(call: KubeCall, args: ListArgs): Promise<DocumentResult> {
  const { facts, limits } = call;
  const { served, namespace } = await locate(call, args.resource, facts.namespace, facts.allNamespaces);
  const { value } = await requestJson(
    call.conn,
    { method: 'GET', path: resourcePath(served, namespace), query: { limit: limits.maxRows, labelSelector: args.labelSelector, fieldSelector: args.fieldSelector } },
    call.scope,
  );
  const list = cleanList(value, served.group === '' && served.resource === 'secrets');
  const rows = list.items.slice(0, limits.maxRows);
  const { kept, truncated: byBytes } = capBytes(rows, limits.maxBytes);
  const byRows: Truncation | undefined = list.more || list.items.length > rows.length ? { reason: 'rows', limit: limits.maxRows } : undefined;
  const truncated = byBytes ?? byRows;
  const where = served.namespaced ? (namespace ? ` in namespace ${namespace}` : ' in all namespaces') : '';
  const notes = [`${kept.length} ${qualifiedName(served)}${where}`];
  if (truncated) notes.push(`more exist${list.remaining !== undefined ? ` (${list.remaining} more on the server)` : ''}; narrow with labelSelector, fieldSelector or a namespace`);
  return {
    kind: 'document',
    value: { kind: list.kind, apiVersion: list.apiVersion, items: kept },
    note: notes.join('; '),
    ...(truncated ? { truncated } : {}),
  };
}

export async function getObject(call: KubeCall, args: { resource: string; name: string; output: 'json' | 'yaml' }): Promise<DocumentResult> {
  const { served, namespace } = await locate(call, args.resource, call.facts.namespace);
  const { value } = await requestJson(call.conn, { method: 'GET', path: resourcePath(served, namespace, args.name) }, call.scope);
  const object = cleanObject(value, served.group === '' && served.resource === 'secrets');
  const fitted = fitObject(object, call.limits.maxBytes, `${qualifiedName(served)}/${args.name}`);
  const shown = args.output === 'yaml' ? stringify(fitted.value, { lineWidth: 0 }) : fitted.value;
  return { kind: 'document', value: shown, ...(fitted.truncated ? { truncated: fitted.truncated, note: 'long values were shortened to fit the byte limit' } : {}) };
}
