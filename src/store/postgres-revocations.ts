// The kill switch's state in the shared PostgreSQL store. Every change NOTIFYs the kill switch's
// channel in the same statement, so other replicas re-read at once rather than at their next poll.
import type pg from 'pg';
import { KILL_SWITCH_CHANNEL } from './postgres-listen.ts';
import { REVOCATION_COLUMNS, toRevocation, type RevocationRow } from './sqlite-revocations.ts';
import type { Store } from './store.ts';

type RevocationMethods = Pick<Store, 'listRevocations' | 'addRevocation' | 'removeRevocation'>;

const INSERT_AND_NOTIFY = `
WITH added AS (
  INSERT INTO revocations (${REVOCATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING kind
)
SELECT pg_notify('${KILL_SWITCH_CHANNEL}', kind) FROM added`;
// Notifies even when no row went: a resume whose row was deleted outside gatehouse still lifts the
// suspension the audit log holds (store/sealed-revocations.ts), and replicas should hear of it.
const DELETE_AND_NOTIFY = `
WITH gone AS (DELETE FROM revocations WHERE kind = $1 AND id = $2 RETURNING kind)
SELECT pg_notify('${KILL_SWITCH_CHANNEL}', $1), (SELECT count(*)::int FROM gone) AS removed`;

export function postgresRevocations(pool: pg.Pool): RevocationMethods {
  return {
    async listRevocations() {
      return (await pool.query<RevocationRow>(`SELECT ${REVOCATION_COLUMNS} FROM revocations ORDER BY at`)).rows.map(toRevocation);
    },
    async addRevocation(r) {
      return (await pool.query(INSERT_AND_NOTIFY, [r.kind, r.id, r.by, r.reason, r.at, r.seal ?? null])).rowCount === 1;
    },
    async removeRevocation(kind, id) {
      return (await pool.query<{ removed: number }>(DELETE_AND_NOTIFY, [kind, id])).rows[0]?.removed === 1;
    },
  };
}
