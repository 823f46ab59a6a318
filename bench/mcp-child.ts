// Starts an MCP server script as a child process (gatehouse's CLI or the bare server) and connects
// the SDK's client to it over stdio or Streamable HTTP. Over HTTP the child is started on a free
// loopback port and found by the "MCP endpoint <url>" line both servers print on stderr.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { ROOT } from '../test/fixtures/gatehouse.ts';

export type Transport = 'stdio' | 'http';

export interface McpChild {
  client: Client;
  /** The server process, over HTTP (over stdio the SDK's client owns it). */
  pid?: number;
  stop(): Promise<void>;
}

// The SDK's stdio client refuses messages over 10 MB by default; a 100,000-row result is larger.
const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;
const START_TIMEOUT_MS = 30_000;
const KEPT_STDERR = 4000;

/** The last few KB a child wrote on stderr, for the error when it fails to start. */
function stderrTail(stream: Readable | null): () => string {
  let tail = '';
  stream?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-KEPT_STDERR)));
  return () => tail;
}

/** `node` is the child's node arguments (script and its arguments); `--stdio` or `--http 127.0.0.1:0` is appended. */
export async function startMcpChild(node: string[], transport: Transport): Promise<McpChild> {
  const client = new Client({ name: 'gatehouse-bench', version: '1.0.0' });
  if (transport === 'stdio') {
    const stdio = new StdioClientTransport({ command: process.execPath, args: [...node, '--stdio'], cwd: ROOT, stderr: 'pipe', maxBufferSize: MAX_MESSAGE_BYTES });
    const stderr = stderrTail(stdio.stderr as Readable | null);
    await client.connect(stdio).catch((error: Error) => {
      throw new Error(`${node.join(' ')} did not start: ${error.message}\n${stderr()}`);
    });
    return { client, stop: () => client.close() };
  }

  const child = spawn(process.execPath, [...node, '--http', '127.0.0.1:0'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = stderrTail(child.stderr);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    await client.close().catch(() => undefined);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await waitFor(() => /MCP endpoint (http:\S+)/.exec(stderr())?.[1], exited);
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  } catch (error) {
    await stop();
    throw new Error(`${node.join(' ')} did not start: ${(error as Error).message}\n${stderr()}`);
  }
  return { client, ...(child.pid !== undefined ? { pid: child.pid } : {}), stop };
}

async function waitFor(found: () => string | undefined, exited: Promise<void>): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    const value = found();
    if (value) return value;
    if (gone) throw new Error('the process exited');
    if (Date.now() > deadline) throw new Error(`no endpoint after ${START_TIMEOUT_MS / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
