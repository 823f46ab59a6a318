// The store as the server uses it for approvals: every request and grant it writes is sealed (see
// approval/seal.ts), and every one it reads must carry a seal that holds and match the lookup that
// found it (its id, action, state, expiry; a grant's principal, tool, target and shape), since the
// columns a lookup filters on are not sealed. A document that fails is tampered: the read throws
// StoreTampered, so nothing is approved or granted by it, and the tampering is reported once.
//
// A seal cannot tell an old copy from the current one. So before any change to a request, the audit
// log (hash-chained: an insider cannot remove an event unseen by `audit verify`) is asked whether
// the request was already closed (executed, cancelled, expired, denied); a request put back to an
// approved or pending copy after that is refused, and reported, rather than run a second time.
// The audit log holds that only as long as nobody cut the closing event from it and re-linked the
// chain (signed checkpoints show that, at the next start: audit/checkpoint-start.ts). So each
// process also remembers the requests it saw closed, until they expire (past that, a copy put back
// is lapsed and runs nothing): those it closed itself, and, where the store tells of changes
// (PostgreSQL), those another replica closed while it listened. A change to one of them is refused
// whatever the store says.
// The kill switch's rows and acts are sealed alike (sealed-revocations.ts).
import type { Seal } from '../approval/seal.ts';
import type { ApprovalRequest, Grant } from '../approval/model.ts';
import type { AuditEvent } from '../audit/events.ts';
import { pagedEvents } from './paged-events.ts';
import { sealedRevocations } from './sealed-revocations.ts';
import type { Store } from './store.ts';

export interface Tampering {
  table: 'approvals' | 'grants' | 'revocations' | 'audit_events';
  id: string;
  problem: string;
}

/** A stored approval document that failed its seal or its lookup: the call it was for is refused. */
export class StoreTampered extends Error {
  override readonly name = 'StoreTampered';
  readonly code = 'approval_tampered';
  constructor(readonly tampering: Tampering) {
    super(`the approval store was tampered with: ${tampering.table} ${tampering.id}: ${tampering.problem}; the call was not run`);
  }
}

/** The id a tampered document claims, cut short: it is the insider's text, bound for logs. */
const idOf = (doc: unknown): string => (typeof doc === 'object' && doc !== null && typeof (doc as { id?: unknown }).id === 'string' ? (doc as { id: string }).id.slice(0, 100) : '(no id)');

const CLOSING_TYPES = ['approval.executed', 'approval.cancelled', 'approval.expired', 'approval.decided'] as const;
const CLOSED_STATES: ReadonlySet<ApprovalRequest['state']> = new Set(['executed', 'cancelled', 'expired', 'denied']);

/** Why the audit log says the request is closed for good, or undefined. */
function closure(e: AuditEvent, id: string): string | undefined {
  if (e.data.approvalId !== id) return undefined;
  if (e.type === 'approval.executed') return 'executed';
  if (e.type === 'approval.cancelled') return 'cancelled';
  if (e.type === 'approval.expired') return 'expired';
  return e.type === 'approval.decided' && e.data.state === 'denied' ? 'denied' : undefined;
}

