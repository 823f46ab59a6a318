// A real gatehouse for console tests, in this process: the config goes through the real loader,
// the runtime and the HTTP transport are the ones `gatehouse serve --http` runs, and the console
// is mounted by serveOverHttp itself. Logs are captured so tests can look for leaked tokens, and
// with the agents' MCP messages and the audit store written for the canary scan (test/canary).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { buildConfig } from '../../src/config/load.ts';
import { captureFile, startCapture } from '../canary/capture.ts';
import { captureReceived } from '../canary/gatehouse-capture.ts';
import { serveOverHttp, type HttpHandle } from '../../src/server/http.ts';
import { startRuntime, type Runtime } from '../../src/server/runtime.ts';
import { packs } from '../../tools/index.ts';

export interface ConsoleServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  runtime: Runtime;
  http: HttpHandle;
  dir: string;
  storeFile: string;
  logs(): string;
  /** An MCP client connected as the configured HTTP principal (the agent). */
  agent(): Promise<Client>;
  stop(): Promise<void>;
}

export async function startConsoleServer(config: Record<string, unknown>): Promise<ConsoleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-console-'));
  const storeFile = join(dir, 'audit.db');
  const loaded = buildConfig({ store: { sqlite: storeFile }, log: { level: 'info' }, ...config }, dir, packs);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  let logs = '';
  const output = startCapture('console-server-logs');
  const received = startCapture('mcp-received');
  const logSink = {
    write(line: string) {
      logs += line;
      output.append(line);
    },
  };
  const runtime = await startRuntime(loaded.config, packs, { logSink });
  let http: HttpHandle;
  try {
    http = await serveOverHttp(runtime, '127.0.0.1:0');
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const clients: Client[] = [];
  return {
    origin: new URL(http.url).origin,
    runtime,
    http,
    dir,
    storeFile,
    logs: () => logs,
    async agent() {
      const client = new Client({ name: 'console-test-agent', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(http.url));
      await client.connect(transport);
      captureReceived(transport, received);
      clients.push(client);
      return client;
    },
    async stop() {
      for (const c of clients) await c.close().catch(() => undefined);
      await http.close();
      await runtime.close();
      output.save();
      received.save();
      captureFile('audit-store', storeFile);
    },
  };
}

export interface CallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: Array<{ text?: string }>;
}

/** Runs SQL through gatehouse as the agent; with a short approvals.wait a write comes back pending. */
export async function agentSql(client: Client, sql: string): Promise<CallResult> {
  return (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as CallResult;
}

export function approvalIdOf(result: CallResult): string {
  const error = (result.structuredContent?.error ?? {}) as { code?: string; approvalId?: string };
  if (error.code !== 'approval_pending' || !error.approvalId) throw new Error(`expected a pending approval, got ${JSON.stringify(result)}`);
  return error.approvalId;
}
