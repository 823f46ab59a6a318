// The quick start: `gatehouse demo` serves the seeded shop over Streamable HTTP; a client sees
// masked customers, a refused DROP, and the printed connection lines.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ROOT } from '../fixtures/gatehouse.ts';

describe('gatehouse demo', () => {
  const data = mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'demo', '--port', '0', '--data', data], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const client = new Client({ name: 'demo-test', version: '1.0.0' });

  before(async () => {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start: ${stdout}`)), 60_000);
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const m = /MCP endpoint \(Streamable HTTP\): (\S+)/.exec(stdout);
        if (m && stdout.includes('Stop with Ctrl-C')) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      });
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  });
  after(async () => {
    await client.close();
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  });

  it('prints how to connect Claude Code, Claude Desktop / Cursor and the Inspector, and the audit file', () => {
    assert.match(stdout, /claude mcp add --transport http gatehouse http:\/\/127\.0\.0\.1:\d+\/mcp/);
    assert.match(stdout, /"mcpServers"/);
    assert.match(stdout, /@modelcontextprotocol\/inspector/);
    assert.match(stdout, /Audit store: +\S+demo-audit\.db/);
  });

  it('serves the shop with personal data masked and destructive SQL refused', async () => {
    const r = (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT name, email, card_number FROM customers ORDER BY id' } })) as {
      structuredContent: { rows: string[][] };
    };
    assert.equal(r.structuredContent.rows.length, 5);
    assert.ok(r.structuredContent.rows.every(([, email, card]) => !email?.startsWith('ada@') && !/\d{4} \d{4} \d{4} \d{4}/.test(card ?? '')));
    const drop = (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'DROP TABLE orders' } })) as { isError?: boolean };
    assert.equal(drop.isError, true);
  });
});
