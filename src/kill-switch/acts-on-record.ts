// The suspended principals and ended sessions the audit log holds: the kill switch's sealed acts
// (sealed-acts.ts), replayed in order from its own session (indexed, and small: operators' acts
// only). The revocations table says the same; this second source is what keeps a suspension whose
// row was deleted outside gatehouse in force, on every replica, one started later too.
//
// A suspension is lifted only by a sealed resume that names it (`lifts`, the suspension's time):
// a resume someone made up or edited lifts nothing, and neither does an earlier genuine resume put
// in again after a later suspension. An act whose seal fails is reported; a suspension or an end
// still stops what it names (fail closed). Read incrementally: each poll reads only newer events,
// and what a replica has read stays known to it even if the events are later removed.
//
// Acts older than the chain's newest anchor are gone: a genuine prune carried those in force forward
// (carried-acts.ts) and sealed its audit.pruned event. A prune someone made up in the store (the
// prefix deleted, an anchor and an event written by hand) carried nothing: nothing can bring back
// what it removed: a server refuses to start on it (server/runtime.ts), and anything else that reads
// the record reports it.
import type { Seal } from '../approval/seal.ts';
import { newestAnchor } from '../audit/chain.ts';
import type { AuditEvent } from '../audit/events.ts';
import { pagedEvents } from '../store/paged-events.ts';
import type { Tampering } from '../store/sealed-approvals.ts';
import type { Store, UnsealedPrune } from '../store/store.ts';
import { KILL_SWITCH_SESSION, type Revocation } from './model.ts';
import { openAct } from './sealed-acts.ts';

export type ActsOnRecord = ReadonlyMap<string, Revocation>;

/** A revocation in force, and the act on record that put it there. */
export interface ActInForce {
  revocation: Revocation;
  event: AuditEvent;
}

/** The key a revocation goes by: a principal and a session may share an id. */
export const revocationKey = (r: Pick<Revocation, 'kind' | 'id'>): string => `${r.kind}\n${r.id}`;

/** Replays acts one at a time, in sequence order, into what is in force after them. */
export function actsReplay(seal: Seal, report: (t: Tampering) => void): { replay(e: AuditEvent): void; inForce: ReadonlyMap<string, ActInForce> } {
  const inForce = new Map<string, ActInForce>();
  const tampered = (e: AuditEvent, problem: string) => report({ table: 'audit_events', id: `event ${e.seq}`, problem });

  function replay(e: AuditEvent): void {
    const sealed = openAct(seal, e);
    if (!sealed) tampered(e, `a kill switch act (${e.type}) whose seal does not verify (made up, edited, or written without the seal key): it lifts nothing`);
    else if (sealed.type !== e.type) tampered(e, `a kill switch act sealed as ${sealed.type} and retyped ${e.type}: it counts as sealed`);
    const { type, data } = sealed ?? { type: e.type, data: e.data };
    const subject = data.subject;
    if (typeof subject !== 'string') return;
    const kind = type === 'session.ended' ? 'session' : 'principal';
    if (type === 'principal.suspended' || type === 'session.ended') {
      inForce.set(revocationKey({ kind, id: subject }), { revocation: revocationOf(kind, subject, e, data), event: e });
      return;
    }
    if (type !== 'principal.resumed' || !sealed) return;
    const current = inForce.get(revocationKey({ kind: 'principal', id: subject }))?.revocation;
    if (!current) return;
    if (data.lifts === current.at) inForce.delete(revocationKey(current));
    else tampered(e, `a resume of ${subject.slice(0, 100)} that names another suspension than the one in force (an earlier resume put in again): it lifts nothing`);
  }

  return { replay, inForce };
}

export function actsOnRecord(store: Pick<Store, 'events' | 'auditAnchors'>, seal: Seal, report: (t: Tampering) => void): () => Promise<ActsOnRecord> {
  const { replay, inForce } = actsReplay(seal, report);
  let after = 0;
  let pruneChecked = false;
  return async () => {
    if (!pruneChecked) {
      await checkNewestPrune(store, seal, report);
      pruneChecked = true;
    }
    for await (const e of pagedEvents(store, after, Number.POSITIVE_INFINITY, KILL_SWITCH_SESSION)) {
      after = e.seq;
      replay(e);
    }
    return new Map([...inForce].map(([key, { revocation }]) => [key, revocation]));
  };
}

async function checkNewestPrune(store: Pick<Store, 'events' | 'auditAnchors'>, seal: Seal, report: (t: Tampering) => void): Promise<void> {
  const unsealed = await unsealedNewestPrune(store, seal);
  if (unsealed) report({ table: 'audit_events', id: `event ${unsealed.eventSeq}`, problem: unsealed.problem });
}

/** The newest retention prune, when its audit.pruned event does not carry a genuine prune's seal. */
export async function unsealedNewestPrune(store: Pick<Store, 'events' | 'auditAnchors'>, seal: Seal): Promise<UnsealedPrune | undefined> {
  const anchor = newestAnchor(await store.auditAnchors());
  if (!anchor) return undefined;
  const [event] = await store.events({ afterSeq: anchor.eventSeq - 1, limit: 1 });
  if (event?.seq === anchor.eventSeq && seal.open('prune', event.data)) return undefined;
  return {
    throughSeq: anchor.throughSeq,
    eventSeq: anchor.eventSeq,
    problem: `the newest retention prune (through event ${anchor.throughSeq}) is not sealed: made before gatehouse sealed its prunes, or made up by someone with store access to remove the events before it; kill switch acts among those are known only to replicas that read them before`,
  };
}

function revocationOf(kind: Revocation['kind'], id: string, e: AuditEvent, data: Record<string, unknown>): Revocation {
  const by = (data.by as { id?: unknown } | undefined)?.id;
  return { kind, id, by: typeof by === 'string' ? by : (e.principal ?? ''), reason: String(data.reason ?? ''), at: typeof data.at === 'string' ? data.at : e.time };
}
