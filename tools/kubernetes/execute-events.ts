// kubernetes_events: the events of a namespace or of one object, newest last, one line of
// facts per event (time, type, reason, object, message, count) as `kubectl events` shows them.
import type { DocumentResult } from '../../src/pipeline/result.ts';
import { requestJson } from './api-request.ts';
import { locate, type KubeCall } from './call.ts';
import { capBytes } from './limits.ts';

/** Events are not sorted by time on the server: fetch a page this large, then keep the newest. */
const EVENT_PAGE = 1_000;

interface CoreEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  firstTimestamp?: string | null;
  metadata?: { creationTimestamp?: string };
  involvedObject?: { kind?: string; name?: string; namespace?: string };
}

export async function listEvents(call: KubeCall, args: { resource?: string; name?: string }): Promise<DocumentResult> {
  const namespace = call.facts.namespace;
  call.conn.checkNamespaces({ namespaces: [namespace], clusterScoped: false, allNamespaces: false });
  let fieldSelector: string | undefined;
  if (args.resource !== undefined && args.name !== undefined) {
    const { served, namespace: objectNamespace } = await locate(call, args.resource, namespace);
    fieldSelector = [`involvedObject.kind=${served.kind}`, `involvedObject.name=${args.name}`, ...(objectNamespace ? [`involvedObject.namespace=${objectNamespace}`] : [])].join(',');
  }
  const { value } = await requestJson<{ items?: CoreEvent[]; metadata?: { continue?: string } }>(
    call.conn,
    { method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, query: { fieldSelector, limit: Math.max(EVENT_PAGE, call.limits.maxRows) } },
    call.scope,
  );
  const events = (value.items ?? []).map(summarize).sort((a, b) => a.time.localeCompare(b.time));
  const newest = events.slice(-call.limits.maxRows).reverse();
  const { kept } = capBytes(newest, call.limits.maxBytes);
  kept.reverse();
  const cut = kept.length < events.length || Boolean(value.metadata?.continue);
  const subject = fieldSelector ? `${args.resource}/${args.name}` : `namespace ${namespace}`;
  return {
    kind: 'document',
    value: kept,
    note: `${kept.length} events of ${subject}${cut ? '; older events are not shown' : ''}`,
    ...(cut ? { truncated: kept.length < newest.length ? { reason: 'bytes' as const, limit: call.limits.maxBytes } : { reason: 'rows' as const, limit: call.limits.maxRows } } : {}),
  };
}

function summarize(e: CoreEvent) {
  return {
    time: e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? '',
    type: e.type ?? '',
    reason: e.reason ?? '',
    object: `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`,
    message: e.message ?? '',
    count: e.count ?? 1,
  };
}
