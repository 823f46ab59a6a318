// Approval requests and grants in the embedded store. A request is one JSON document with the
// columns it is looked up by; every change is a compare-and-set on its version, so two approvers
// deciding at the same moment yield one decision.
import type Database from 'better-sqlite3';
import type { ApprovalRequest, Grant } from '../approval/model.ts';
import type { OpenCap, Store } from './store.ts';

export const APPROVAL_SCHEMA = `
CREATE TABLE IF NOT EXISTS approvals (
  id TEXT PRIMARY KEY,
  action_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS approvals_action ON approvals(action_hash, state);
CREATE INDEX IF NOT EXISTS approvals_state ON approvals(state, created_at);
CREATE TABLE IF NOT EXISTS grants (
  id TEXT PRIMARY KEY,
  principal TEXT NOT NULL,
  tool TEXT NOT NULL,
  target TEXT NOT NULL,
  shape TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS grants_lookup ON grants(principal, tool, target, shape, expires_at);
`;

type ApprovalMethods = Pick<Store, 'createApproval' | 'getApproval' | 'listApprovals' | 'findOpenApproval' | 'findLastDenial' | 'updateApproval' | 'createGrant' | 'findGrant'>;

export function sqliteApprovals(db: Database.Database): ApprovalMethods {
  db.exec(APPROVAL_SCHEMA);
  const insert = db.prepare('INSERT INTO approvals (id, action_hash, state, created_at, expires_at, version, body) VALUES (?,?,?,?,?,?,?)');
  const byId = db.prepare<[string], { body: string }>('SELECT body FROM approvals WHERE id = ?');
  const open = db.prepare<[string, string], { body: string }>(
    "SELECT body FROM approvals WHERE action_hash = ? AND state IN ('pending', 'approved') AND expires_at > ? ORDER BY created_at DESC LIMIT 1",
  );
  const lastDenial = db.prepare<[string], { body: string }>("SELECT body FROM approvals WHERE action_hash = ? AND state = 'denied' ORDER BY created_at DESC LIMIT 1");
  const openOf = db.prepare<[string, string], { n: number }>(
    "SELECT count(*) AS n FROM approvals WHERE state = 'pending' AND expires_at > ? AND json_extract(body, '$.requester.principal.id') = ?",
  );
  // IMMEDIATE takes the write lock before counting, so two processes cannot both pass the cap.
  const insertWithin = db.transaction((r: ApprovalRequest, cap: OpenCap): boolean => {
    if ((openOf.get(cap.now, r.requester.principal.id)?.n ?? 0) >= cap.maxOpen) return false;
    insert.run(r.id, r.actionHash, r.state, r.createdAt, r.expiresAt, r.version, JSON.stringify(r));
    return true;
  });
  const update = db.prepare('UPDATE approvals SET state = ?, version = ?, body = ? WHERE id = ? AND version = ?');
  const insertGrant = db.prepare('INSERT INTO grants (id, principal, tool, target, shape, expires_at, body) VALUES (?,?,?,?,?,?,?)');
  const grant = db.prepare<[string, string, string, string, string], { body: string }>(
    'SELECT body FROM grants WHERE principal = ? AND tool = ? AND target = ? AND shape = ? AND expires_at > ? ORDER BY expires_at DESC LIMIT 1',
  );
  const parse = <T>(row: { body: string } | undefined): T | undefined => (row ? (JSON.parse(row.body) as T) : undefined);

  return {
    async createApproval(r, cap) {
      if (cap) return insertWithin.immediate(r, cap);
      insert.run(r.id, r.actionHash, r.state, r.createdAt, r.expiresAt, r.version, JSON.stringify(r));
      return true;
    },
    async getApproval(id) {
      return parse<ApprovalRequest>(byId.get(id));
    },
    async listApprovals(filter = {}) {
      const states = filter.states ?? [];
      const where = states.length ? `WHERE state IN (${states.map(() => '?').join(',')})` : '';
      const rows = db.prepare<unknown[], { body: string }>(`SELECT body FROM approvals ${where} ORDER BY created_at DESC LIMIT ?`).all(...states, filter.limit ?? 100);
      return rows.map((row) => JSON.parse(row.body) as ApprovalRequest);
    },
    async findOpenApproval(hash, now) {
      return parse<ApprovalRequest>(open.get(hash, now));
    },
    async findLastDenial(hash) {
      return parse<ApprovalRequest>(lastDenial.get(hash));
    },
    async updateApproval(next, expectedVersion) {
      return update.run(next.state, next.version, JSON.stringify(next), next.id, expectedVersion).changes === 1;
    },
    async createGrant(g) {
      insertGrant.run(g.id, g.principal, g.tool, g.target, g.shape, g.expiresAt, JSON.stringify(g));
    },
    async findGrant(principal, tool, target, shape, now) {
      return parse<Grant>(grant.get(principal, tool, target, shape, now));
    },
  };
}
