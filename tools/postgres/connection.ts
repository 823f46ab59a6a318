// One configured PostgreSQL connection: two lazy pools. Reads go to a pool whose sessions start
// with default_transaction_read_only=on and run inside BEGIN READ ONLY, so a write that policy
// misjudged as a read still cannot commit.
import pg from 'pg';
import type { Connection, Secrets, Target } from '../../src/pipeline/toolpack.ts';
import { CatalogCache } from './catalog.ts';
import type { PostgresConnectionConfig } from './config.ts';
import { RelationCatalog } from './relations.ts';
import { jsonSafeTypes } from './types.ts';

export class PostgresConnection implements Connection {
  readonly catalog = new CatalogCache();
  readonly relations = new RelationCatalog();
  /** host:port/database, for error messages (never credentials). */
  readonly where: string;
  private pools: { read?: pg.Pool; write?: pg.Pool } = {};
  private readonly base: pg.PoolConfig;

  constructor(target: Target, config: PostgresConnectionConfig, secrets: Secrets) {
    const url = new URL(config.url);
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
    this.where = `${url.hostname}:${url.port || 5432}/${database}`;
    this.base = {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username) || 'postgres',
      database,
      ...(secrets.password !== undefined ? { password: secrets.password } : {}),
      ssl: config.ssl === 'disable' ? false : { rejectUnauthorized: config.ssl === 'verify-full' },
      max: config.poolSize,
      connectionTimeoutMillis: config.connectTimeout,
      idleTimeoutMillis: 30_000,
      application_name: `gatehouse:${target.name}`,
      types: jsonSafeTypes,
    };
  }

  pool(readOnly: boolean): pg.Pool {
    const key = readOnly ? 'read' : 'write';
    let pool = this.pools[key];
    if (!pool) {
      pool = new pg.Pool(readOnly ? { ...this.base, options: '-c default_transaction_read_only=on' } : this.base);
      // An idle client's error (server restart) must not crash the process; the next call reconnects.
      pool.on('error', () => undefined);
      this.pools[key] = pool;
    }
    return pool;
  }

  /**
   * Asks the server to cancel what backend `pid` is running, over a connection of its own (the pool
   * may be full). Used when a call is abandoned: a statement such as pg_sleep never notices that
   * its client went away. Best effort: the statement timeout still bounds it.
   */
  async cancelBackend(pid: number): Promise<void> {
    const { max: _max, idleTimeoutMillis: _idle, ...config } = this.base;
    const client = new pg.Client({ ...config, application_name: `${config.application_name ?? 'gatehouse'}:cancel` });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // The statement timeout ends the statement anyway.
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const pools = Object.values(this.pools);
    this.pools = {};
    await Promise.allSettled(pools.map((p) => p.end()));
  }
}
