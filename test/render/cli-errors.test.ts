// What the CLI prints when the server refuses: the code and message of a refusal come from the
// server's answer (a hostile or broken server, or a message quoting agent text), so they are printed
// through the terminal renderer exactly once, whichever command meets them: escaped, never raw, and
// never escaped twice (an honest message in Hebrew reads as Hebrew, not as \u200e escapes).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateApiKey } from '../../src/identity/api-keys.ts';
import { runCli } from '../fixtures/gatehouse.ts';
import { HOSTILE, unsafe } from './hostile.ts';

const RAW = HOSTILE.flatMap((h) => h.raw ?? []);
const HONEST = 'הבקשה נדחתה';

describe('a refusal from the server is printed escaped, once', () => {
  let server: Server;
  let env: Record<string, string>;
  let message = '';

  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'conflict\u001b[2K\u202e', message } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    env = {
      XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'gatehouse-person-')),
      GATEHOUSE_CONFIG: '/nonexistent/gatehouse.yaml',
      GATEHOUSE_SERVER: `http://127.0.0.1:${port}`,
      GATEHOUSE_API_KEY: generateApiKey(),
    };
  });
  after(() => server.close());

  const COMMANDS = [
    ['approvals', 'list'],
    ['approvals', 'approve', '0b6c9a8e-0000-4000-8000-000000000000', '--reason', 'ok'],
    ['principals', 'suspend', 'agent-1', '--reason', 'test'],
    ['principals', 'list'],
    ['sessions', 'list'],
    ['console', 'link'],
  ];

  for (const args of COMMANDS) {
    it(`gatehouse ${args.join(' ')} prints a hostile refusal escaped`, async () => {
      message = HOSTILE.map((h) => h.text).join(' ');
      const r = await runCli(args, env);
      assert.notEqual(r.code, 0);
      assert.equal(unsafe(r.stdout + r.stderr, RAW), undefined);
      assert.match(r.stderr, /real\\u001b\[2Kfake/);
    });

    it(`gatehouse ${args.join(' ')} prints an honest refusal in Hebrew as it is`, async () => {
      message = HONEST;
      const r = await runCli(args, env);
      assert.notEqual(r.code, 0);
      assert.ok(r.stderr.includes('הבקשה') && r.stderr.includes('נדחתה'), r.stderr);
      assert.ok(!r.stderr.includes('\\u200e'), `escaped twice: ${r.stderr}`);
    });
  }
});
