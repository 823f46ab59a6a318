// The audit event model: what is recorded for every call, in order. Every event carries time,
// session, principal, tool and target, a store-wide sequence number and its link in the hash chain.
// `audit.pruned` is the chain's own record of a retention prune: appended in the same transaction
// that removes the old events, it carries the anchor (`PrunedData`) the remaining chain starts from.

export type AuditEventType =
  | 'session.started'
  | 'call.requested'
  | 'call.decided'
  | 'call.result'
  | 'call.error'
  | 'call.confirmation_asked'
  | 'call.confirmed'
  | 'approval.requested'
  | 'approval.notified'
  | 'approval.notify_failed'
  | 'approval.decided'
  | 'approval.expired'
  | 'approval.executed'
  | 'approval.grant_used'
  | 'approval.cancelled'
  | 'audit.pruned'
  | 'principal.suspended'
  | 'principal.resumed'
  | 'session.ended'
  | 'policy.reloaded'
  | 'store.tampered';

export interface AuditEventInput {
  type: AuditEventType;
  session: string;
  /** Groups the events of one tool call. */
  callId?: string;
  principal?: string;
  tool?: string;
  target?: string;
  data: Record<string, unknown>;
}

export interface AuditEvent extends AuditEventInput {
  seq: number;
  time: string;
  prevHash: string;
  hash: string;
}

/** The data of an `audit.pruned` event: events up to `throughSeq` (the last hashing to `throughHash`) were removed. */
export interface PrunedData {
  throughSeq: number;
  throughHash: string;
  /** How many events this prune removed. */
  removed: number;
  /** The cutoff (ISO time): the prune removed the chain up to its last event older than this. */
  before: string;
}

/** The session every `audit.pruned` event belongs to: pruning is the store's own work, not an agent's. */
export const RETENTION_SESSION = 'audit-retention';

/** The session every `policy.reloaded` event belongs to: a reload is the server's own act. */
export const RELOAD_SESSION = 'server-reload';

/** The session every `store.tampered` event belongs to: the store's documents are nobody's call. */
export const TAMPERING_SESSION = 'store-tampering';

export const GENESIS_HASH = '0'.repeat(64);
