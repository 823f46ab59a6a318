// The quick start as a user runs it: the installed command (bin/gatehouse.js, which runs the
// compiled build in dist/, built here first) starts `gatehouse demo`, which serves the seeded shop
// over Streamable HTTP; a client sees masked customers, a refused DROP, the printed connection
// lines and the console's assets, and the printed approver command works through the server with
// the demo approver's key (a file only the user can read). The build must find the files shipped beside the code.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { distIsFresh } from '../fixtures/built.ts';
import { ROOT } from '../fixtures/gatehouse.ts';

describe('gatehouse demo', () => {
  const data = mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let mcpUrl: URL;
  const client = new Client({ name: 'demo-test', version: '1.0.0' });

  before(async () => {
    // npm test builds dist/ first when it is stale (its pretest); run alone, this file builds it
    if (!distIsFresh()) execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
    child = spawn(process.execPath, [join(ROOT, 'bin/gatehouse.js'), 'demo', '--port', '0', '--data', data], { cwd: data });
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
    mcpUrl = new URL(url);
    await client.connect(new StreamableHTTPClientTransport(mcpUrl));
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
    assert.match(stdout, /npx -y @modelcontextprotocol\/inspector@2 --transport http --server-url http:\/\/127\.0\.0\.1:\d+\/mcp/);
    // Commands to run next name this installation's own entry point, never `npx gatehouse`.
    assert.doesNotMatch(stdout, /npx gatehouse/);
    assert.match(stdout, /^ {2}node \S+\/bin\/gatehouse\.js approvals list --server http:\/\/127\.0\.0\.1:\d+ --api-key-file \S+demo-approver\.key$/m);
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

  it('prints an approver command that works through the server, with a key file only the user can read', async () => {
    const line = /^ {2}(node \S+ approvals list --server \S+ --api-key-file (\S+))$/m.exec(stdout);
    assert.ok(line, stdout);
    assert.equal(statSync(line[2] as string).mode & 0o777, 0o600);
    const [node, ...args] = (line[1] as string).split(' ');
    assert.equal(node, 'node');
    // Not execFileSync: a blocked event loop keeps the client's idle connection past the server's
    // keep-alive, and the next request would be sent on a socket the server has closed.
    const { stdout: listed } = await promisify(execFile)(process.execPath, args, { cwd: data, env: { ...process.env, GATEHOUSE_SERVER: '', GATEHOUSE_API_KEY: '' } });
    assert.equal(listed, 'no pending approval requests\n');
  });

  it('serves the console assets shipped beside the code', async () => {
    const css = await fetch(new URL('/console/assets/console.css', mcpUrl));
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    assert.ok((await css.text()).length > 100);
  });
});
