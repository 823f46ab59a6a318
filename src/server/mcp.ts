// The MCP surface: one low-level Server per connection (stdio) or request (HTTP), so no state is
// shared between clients. tools/list is built once; every tools/call, approval_status included, goes
// through the pipeline, which validates arguments itself so that even a malformed call is recorded.
import { Server } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Principal } from '../identity/principal.ts';
import { toolCouldRun } from '../policy/visibility.ts';
import { APPROVAL_STATUS_TOOL } from '../approval/status.ts';
import { refuse } from '../pipeline/refusal.ts';
import type { CallerRecord } from '../pipeline/pipeline.ts';
import type { Session } from '../pipeline/session.ts';
import type { Target } from '../pipeline/toolpack.ts';
import { readCallerMeta, type CallerMeta } from './caller-meta.ts';
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

function targetList(argument: string, targets: readonly Target[]): string {
  return `Values for "${argument}": ${targets.map((t) => (t.description ? `${t.name} (${t.description})` : t.name)).join(', ')}.`;
}

/** Where the call's principal and session come from: fixed for stdio, per request for HTTP. */
export interface CallerSource {
  principal(): Principal | undefined;
  session(client: string): { session: Session; opened: boolean };
}

export function createMcpServer(runtime: Runtime, tools: ListedTool[], caller: CallerSource): Server {
  const server = new Server({ name: runtime.config.parsed.server.name, version: SERVER_VERSION }, {
    capabilities: { tools: {} },
    // The list is the principal's own (visibility by policy): only the requesting client may keep it.
    cacheHints: { 'tools/list': { ttlMs: 0, cacheScope: 'private' } },
  });
  server.setRequestHandler('tools/list', () => {
    const principal = caller.principal();
    if (!principal) return { tools: [] };
    const visible = tools.flatMap((t) => {
      const registered = runtime.registry.tools.get(t.name);
      if (!registered) return [];
      const { targetArg } = registered.spec;
      if (!targetArg) return toolCouldRun(runtime.policy, t.name, principal, [{ name: '', type: registered.pack.type, labels: {} }]) ? [t] : [];
      // Each target the principal could use, so an agent knows what to pass without a failed call first.
      const usable = runtime.registry.targetsOfType(registered.pack.type).filter((target) => toolCouldRun(runtime.policy, t.name, principal, [target]));
      return usable.length > 0 ? [{ ...t, description: `${t.description}\n\n${targetList(targetArg, usable)}` }] : [];
    });
    return { tools: [...visible, APPROVAL_STATUS_TOOL] };
  });
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const principal = caller.principal();
    const meta = readCallerMeta({
      envelope: ctx.mcpReq.envelope as Record<string, unknown> | undefined,
      meta: request.params._meta,
      initialized: server.getClientVersion(),
      negotiatedVersion: server.getNegotiatedProtocolVersion(),
    });
    const { session, opened } = caller.session(meta.client);
    const token = request.params._meta?.progressToken;
    let step = 0;
    const progress =
      token === undefined ? undefined : (message: string) => void ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: ++step, message } }).catch(() => undefined);
    // Taken right before the try that gives it back. A call over the limit still goes through the
    // pipeline, which records it and refuses it at once.
    const release = runtime.limiter.acquire(principal?.id ?? '');
    const max = runtime.config.parsed.server.http.maxConcurrentCalls;
    const turnedAway = release ? undefined : refuse('too_many_calls', `${principal?.id ?? 'this principal'} already has ${max} calls in flight (the limit); wait for one to finish`).refusal;
    try {
      return await runtime.pipeline(request.params.name, request.params.arguments ?? {}, {
        principal,
        session,
        sessionOpened: opened,
        caller: callerRecord(meta),
        signal: ctx.mcpReq.signal,
        ...(progress ? { progress } : {}),
        ...(turnedAway ? { turnedAway } : {}),
      });
    } finally {
      release?.();
    }
  });
  return server;
}

/** What the audit keeps of the caller beyond the session's client name: only what is there. */
function callerRecord(meta: CallerMeta): CallerRecord {
  return {
    ...(meta.protocolVersion ? { protocolVersion: meta.protocolVersion } : {}),
    ...(meta.traceId ? { traceId: meta.traceId, traceparent: meta.traceparent } : {}),
    ...(meta.clientEscaped ? { clientEscaped: true as const } : {}),
    ...(meta.problems.length > 0 ? { problems: meta.problems } : {}),
  };
}
