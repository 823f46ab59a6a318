// What the CLI prints when the server refuses: the code and message of a refusal come from the
// server's answer (a hostile or broken server, or a message quoting agent text), so they are printed
// through the terminal renderer exactly once, whichever command meets them: escaped, never raw, and
// never escaped twice (an honest message in Hebrew reads as Hebrew, not as \u200e escapes). What
// the server says of the audit chain (`audit verify --server`) is its text too, and printed so.
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
  let check: Record<string, unknown> = {};

  before(async () => {
    server = createServer((req, res) => {
      if (req.url?.endsWith('/audit/verify')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ check }));
      }
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

  it('gatehouse audit verify prints what the server says of the chain escaped', async () => {
    const everything = HOSTILE.map((h) => h.text).join(' ');
    check = { ok: false, seq: 7, count: '\u001b[2K5', problem: everything };
    const broken = await runCli(['audit', 'verify'], env);
    assert.equal(broken.code, 1);
    assert.equal(unsafe(broken.stdout + broken.stderr, RAW), undefined);
    assert.match(broken.stderr, /^audit chain BROKEN at event 7: real\\u001b\[2Kfake/);
    check = { ok: true, count: 3, lastSeq: 3, lastHash: `\u202e${'a'.repeat(64)}`, pruned: { throughSeq: 1, time: everything } };
    const ok = await runCli(['audit', 'verify'], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(unsafe(ok.stdout + ok.stderr, RAW), undefined);
  });
});
