// Where the shared store suite runs: a fresh SQLite file, or a fresh PostgreSQL database on the test
// server (PG_TEST_URL, default the local server with trust auth), dropped afterwards. Each place can
// also run raw SQL on the store's tables, bypassing gatehouse, the way a tamperer would.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';

export interface StorePlace {
  open(): Promise<Store>;
  /** Runs SQL on the store's own tables, outside gatehouse. */
  exec(sql: string): Promise<void>;
  drop(): Promise<void>;
}

export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  fresh(): Promise<StorePlace>;
}

export const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  async fresh() {
    const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-store-')), 'store.db');
    return {
      open: async () => openSqliteStore(file),
      async exec(sql) {
        const db = new Database(file);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      async drop() {
        rmSync(dirname(file), { recursive: true, force: true });
      },
    };
  },
};

export const ADMIN_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestStoreDatabase {
  /** The store URL gatehouse is given (it may carry the admin URL's password). */
  url: string;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** An empty database for one test; PostgreSQL must be reachable (the suites skip without it, or fail under CI). */
export async function createStoreDatabase(): Promise<TestStoreDatabase> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  admin.on('error', () => undefined);
  await admin.connect();
  const name = `gatehouse_store_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  // DROP DATABASE ... WITH (FORCE) ends sessions still open; their errors are expected then.
  pool.on('error', () => undefined);
  return {
    url: url.toString(),
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    async drop() {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (process.env.CI) throw new Error(`CI: PostgreSQL at ${new URL(ADMIN_URL).host} is not reachable (${(error as Error).message})`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresBackend: StoreBackend = {
  name: 'postgres',
  async fresh() {
    const db = await createStoreDatabase();
    return {
      open: () => openPostgresStore({ url: db.url, poolSize: 4 }),
      exec: async (sql) => void (await db.query(sql)),
      drop: () => db.drop(),
    };
  },
};

/** Inside a describe: a fresh place with two handles on it (as two replicas), closed and dropped after. */
export function twoHandles(backend: StoreBackend): { a: Store; b: Store } {
  let place: StorePlace;
  const handles = {} as { a: Store; b: Store };
  before(async () => {
    place = await backend.fresh();
    [handles.a, handles.b] = await Promise.all([place.open(), place.open()]);
  });
  after(async () => {
    await Promise.all([handles.a.close(), handles.b.close()]);
    await place.drop();
  });
  return handles;
}
