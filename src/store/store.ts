// The storage interface: the audit log (hash-chained, append-only), approval requests and grants.
// SQLite is the embedded default; a shared PostgreSQL implementation follows the same interface and
// the same test suite.
import type { ApprovalRequest, ApprovalState, Grant } from '../approval/model.ts';
import type { AuditEvent, AuditEventInput } from '../audit/events.ts';

export interface AuditQuery {
  session?: string;
  callId?: string;
  afterSeq?: number;
  limit?: number;
}

export interface Store {
  /** Appends events atomically and in order, chaining each to the last; resolves once durable. */
  append(events: readonly AuditEventInput[]): Promise<AuditEvent[]>;
  events(query?: AuditQuery): Promise<AuditEvent[]>;
  /** Every event in sequence order, streamed for verification and export. */
  allEvents(): AsyncIterable<AuditEvent>;

  createApproval(request: ApprovalRequest): Promise<void>;
  getApproval(id: string): Promise<ApprovalRequest | undefined>;
  /** Newest first. */
  listApprovals(filter?: { states?: ApprovalState[]; limit?: number }): Promise<ApprovalRequest[]>;
  /** Open (pending or approved, unexpired) requests for one exact action. */
  findOpenApproval(actionHash: string, now: string): Promise<ApprovalRequest | undefined>;
  /** Writes `next` only if the stored version is still `expectedVersion`; false if someone else changed it first. */
  updateApproval(next: ApprovalRequest, expectedVersion: number): Promise<boolean>;

  /**
   * Calls `listener` with the id of every approval request changed through updateApproval, by this
   * process or any other on the same store, as soon as the store hears of it (PostgreSQL
   * LISTEN/NOTIFY). Best effort: waiters still poll. Absent where a store cannot hear of changes
   * (SQLite). Returns the unsubscribe function.
   */
  watchApprovals?(listener: (id: string) => void): () => void;

  createGrant(grant: Grant): Promise<void>;
  findGrant(principal: string, tool: string, target: string, shape: string, now: string): Promise<Grant | undefined>;

  close(): Promise<void>;
}
