// The MCP surface: one low-level Server per connection (stdio) or request (HTTP), so no state is
// shared between clients. tools/list is built once; every tools/call, approval_status included, goes
// through the pipeline, which validates arguments itself so that even a malformed call is recorded.
import { Server } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Principal } from '../identity/principal.ts';
import { toolCouldRun } from '../policy/visibility.ts';
import { APPROVAL_STATUS_TOOL } from '../approval/status.ts';
import { refuse } from '../pipeline/refusal.ts';
import type { Session } from '../pipeline/session.ts';
import type { Target } from '../pipeline/toolpack.ts';
import { callProtocol } from './call-protocol.ts';
import type { Runtime } from './runtime.ts';
import { TASKS_CAPABILITY, TASKS_EXTENSION, withTaskSupport } from './tasks.ts';

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
  /** Drops the current session (ended by an operator), so the next call opens a new one. */
  forgetSession(): void;
}

export function createMcpServer(runtime: Runtime, tools: ListedTool[], caller: CallerSource): Server {
  const server = new Server({ name: runtime.config.parsed.server.name, version: SERVER_VERSION }, { capabilities: { tools: {}, tasks: TASKS_CAPABILITY, extensions: { [TASKS_EXTENSION]: {} } } });
  runtime.tasks.register(server, caller, (envelope) => clientName(server, envelope));
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
    return { tools: withTaskSupport(server, [...visible, APPROVAL_STATUS_TOOL]) };
  });
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const principal = caller.principal();
    const { session, opened } = caller.session(clientName(server, ctx.mcpReq.envelope));
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

function clientName(server: Server, envelope: Record<string, unknown> | undefined): string {
  const fromEnvelope = envelope?.['io.modelcontextprotocol/clientInfo'] as { name?: string; version?: string } | undefined;
  const info = fromEnvelope ?? server.getClientVersion();
  return info?.name ? `${info.name}${info.version ? `/${info.version}` : ''}`.slice(0, 120) : 'unknown';
}