export function sealedStore(store: Store, seal: Seal, report: (t: Tampering) => void, options: { acceptedUnsealedPrune?: number } = {}): Store {
  const tampered = (table: 'approvals' | 'grants', doc: unknown, problem: string): StoreTampered => {
    const t = { table, id: idOf(doc), problem };
    report(t);
    return new StoreTampered(t);
  };

  /** The request with its seal checked and `fits` holding; throws StoreTampered otherwise. */
  const request = (stored: ApprovalRequest | undefined, fits: (r: ApprovalRequest) => boolean): ApprovalRequest | undefined => {
    if (stored === undefined) return undefined;
    const r = seal.open<ApprovalRequest>('approval', stored);
    if (!r) throw tampered('approvals', stored, 'its seal does not verify (edited, made up, or written without the seal key)');
    if (!fits(r)) throw tampered('approvals', stored, 'its row does not match its sealed document (a column was edited)');
    return r;
  };

  /** Requests this process saw closed, with their state and expiry: the ids stay until they expire. */
  const closedHere = new Map<string, Pick<ApprovalRequest, 'state' | 'expiresAt'>>();
  function rememberClosed(r: ApprovalRequest): void {
    const now = new Date().toISOString();
    for (const [id, closed] of closedHere) if (closed.expiresAt <= now) closedHere.delete(id);
    if (r.expiresAt > now) closedHere.set(r.id, { state: r.state, expiresAt: r.expiresAt });
  }

  /** A request another process changed: remembered if that closed it. A tampered one is reported by the read. */
  async function learnClosed(id: string): Promise<void> {
    try {
      const r = request(await store.getApproval(id), (doc) => doc.id === id);
      if (r && CLOSED_STATES.has(r.state)) rememberClosed(r);
    } catch {
      // Unread now: what the audit log holds is still asked before any change.
    }
  }
  const watch = store.watchApprovals?.bind(store);

  async function closedInAudit(r: ApprovalRequest): Promise<string | undefined> {
    // Only the closing kinds are read: a long session's other events are never fetched or parsed.
    for await (const e of pagedEvents(store, 0, Number.POSITIVE_INFINITY, r.requester.session, CLOSING_TYPES)) {
      const closed = closure(e, r.id);
      if (closed) return `the audit log has it ${closed} (event ${e.seq}), yet the store holds it ${r.state}: an old copy was put back`;
    }
    return undefined;
  }

  return {
    ...store,
    ...sealedRevocations(store, seal, report, options.acceptedUnsealedPrune),
    createApproval: (r, cap) => store.createApproval(seal.seal('approval', r), cap),
    getApproval: async (id) => request(await store.getApproval(id), (r) => r.id === id),
    async listApprovals(filter = {}) {
      // A list is for people: a tampered row is left out (and reported), the others still show.
      const rows = await store.listApprovals(filter);
      return rows.flatMap((stored) => {
        try {
          return [request(stored, (r) => !filter.states || filter.states.includes(r.state)) as ApprovalRequest];
        } catch (error) {
          if (error instanceof StoreTampered) return [];
          throw error;
        }
      });
    },
    findOpenApproval: async (hash, now) => request(await store.findOpenApproval(hash, now), (r) => r.actionHash === hash && (r.state === 'pending' || r.state === 'approved') && r.expiresAt > now),
    findLastDenial: async (hash) => request(await store.findLastDenial(hash), (r) => r.actionHash === hash && r.state === 'denied'),
    async updateApproval(next, expectedVersion) {
      const rollback = await closedInAudit(next);
      if (rollback) throw tampered('approvals', next, rollback);
      const here = closedHere.get(next.id);
      if (here) throw tampered('approvals', next, `this server saw it closed (${here.state}), yet the store holds it open again: an old copy was put back, and its closing event cut from the audit log`);
      const written = await store.updateApproval(seal.seal('approval', next), expectedVersion);
      if (written && CLOSED_STATES.has(next.state)) rememberClosed(next);
      return written;
    },
    ...(watch && {
      watchApprovals: (listener: (id: string) => void) =>
        watch((id) => {
          void learnClosed(id);
          listener(id);
        }),
    }),
    createGrant: (g) => store.createGrant(seal.seal('grant', g)),
    async findGrant(principal, tool, target, shape, now) {
      const stored = await store.findGrant(principal, tool, target, shape, now);
      if (stored === undefined) return undefined;
      const g = seal.open<Grant>('grant', stored);
      if (!g) throw tampered('grants', stored, 'its seal does not verify (edited, made up, or written without the seal key)');
      if (g.principal !== principal || g.tool !== tool || g.target !== target || g.shape !== shape || !(g.expiresAt > now)) {
        throw tampered('grants', stored, 'its row does not match its sealed grant (a column was edited)');
      }
      return g;
    },
  };
}
