// The storage interface: the audit log (hash-chained, append-only), approval requests and grants.
// SQLite is the embedded default; a shared PostgreSQL implementation follows the same interface and
// the same test suite.
import type { ApprovalRequest, ApprovalState, Grant } from '../approval/model.ts';
import type { AuditAnchor, ChainPoint } from '../audit/chain.ts';
import type { AuditEvent, AuditEventInput, PrunedData } from '../audit/events.ts';
import type { Revocation } from '../kill-switch/model.ts';

/** A retention prune recorded without the seal a genuine prune's audit.pruned event carries. */
export interface UnsealedPrune {
  /** The last event it removed: what `audit.acceptUnsealedPrune` names once an operator has looked. */
  throughSeq: number;
  /** Where its audit.pruned event stands, or should. */
  eventSeq: number;
  problem: string;
}

/** The most pending requests one principal may have open, at a moment. */
export interface OpenCap {
  maxOpen: number;
  now: string;
}

export interface AuditQuery {
  session?: string;
  callId?: string;
  /** Only events of these types. */
  types?: readonly AuditEvent['type'][];
  afterSeq?: number;
  limit?: number;
}

export interface PruneOptions {
  /** Plan and check only: nothing is removed or recorded. */
  dryRun?: boolean;
  /** Who prunes, recorded on the audit.pruned event. */
  principal?: string;
  /** Most events one locked step removes (default PRUNE_SLICE_EVENTS). */
  slice?: number;
  /** Events of the part removed that must outlive it: appended again after the audit.pruned event. */
  carry?: PruneCarry;
  /** The audit.pruned event's data as it is recorded: the sealed store seals it, so a prune made up in the store shows. */
  sealPruned?: (data: PrunedData) => Record<string, unknown>;
}

/**
 * What a prune carries forward out of one session: `keep` is given that session's events from the
 * start of the removed part to the head, read under the prune's lock, and returns the events to
 * append again, in order, in the same step as the removal.
 */
export interface PruneCarry {
  session: string;
  keep(events: readonly AuditEvent[], throughSeq: number): readonly AuditEventInput[];
}

/** What a prune removed (a dry run: would remove): events `fromSeq`..`throughSeq`. */
export interface PruneResult extends PrunedData {
  fromSeq: number;
  /** The audit.pruned event that anchors the remaining chain; absent in a dry run. */
  event?: AuditEvent;
}

export interface AppendOptions {
  /**
   * Append nothing (and resolve with []) when the store already holds an event of this call and
   * type, checked under the append's own lock: a retried write whose first attempt committed
   * after all is never recorded twice.
   */
  unlessRecorded?: { callId: string; type: AuditEventInput['type'] };
}

/** The audit log half of the store. */
export interface AuditLog {
  /** Appends events atomically and in order, chaining each to the last; resolves once durable. */
  append(events: readonly AuditEventInput[], options?: AppendOptions): Promise<AuditEvent[]>;
  events(query?: AuditQuery): Promise<AuditEvent[]>;
  /** Every event in sequence order, streamed for verification and export. */
  allEvents(): AsyncIterable<AuditEvent>;
  /** The newest event's place, moved by every append; {0, GENESIS_HASH} before the first. */
  auditHead(): Promise<ChainPoint>;
  /** Every retention prune so far, oldest first. */
  auditAnchors(): Promise<AuditAnchor[]>;
  /**
   * Removes the chain's oldest events, up to the newest one older than `before` (ISO time): a
   * prefix, never a hole. The removed part must verify first (a prune never destroys evidence of
   * tampering). It removes a slice at a time, each in one transaction with its anchor and its
   * chained audit.pruned event, so appends never wait longer than one slice's delete. The result
   * covers every slice (the last one's event). Undefined when nothing is older, or when another
   * handle pruned it first.
   */
  pruneEvents(before: string, options?: PruneOptions): Promise<PruneResult | undefined>;
}

export interface Store extends AuditLog {
  /**
   * Stores a new request. With `cap`, only if its requester has fewer than `cap.maxOpen` pending,
   * unexpired requests at `cap.now`, counted and inserted atomically (also across replicas);
   * false when the cap refused it.
   */
  createApproval(request: ApprovalRequest, cap?: OpenCap): Promise<boolean>;
  getApproval(id: string): Promise<ApprovalRequest | undefined>;
  /** Newest first. */
  listApprovals(filter?: { states?: ApprovalState[]; limit?: number }): Promise<ApprovalRequest[]>;
  /** Open (pending or approved, unexpired) requests for one exact action. */
  findOpenApproval(actionHash: string, now: string): Promise<ApprovalRequest | undefined>;
  /** The newest denied request for one exact action, if any. */
  findLastDenial(actionHash: string): Promise<ApprovalRequest | undefined>;
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

  /** The kill switch: every suspended principal and ended session. */
  listRevocations(): Promise<Revocation[]>;
  /** False when the principal is already suspended or the session already ended (the first one stands). */
  addRevocation(revocation: Revocation): Promise<boolean>;
  /** Resumes a principal (sessions stay ended); false when it was not suspended. */
  removeRevocation(kind: Revocation['kind'], id: string): Promise<boolean>;
  /** Calls `listener` whenever any process changes the kill switch (PostgreSQL LISTEN/NOTIFY); replicas also poll. */
  watchRevocations?(listener: () => void): () => void;
  /** The newest retention prune when it lacks a genuine prune's seal and is not the one accepted (sealed stores only: a raw store cannot tell). */
  unsealedPrune?(): Promise<UnsealedPrune | undefined>;

  close(): Promise<void>;
}
