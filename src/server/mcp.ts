// The MCP surface: one low-level Server per connection (stdio) or request (HTTP), so no state is
// shared between clients. tools/list comes from the running tool list (a reload changes it); every
// tools/call, approval_status included, goes through the pipeline, which validates arguments itself
// so that even a malformed call is recorded.
import { Server, type Implementation } from '@modelcontextprotocol/server';
import type { Principal } from '../identity/principal.ts';
import { refuse } from '../pipeline/refusal.ts';
import type { CallerRecord } from '../pipeline/pipeline.ts';
import type { Session } from '../pipeline/session.ts';
import { callProtocol } from './call-protocol.ts';
import { readCallerMeta, type CallerMeta, type CallerSources } from './caller-meta.ts';
import type { Runtime } from './runtime.ts';
import { TASKS_CAPABILITY, TASKS_EXTENSION, withTaskSupport } from './tasks.ts';
import type { ToolList } from './tool-list.ts';

export const SERVER_VERSION = '0.1.0';

/** Where the call's principal and session come from: fixed for stdio, per request for HTTP. */
export interface CallerSource {
  principal(): Principal | undefined;
  session(client: string): { session: Session; opened: boolean };
  /** Drops the current session (ended by an operator), so the next call opens a new one. */
  forgetSession(): void;
  /** HTTP: what names a client whose request does not (see legacy-clients.ts). */
  hints?: { initialized?: Implementation | undefined; userAgent?: string | undefined; protocolVersion?: string | undefined };
}

export function createMcpServer(runtime: Runtime, tools: ToolList, caller: CallerSource): Server {
  const server = new Server({ name: runtime.config.parsed.server.name, version: SERVER_VERSION }, {
    // listChanged: a reload that changes what a principal sees says so.
    capabilities: { tools: { listChanged: true }, tasks: TASKS_CAPABILITY, extensions: { [TASKS_EXTENSION]: {} } },
    // The list is the principal's own (visibility by policy): only the requesting client may keep it.
    cacheHints: { 'tools/list': { ttlMs: 0, cacheScope: 'private' } },
  });
  /** Who the client is, from the request, the connection's initialize, or the hints. */
  const sources = (envelope: Record<string, unknown> | undefined): CallerSources => ({
    envelope,
    initialized: server.getClientVersion() ?? caller.hints?.initialized,
    userAgent: caller.hints?.userAgent,
  });
  runtime.tasks.register(server, caller, (envelope) => readCallerMeta(sources(envelope)).client);
  server.setRequestHandler('tools/list', () => {
    const principal = caller.principal();
    if (!principal) return { tools: [] };
    return { tools: withTaskSupport(server, tools.visibleTo(principal)) };
  });
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const principal = caller.principal();
    const meta = readCallerMeta({
      ...sources(ctx.mcpReq.envelope as Record<string, unknown> | undefined),
      meta: request.params._meta,
      negotiatedVersion: server.getNegotiatedProtocolVersion() ?? caller.hints?.protocolVersion,
    });
    const { session, opened } = caller.session(meta.client);
    const token = request.params._meta?.progressToken;
    const protocol = callProtocol(runtime, server, ctx, request.params);
    let step = 0;
    const progress =
      token === undefined ? undefined : (message: string) => void ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: ++step, message } }).catch(() => undefined);
    // A suspended principal's or ended session's call goes no further than the pipeline's door, where
    // it is recorded and refused. An ended session is told so once; its client's next call starts anew.
    const stopped = runtime.killSwitch.refusal(principal?.id ?? '', session.id);
    if (stopped?.code === 'session_ended') caller.forgetSession();
    // Taken right before the try that gives it back. A call over the limit still goes through the
    // pipeline, which records it and refuses it at once.
    const release = stopped ? undefined : runtime.limiter.acquire(principal?.id ?? '');
    const max = runtime.config.parsed.server.http.maxConcurrentCalls;
    const turnedAway = stopped ?? (release ? undefined : refuse('too_many_calls', `${principal?.id ?? 'this principal'} already has ${max} calls in flight (the limit); wait for one to finish`).refusal);
    // Tracked from the same tick as the check above, so no stop can fall between the two.
    const tracked = runtime.killSwitch.track(principal?.id ?? '', session.id);
    try {
      const result = await runtime.pipeline(request.params.name, request.params.arguments ?? {}, {
        principal,
        session,
        sessionOpened: opened,
        caller: callerRecord(meta),
        signal: AbortSignal.any([ctx.mcpReq.signal, tracked.signal]),
        ...(progress ? { progress } : {}),
        ...protocol.context,
        ...(turnedAway ? { turnedAway } : {}),
      });
      return await protocol.answer(result);
    } finally {
      tracked.done();
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
