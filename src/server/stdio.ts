// stdio: one connection, one session, the configured principal. stdout carries only MCP messages.
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createMcpServer, listTools } from './mcp.ts';
import type { Runtime } from './runtime.ts';

export function serveOverStdio(runtime: Runtime): { close(): Promise<void> } {
  const tools = listTools(runtime);
  let session: ReturnType<Runtime['sessions']['resolve']>['session'] | undefined;
  const handle = serveStdio(
    () =>
      createMcpServer(runtime, tools, {
        principal: () => runtime.principals.stdio,
        session: (client) => {
          if (session) return { session, opened: false };
          session = runtime.sessions.resolve(`stdio:${process.pid}`, 'stdio', client).session;
          return { session, opened: true };
        },
      }),
    { onerror: (error) => runtime.logger.warn({ err: { message: error.message } }, 'stdio transport error') },
  );
  return handle;
}
