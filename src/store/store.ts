// The storage interface: the audit log (hash-chained, append-only). SQLite is the embedded default;
// a shared PostgreSQL implementation follows the same interface and the same test suite.
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
  close(): Promise<void>;
}
