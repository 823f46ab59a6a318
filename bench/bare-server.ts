// The baseline the overhead bench compares gatehouse with: an MCP server built with the same SDK,
// transports and pg driver, offering one tool `postgres_query {sql}` and nothing else: no policy,
// masking, audit, read-only transaction or row cap. Results are parsed and rendered the way
// gatehouse renders them (same type parsers, same renderResult), so both put the same bytes on the
// wire and the difference is what gatehouse does around the query.
//   node --import tsx bench/bare-server.ts --url postgres://... (--stdio | --http 127.0.0.1:0)
// Over HTTP it prints "bare: MCP endpoint <url>" on stderr once it listens.
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { hostHeaderValidation, originValidation } from '@modelcontextprotocol/express';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, Server } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import express from 'express';
import pg from 'pg';
import { renderResult } from '../src/pipeline/render.ts';
import { CatalogCache } from '../tools/postgres/catalog.ts';
import { jsonSafeTypes } from '../tools/postgres/types.ts';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

const QUERY_TOOL = {
  name: 'postgres_query',
  description: 'Runs SQL on the database.',
  inputSchema: { type: 'object' as const, properties: { sql: { type: 'string' } }, required: ['sql'] },
};

function createQueryServer(pool: pg.Pool, types: CatalogCache): Server {
  const server = new Server({ name: 'bare-postgres', version: '0.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({ tools: [QUERY_TOOL] }));
  server.setRequestHandler('tools/call', async (request) => {
    const sql = String(request.params.arguments?.sql ?? '');
    const client = await pool.connect();
    try {
      const result = (await client.query({ text: sql, rowMode: 'array' })) as unknown as pg.QueryResult<unknown[]>;
      // Type names as gatehouse shows them, from the same per-connection cache (no table lookups).
      await types.load(client, [], result.fields.map((f) => f.dataTypeID));
      const columns = result.fields.map((f) => ({ name: f.name, type: types.typeName(f.dataTypeID) }));
      return renderResult({ kind: 'table', columns, rows: result.rows, rowCount: result.rows.length, command: result.command }, {});
    } catch (error) {
      return { isError: true, content: [{ type: 'text' as const, text: (error as Error).message }] };
    } finally {
      client.release();
    }
  });
  return server;
}

async function serveHttp(factory: () => Server, listen: string): Promise<void> {
  const [host = '127.0.0.1', port = '0'] = listen.split(':');
  const handle = toNodeHandler(createMcpHandler(factory, { legacy: 'stateless' }));
  // The same express plumbing as gatehouse's HTTP transport (src/server/http.ts), minus identity.
  const app = express();
  app.use(hostHeaderValidation(LOOPBACK_HOSTS));
  app.use(originValidation(LOOPBACK_HOSTS));
  app.all('/mcp', (req, res) => void handle(req, res));
  const server = app.listen(Number(port), host, () => {
    console.error(`bare: MCP endpoint http://${host}:${(server.address() as AddressInfo).port}/mcp`);
  });
}

const { values } = parseArgs({ options: { url: { type: 'string' }, stdio: { type: 'boolean' }, http: { type: 'string' } } });
if (!values.url) throw new Error('bare-server: --url postgres://... is required');
const pool = new pg.Pool({ connectionString: values.url, max: 5, types: jsonSafeTypes });
pool.on('error', () => undefined);
const types = new CatalogCache();
const factory = () => createQueryServer(pool, types);
if (values.http) await serveHttp(factory, values.http);
else serveStdio(factory);
