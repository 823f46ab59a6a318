// Approval requests and grants in the shared PostgreSQL store: the same documents and lookups as
// SQLite, every change a compare-and-set on the version. A successful change also NOTIFYs the
// approvals channel with the request id, in the same statement, so the notice is sent exactly when
// the change commits and a replica whose call waits on that id wakes at once.
import type pg from 'pg';
import type { ApprovalRequest, Grant } from '../approval/model.ts';
import { APPROVALS_CHANNEL } from './postgres-listen.ts';
import { inTransaction } from './postgres-tx.ts';
import type { Store } from './store.ts';

const UPDATE_AND_NOTIFY = `
WITH changed AS (
  UPDATE approvals SET state = $1, version = $2, body = $3 WHERE id = $4 AND version = $5 RETURNING id
)
SELECT pg_notify('${APPROVALS_CHANNEL}', id) FROM changed`;

type ApprovalMethods = Pick<Store, 'createApproval' | 'getApproval' | 'listApprovals' | 'findOpenApproval' | 'findLastDenial' | 'updateApproval' | 'createGrant' | 'findGrant'>;

export function postgresApprovals(pool: pg.Pool): ApprovalMethods {
  const first = async <T>(sql: string, params: unknown[]): Promise<T | undefined> => {
    const row = (await pool.query<{ body: string }>(sql, params)).rows[0];
    return row ? (JSON.parse(row.body) as T) : undefined;
  };

  return {
    async createApproval(r, cap) {
      const insert = (db: pg.Pool | pg.PoolClient) =>
        db.query('INSERT INTO approvals (id, action_hash, state, created_at, expires_at, version, body) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          r.id,
          r.actionHash,
          r.state,
          r.createdAt,
          r.expiresAt,
          r.version,
          JSON.stringify(r),
        ]);
      if (!cap) return insert(pool).then(() => true);
      // One principal's requests are counted and inserted under a lock on that principal, so two
      // replicas cannot both pass the cap.
      return inTransaction(pool, async (client) => {
        const principal = r.requester.principal.id;
        await client.query("SELECT pg_advisory_xact_lock(hashtext('gatehouse.approvals.open:' || $1))", [principal]);
        const { rows } = await client.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM approvals WHERE state = 'pending' AND expires_at > $1 AND (body::jsonb #>> '{requester,principal,id}') = $2",
          [cap.now, principal],
        );
        if ((rows[0]?.n ?? 0) >= cap.maxOpen) return false;
        await insert(client);
        return true;
      });
    },
    getApproval: (id) => first<ApprovalRequest>('SELECT body FROM approvals WHERE id = $1', [id]),
    async listApprovals(filter = {}) {
      const states = filter.states ?? [];
      const where = states.length ? 'WHERE state = ANY($2::text[])' : '';
      const params = states.length ? [filter.limit ?? 100, states] : [filter.limit ?? 100];
      const { rows } = await pool.query<{ body: string }>(`SELECT body FROM approvals ${where} ORDER BY created_at DESC LIMIT $1`, params);
      return rows.map((row) => JSON.parse(row.body) as ApprovalRequest);
    },
    findOpenApproval: (hash, now) =>
      first<ApprovalRequest>("SELECT body FROM approvals WHERE action_hash = $1 AND state IN ('pending', 'approved') AND expires_at > $2 ORDER BY created_at DESC LIMIT 1", [hash, now]),
    findLastDenial: (hash) => first<ApprovalRequest>("SELECT body FROM approvals WHERE action_hash = $1 AND state = 'denied' ORDER BY created_at DESC LIMIT 1", [hash]),
    async updateApproval(next, expectedVersion) {
      const { rowCount } = await pool.query(UPDATE_AND_NOTIFY, [next.state, next.version, JSON.stringify(next), next.id, expectedVersion]);
      return rowCount === 1;
    },
    async createGrant(g) {
      await pool.query('INSERT INTO grants (id, principal, tool, target, shape, expires_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        g.id,
        g.principal,
        g.tool,
        g.target,
        g.shape,
        g.expiresAt,
        JSON.stringify(g),
      ]);
    },
    findGrant: (principal, tool, target, shape, now) =>
      first<Grant>('SELECT body FROM grants WHERE principal = $1 AND tool = $2 AND target = $3 AND shape = $4 AND expires_at > $5 ORDER BY expires_at DESC LIMIT 1', [
        principal,
        tool,
        target,
        shape,
        now,
      ]),
  };
}
