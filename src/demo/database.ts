// The demo database: PGlite (Postgres in WASM) served on a loopback port through pglite-socket,
// so gatehouse reaches it with pg exactly as it reaches a real server. Also the test fallback
// when no PostgreSQL server runs on a laptop.
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { packageFile } from '../config/package-root.ts';

export interface DemoDatabase {
  url: string;
  stop(): Promise<void>;
}

export const SEED_SQL = readFileSync(packageFile('src/demo/seed.sql'), 'utf8');

export async function startDemoDatabase(options: { seed?: boolean; port?: number } = {}): Promise<DemoDatabase> {
  const db = await PGlite.create();
  if (options.seed !== false) await db.exec(SEED_SQL);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: 32 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
