// stdio: one connection, one session, the configured principal. stdout carries only MCP messages.
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { Server } from '@modelcontextprotocol/server';
import { createMcpServer } from './mcp.ts';
import type { Runtime } from './runtime.ts';

/** `onClosed` runs once the connection is over: stdin ended, or the transport gave up on it. */
export function serveOverStdio(runtime: Runtime, onClosed: () => void): { close(): Promise<void>; toolsChanged(): void } {
  const key = `stdio:${process.pid}`;
  let server: Server | undefined;
  let session: ReturnType<Runtime['sessions']['resolve']>['session'] | undefined;
  const wire = new StdioServerTransport();
  const handle = serveStdio(
    () =>
      (server = createMcpServer(runtime, runtime.tools, {
        principal: () => runtime.principals.stdio,
        session: (client) => {
          if (session) return { session, opened: false };
          session = runtime.sessions.resolve(key, 'stdio', client).session;
          return { session, opened: true };
        },
        forgetSession: () => {
          session = undefined;
          runtime.sessions.forget(key);
        },
      })),
    { transport: wire, onerror: (error) => runtime.logger.warn({ err: { message: error.message } }, 'stdio transport error') },
  );
  // The transport closes itself on a message over its read buffer (10 MB) and stops reading stdin
  // without answering; if the process lived on, the agent would wait forever on a silent server.
  const closeEntry = wire.onclose;
  wire.onclose = () => {
    closeEntry?.();
    onClosed();
  };
  return { close: () => handle.close(), toolsChanged: () => void server?.sendToolListChanged().catch(() => undefined) };
}
