// Column identity and type names from the catalog, cached per connection: a result column's
// (table oid, attnum) becomes "schema.table" and a column name, which column masking rules need.
import type pg from 'pg';

interface TableInfo {
  name: string;
  columns: Map<number, string>;
}

const CACHE_MS = 5 * 60_000;

export class CatalogCache {
  private tables = new Map<number, TableInfo>();
  private types = new Map<number, string>();
  private loadedAt = Date.now();

  /** Fills the cache for the given oids with one query each for unseen tables and types. */
  async load(client: pg.PoolClient, tableOids: readonly number[], typeOids: readonly number[]): Promise<void> {
    if (Date.now() - this.loadedAt > CACHE_MS) {
      this.tables.clear();
      this.loadedAt = Date.now();
    }
    const newTables = [...new Set(tableOids.filter((oid) => oid > 0 && !this.tables.has(oid)))];
    if (newTables.length > 0) {
      const { rows } = await client.query<{ oid: number; table: string; attnum: number; attname: string }>(
        `SELECT c.oid::int AS oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS table, a.attnum::int AS attnum, a.attname
           FROM pg_catalog.pg_class c
           JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          WHERE c.oid = ANY($1::oid[])`,
        [newTables],
      );
      for (const oid of newTables) this.tables.set(oid, { name: '', columns: new Map() });
      for (const row of rows) {
        const info = this.tables.get(row.oid) as TableInfo;
        info.name = row.table;
        info.columns.set(row.attnum, row.attname);
      }
    }
    const newTypes = [...new Set(typeOids.filter((oid) => !this.types.has(oid)))];
    if (newTypes.length > 0) {
      // Built-in types (oid below 16384) by their SQL name; every other type schema-qualified, so a
      // user's own type named like a built-in one ("date" in public) is never taken for it by masking.
      const { rows } = await client.query<{ oid: number; name: string }>(
        `SELECT t.oid::int AS oid,
                CASE WHEN t.oid < 16384 THEN format_type(t.oid, NULL) ELSE quote_ident(n.nspname) || '.' || quote_ident(t.typname) END AS name
           FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
          WHERE t.oid = ANY($1::oid[])`,
        [newTypes],
      );
      for (const row of rows) this.types.set(row.oid, row.name);
    }
  }

  column(tableOid: number, attnum: number): { table: string; column: string } | undefined {
    const info = this.tables.get(tableOid);
    const column = info?.columns.get(attnum);
    return info?.name && column ? { table: info.name, column } : undefined;
  }

  typeName(oid: number): string {
    return this.types.get(oid) ?? `oid:${oid}`;
  }
}
