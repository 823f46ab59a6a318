// gatehouse demo: the quick start. An embedded demo PostgreSQL with a small shop, the shipped
// policies, and the MCP endpoint over Streamable HTTP on loopback. The approver decides through the
// server as themselves, like everywhere else: in the console (one-time sign-in link) or with the CLI
// and an API key of kind human made afresh at every start, whose file only the user can read.
import { resolve } from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { loadConfigFile } from '../config/load.ts';
import { generateApiKey, hashApiKey } from '../identity/api-keys.ts';
import { packageFile } from '../config/package-root.ts';
import { startDemoDatabase } from '../demo/database.ts';
import { packs } from '../../tools/index.ts';
import { serveOverHttp } from '../server/http.ts';
import { startRuntime } from '../server/runtime.ts';

export async function demo(options: { port?: string; data?: string }): Promise<void> {
  const db = await startDemoDatabase();
  const dataDir = resolve(options.data ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  // The demo's config is written out so the other commands (approvals, audit) can use it too.
  const configFile = resolve(dataDir, 'gatehouse-demo.yaml');
  const approver = { id: 'demo-approver', groups: ['dba', 'approvers'], kind: 'human' as const };
  const key = generateApiKey();
  const keyFile = resolve(dataDir, 'demo-approver.key');
  // A fresh file each start (never one left in place), readable by the user only.
  rmSync(keyFile, { force: true });
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
  writeFileSync(
    configFile,
    `# Written by gatehouse demo; valid while the demo runs (the database port changes every start).\n${stringify({
      server: { name: 'gatehouse-demo' },
      identity: { http: { id: 'demo-agent', groups: ['demo'], kind: 'agent' }, cli: approver, apiKeys: [{ ...approver, sha256: hashApiKey(key) }] },
      store: { sqlite: 'demo-audit.db' },
      connections: { shop: { type: 'postgres', url: db.url, labels: { env: 'demo' }, poolSize: 4 } },
      approvals: { wait: '30s' },
    })}`,
  );
  const loaded = loadConfigFile(configFile, packs);
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const runtime = await startRuntime(loaded.config, packs);
  const http = await serveOverHttp(runtime, `127.0.0.1:${options.port ?? '7070'}`);
  console.log(connectInstructions(http.url, runtime.storePath, configFile, keyFile));
  const link = http.consoleSignInLink();
  if (link) console.log(`Approver console (sign-in link, one use, valid 10 minutes):\n  ${link}\n`);
  const stop = async () => {
    await http.close();
    await runtime.close();
    await db.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/**
 * This installation's own command, for the lines the demo prints: `npx gatehouse` outside a clone
 * would fetch an unrelated package of that name.
 */
const selfCommand = (): string => `node ${shellWord(packageFile('bin', 'gatehouse.js'))}`;

const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

export function connectInstructions(url: string, auditFile: string, configFile: string, keyFile: string): string {
  const self = selfCommand();
  const config = shellWord(configFile);
  const asApprover = `--server ${new URL(url).origin} --api-key-file ${shellWord(keyFile)}`;
  const json = JSON.stringify({ mcpServers: { gatehouse: { type: 'http', url } } }, null, 2);
  return [
    '',
    'gatehouse demo is running.',
    '',
    `  MCP endpoint (Streamable HTTP): ${url}`,
    '  Connection:                    shop (PostgreSQL with customers and orders; personal data is masked)',
    `  Audit store:                   ${auditFile}`,
    '',
    'Connect a client:',
    '',
    '  Claude Code:',
    `    claude mcp add --transport http gatehouse ${url}`,
    '',
    '  Claude Desktop / Cursor (mcp.json):',
    ...json.split('\n').map((l) => `    ${l}`),
    '',
    '  MCP Inspector (version 2, Node.js 22.19 or newer):',
    `    npx -y @modelcontextprotocol/inspector@2 --transport http --server-url ${url}`,
    '',
    'Try: "list the customers in shop", "drop the orders table", "set order 2 to paid".',
    'Writes wait up to 30 s for a person. Decide them in the console (sign-in link below), or from',
    'another terminal, through this server as the demo approver (its API key is in the file):',
    `  ${self} approvals list ${asApprover}`,
    `  ${self} approvals approve ID ${asApprover}`,
    `Verify the audit chain: ${self} audit verify --config ${config}`,
    'Stop with Ctrl-C.',
    '',
  ].join('\n');
}
