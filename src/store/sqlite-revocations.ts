// The kill switch's state in the embedded store: one row per suspended principal or ended session.
import type Database from 'better-sqlite3';
import type { Revocation } from '../kill-switch/model.ts';
import type { Store } from './store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS revocations (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  by_principal TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  seal TEXT,
  PRIMARY KEY (kind, id)
);
`;

type RevocationMethods = Pick<Store, 'listRevocations' | 'addRevocation' | 'removeRevocation'>;
export type RevocationRow = { kind: Revocation['kind']; id: string; by_principal: string; reason: string; at: string; seal: string | null };

export const REVOCATION_COLUMNS = 'kind, id, by_principal, reason, at, seal';

export const toRevocation = (r: RevocationRow): Revocation => ({ kind: r.kind, id: r.id, by: r.by_principal, reason: r.reason, at: r.at, ...(r.seal === null ? {} : { seal: r.seal }) });

export function sqliteRevocations(db: Database.Database): RevocationMethods {
  db.exec(SCHEMA);
  // A file from before seals: its rows have none, read as tampered and stay in force (fail closed).
  if (!db.prepare<[], { name: string }>('PRAGMA table_info(revocations)').all().some((c) => c.name === 'seal')) db.exec('ALTER TABLE revocations ADD COLUMN seal TEXT');
  const all = db.prepare<[], RevocationRow>(`SELECT ${REVOCATION_COLUMNS} FROM revocations ORDER BY at`);
  const insert = db.prepare(`INSERT OR IGNORE INTO revocations (${REVOCATION_COLUMNS}) VALUES (?,?,?,?,?,?)`);
  const remove = db.prepare('DELETE FROM revocations WHERE kind = ? AND id = ?');
  return {
    async listRevocations() {
      return all.all().map(toRevocation);
    },
    async addRevocation(r) {
      return insert.run(r.kind, r.id, r.by, r.reason, r.at, r.seal ?? null).changes === 1;
    },
    async removeRevocation(kind, id) {
      return remove.run(kind, id).changes === 1;
    },
  };
}
