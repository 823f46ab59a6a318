// The audit event model: what is recorded for every call, in order. Every event carries time,
// session, principal, tool and target, a store-wide sequence number and its link in the hash chain.

export type AuditEventType =
  | 'session.started'
  | 'call.requested'
  | 'call.decided'
  | 'call.result'
  | 'call.error'
  | 'approval.requested'
  | 'approval.notified'
  | 'approval.notify_failed'
  | 'approval.decided'
  | 'approval.expired'
  | 'approval.executed'
  | 'approval.grant_used';

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

export const GENESIS_HASH = '0'.repeat(64);
