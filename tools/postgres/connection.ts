// One configured PostgreSQL connection: two lazy pools. Reads go to a pool whose sessions start
// with default_transaction_read_only=on and run inside BEGIN READ ONLY, so a write that policy
// misjudged as a read still cannot commit.
import pg from 'pg';
import type { Connection, Secrets, Target } from '../../src/pipeline/toolpack.ts';
import { CatalogCache } from './catalog.ts';
import type { PostgresConnectionConfig } from './config.ts';
import { jsonSafeTypes } from './types.ts';

export class PostgresConnection implements Connection {
  readonly catalog = new CatalogCache();
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

  async close(): Promise<void> {
    const pools = Object.values(this.pools);
    this.pools = {};
    await Promise.allSettled(pools.map((p) => p.end()));
  }
}
