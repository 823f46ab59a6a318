// The MCP surface: one low-level Server per connection (stdio) or request (HTTP), so no state is
// shared between clients. tools/list is built once; tools/call goes through the pipeline, which
// validates arguments itself so that even a malformed call is recorded.
import { Server } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Principal } from '../identity/principal.ts';
import type { Session } from '../pipeline/session.ts';
import type { Runtime } from './runtime.ts';

export const SERVER_VERSION = '0.1.0';

interface ListedTool {
  name: string;
  title: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
  annotations: Record<string, unknown>;
}

export function listTools(runtime: Runtime): ListedTool[] {
  return [...runtime.registry.tools.values()].map(({ spec }) => ({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: z.toJSONSchema(spec.input, { io: 'input' }) as ListedTool['inputSchema'],
    annotations: { title: spec.title, ...spec.hints },
  }));
}

/** Where the call's principal and session come from: fixed for stdio, per request for HTTP. */
export interface CallerSource {
  principal(): Principal | undefined;
  session(client: string): { session: Session; opened: boolean };
}

export function createMcpServer(runtime: Runtime, tools: ListedTool[], caller: CallerSource): Server {
  const server = new Server({ name: runtime.config.parsed.server.name, version: SERVER_VERSION }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({ tools }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { session, opened } = caller.session(clientName(server, ctx.mcpReq.envelope));
    const result = await runtime.pipeline(request.params.name, request.params.arguments ?? {}, {
      principal: caller.principal(),
      session,
      sessionOpened: opened,
      signal: ctx.mcpReq.signal,
    });
    return result;
  });
  return server;
}

function clientName(server: Server, envelope: Record<string, unknown> | undefined): string {
  const fromEnvelope = envelope?.['io.modelcontextprotocol/clientInfo'] as { name?: string; version?: string } | undefined;
  const info = fromEnvelope ?? server.getClientVersion();
  return info?.name ? `${info.name}${info.version ? `/${info.version}` : ''}`.slice(0, 120) : 'unknown';
}
