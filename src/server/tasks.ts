// Held calls as tasks, in both generations of the protocol: the tasks of 2025-11-25 (a task-augmented
// tools/call, tasks/get, tasks/result, tasks/list, tasks/cancel) and the io.modelcontextprotocol/tasks
// extension of 2026-07-28 (a tools/call answered with resultType "task", tasks/get with the result
// inline, tasks/update, tasks/cancel). A task is its approval request: the task id is the request id
// and every state is read from the store, so any replica answers for any task. Only the principal who
// made the call sees its task (anyone else's reads as missing). Once approved, the replica asked about
// the task runs the call through the pipeline bound to that request: it runs only by claiming the
// request, so exactly once across replicas, and its outcome is the audit record of that run.
import { MissingRequiredClientCapabilityError, ProtocolError, ProtocolErrorCode, type CallToolResult, type Server } from '@modelcontextprotocol/server';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { z } from 'zod';
import { cancelRequest } from '../approval/cancel.ts';
import type { ApprovalRequest } from '../approval/model.ts';
import type { Approvals } from '../approval/service.ts';
import type { AuditEvent } from '../audit/events.ts';
import type { Recorder } from '../audit/recorder.ts';
import type { Principal } from '../identity/principal.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import { refuse, type Refusal } from '../pipeline/refusal.ts';
import { renderRefusal, type AgentResult } from '../pipeline/render.ts';
import { scrubValue, type Scrubber } from '../pipeline/scrub.ts';
import type { Store } from '../store/store.ts';
import { speaksModern } from './era.ts';
import type { CallerSource } from './mcp.ts';

export const TASKS_CAPABILITY = { list: {}, cancel: {}, requests: { tools: { call: {} } } };
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
const RELATED_TASK = 'io.modelcontextprotocol/related-task';
const POLL_MS = 1000;
/** Refused runs remembered per replica (oldest forgotten first); a forgotten one is simply run again. */
const MAX_REFUSED_RUNS = 1000;

type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

export interface Task {
  [key: string]: unknown;
  taskId: string;
  status: TaskStatus;
  statusMessage: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttl: number | null;
  pollInterval: number;
}

interface TaskState {
  task: Task;
  /** What tasks/result returns once the task has ended. */
  payload?: AgentResult;
}

/** Whether this request's client takes tasks on 2026-07-28: it lists the extension among its capabilities. */
export function declaresTasks(server: Server): boolean {
  return server.getClientCapabilities()?.extensions?.[TASKS_EXTENSION] !== undefined;
}

/** 2026-07-28: the extension's methods are refused (-32021) to a client that did not declare it. */
function requireExtension(server: Server): void {
  if (speaksModern(server) && !declaresTasks(server)) {
    throw new MissingRequiredClientCapabilityError({ requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } }, `declare the ${TASKS_EXTENSION} extension in the request's client capabilities to use tasks`);
  }
}

/** Tools as listed: 2025-11-25 clients send a task only to a tool that says it takes one; 2026-07-28 has no such field. */
export function withTaskSupport<T extends object>(server: Server, tools: T[]): Array<T & { execution?: { taskSupport: 'optional' } }> {
  return speaksModern(server) ? tools : tools.map((t) => ({ ...t, execution: { taskSupport: 'optional' as const } }));
}

const TaskIdParams = z.object({ taskId: z.string().min(1).max(200) }).loose();
const ListParams = z.object({ cursor: z.string().max(200).optional() }).loose();

export interface TaskDeps {
  store: Store;
  approvals: Approvals;
  pipeline: Pipeline;
  record: Recorder;
  scrub: Scrubber;
  logger: Logger;
  consoleUrl?: string;
}

/** Who asks about a task, to run its call as them once it is approved. */
interface Asker {
  principal: Principal;
  caller: CallerSource;
  client: string;
}

export interface TaskBook {
  /**
   * The answer to a task-taking tools/call: a call held for review answers with its task; on
   * 2025-11-25 any other call answers with a task that has already ended (found by the call's id),
   * as that revision expects a task for every task-augmented request; on 2026-07-28 it answers as usual.
   */
  answer(result: AgentResult, callId: string, modern: boolean): Promise<CallToolResult | undefined>;
  /** Adds tasks/get, tasks/result, tasks/list, tasks/update and tasks/cancel to one MCP server. */
  register(server: Server, caller: CallerSource, clientOf: (envelope: Record<string, unknown> | undefined) => string): void;
}

export function createTaskBook(deps: TaskDeps): TaskBook {
  const consoleUrl = deps.consoleUrl?.replace(/\/$/, '');
  /** Runs this replica started, by request id, so one poller starts one run. */
  const running = new Map<string, Promise<void>>();
  /** Runs that ended refused before claiming their request (the policy now denies): their answer. */
  const refusedRuns = new Map<string, AgentResult>();

  const task = (a: ApprovalRequest, status: TaskStatus, statusMessage: string): Task => ({
    taskId: a.id,
    status,
    statusMessage,
    createdAt: a.createdAt,
    lastUpdatedAt: a.executedAt ?? a.decidedAt ?? a.decisions.at(-1)?.at ?? a.createdAt,
    ttl: Math.max(0, Date.parse(a.expiresAt) - Date.parse(a.createdAt)),
    pollInterval: POLL_MS,
  });

  function pendingMessage(a: ApprovalRequest): string {
    const who = a.approverGroups.length ? a.approverGroups.join(' or ') : 'an approver';
    const link = consoleUrl ? `; decide at ${consoleUrl}/approvals/${a.id}` : '';
    const got = a.decisions.filter((d) => d.decision === 'approve').length;
    const quorum = a.requiredApprovals > 1 ? ` (${got} of ${a.requiredApprovals} approvals)` : '';
    return `Held for approval by ${who}${quorum}: approval id ${a.id}, expires ${a.expiresAt}${link}.`;
  }

  /** How a call ended, from its audit record: its result, or its refusal (code and answer); undefined while it runs. */
  function ending(events: readonly AuditEvent[]): { refused?: string; payload: AgentResult } | undefined {
    const result = events.find((e) => e.type === 'call.result');
    if (result) return { payload: result.data.result as AgentResult };
    const error = events.find((e) => e.type === 'call.error');
    if (!error) return undefined;
    const refusal: Refusal = { code: String(error.data.code), message: String(error.data.message), rules: (error.data.rules as Refusal['rules']) ?? [] };
    return { refused: refusal.code, payload: scrubValue(renderRefusal(refusal), deps.scrub) };
  }

  /** The outcome of the call that ran under the request. */
  async function outcome(a: ApprovalRequest): Promise<TaskState | undefined> {
    if (!a.executedCallId) return undefined;
    const end = ending(await deps.store.events({ callId: a.executedCallId }));
    if (!end) return undefined;
    if (!end.refused) return { task: task(a, 'completed', `Approved and run (approval id ${a.id}).`), payload: end.payload };
    return { task: task(a, 'failed', `Approved, but the call was refused when it ran (${end.refused}).`), payload: end.payload };
  }

  /** A call answered at once to a task-taking client (2025-11-25): its task is its audit record. */
  async function callTask(callId: string, principal: Principal): Promise<TaskState | undefined> {
    const events = await deps.store.events({ callId });
    const requested = events.find((e) => e.type === 'call.requested');
    const end = ending(events);
    if (!requested || requested.principal !== principal.id || !end) return undefined;
    const at = events.at(-1)?.time ?? requested.time;
    const t: Task = { taskId: callId, status: end.refused ? 'failed' : 'completed', statusMessage: end.refused ? `The call was refused (${end.refused}).` : 'The call ran.', createdAt: requested.time, lastUpdatedAt: at, ttl: null, pollInterval: POLL_MS };
    return { task: t, payload: end.payload };
  }

  /** The task's state; with an asker, an approved call is started on this replica. */
  async function state(a: ApprovalRequest, asker?: Asker): Promise<TaskState> {
    switch (a.state) {
      case 'pending':
        if (Date.parse(a.expiresAt) <= Date.now()) return ended(a, 'failed', refuse('approval_expired', `The approval request ${a.id} expired without a decision.`).refusal);
        return { task: task(a, 'working', pendingMessage(a)) };
      case 'approved': {
        // An approval is spent within the request's life, as a retried call finds it only until then.
        if (Date.parse(a.expiresAt) <= Date.now()) return ended(a, 'failed', refuse('approval_expired', `The approval ${a.id} expired before the call ran; call again to ask anew.`).refusal);
        const refused = refusedRuns.get(a.id);
        if (refused) return { task: task(a, 'failed', 'Approved, but the call was refused when it ran.'), payload: refused };
        if (asker) runApproved(a, asker);
        return { task: task(a, 'working', `Approved (approval id ${a.id}); the call is running.`) };
      }
      case 'executed':
        return (await outcome(a)) ?? { task: task(a, 'working', `Approved (approval id ${a.id}); the call is running.`) };
      case 'denied': {
        const reason = a.decisions.find((d) => d.decision === 'deny')?.reason ?? 'denied';
        return ended(a, 'failed', refuse('approval_denied', `An approver denied this call: ${reason}`).refusal);
      }
      case 'expired':
        return ended(a, 'failed', refuse('approval_expired', `The approval request ${a.id} expired without a decision.`).refusal);
      case 'cancelled':
        return ended(a, 'cancelled', refuse('approval_cancelled', `The approval request ${a.id} was cancelled (by the requester, or by an operator who suspended the requester); the call was not run.`).refusal);
    }
  }

  function ended(a: ApprovalRequest, status: TaskStatus, refusal: Refusal): TaskState {
    return { task: task(a, status, refusal.message), payload: scrubValue(renderRefusal(refusal), deps.scrub) };
  }

  function runApproved(a: ApprovalRequest, { principal, caller, client }: Asker): void {
    if (running.has(a.id)) return;
    const { session, opened } = caller.session(client);
    // Not tied to the poll that started it: the run ends on its own, and its record is the answer.
    const run = deps
      .pipeline(a.tool, a.args, { principal, session, sessionOpened: opened, signal: new AbortController().signal, approvalId: a.id })
      .then(async (result) => {
        const now = await deps.store.getApproval(a.id);
        if (now?.state !== 'approved' || !result.isError) return;
        refusedRuns.set(a.id, result);
        if (refusedRuns.size > MAX_REFUSED_RUNS) refusedRuns.delete(refusedRuns.keys().next().value as string);
      })
      .catch((error: unknown) => deps.logger.error({ err: { message: (error as Error).message }, approvalId: a.id }, 'running an approved task failed'))
      .finally(() => running.delete(a.id));
    running.set(a.id, run);
  }

  const missing = (id: string) => new ProtocolError(ProtocolErrorCode.InvalidParams, `no task ${id} that you can see`);

  /** The held call's request behind a task id, if it is one of this principal's. */
  async function ownRequest(id: string, principal: Principal | undefined): Promise<ApprovalRequest | undefined> {
    const a = principal ? await deps.approvals.get(id).catch(() => undefined) : undefined;
    return a && a.requester.principal.id === principal?.id ? a : undefined;
  }

  /** A task of this principal's: a held call's (by approval id) or a call answered at once (by call id). */
  async function found(id: string, principal: Principal | undefined, asker?: Asker): Promise<{ state: TaskState; request?: ApprovalRequest }> {
    const request = await ownRequest(id, principal);
    if (request) return { state: await state(request, asker), request };
    const answered = principal ? await callTask(id, principal).catch(() => undefined) : undefined;
    // Someone else's task reads as missing, so ids cannot be probed.
    if (!answered) throw missing(id);
    return { state: answered };
  }

  /**
   * A task as the 2026-07-28 extension shows it: the result inline once it has ended. A refusal is a
   * tool result with isError there (`failed` is kept for JSON-RPC errors), so it completes the task.
   */
  function modern({ task: t, payload }: TaskState): Record<string, unknown> {
    const { ttl, pollInterval, ...rest } = t;
    const status = t.status === 'failed' ? 'completed' : t.status;
    return { ...rest, status, ttlMs: ttl, pollIntervalMs: pollInterval, ...(status === 'completed' && payload ? { result: payload } : {}) };
  }

  return {
    async answer(result, callId, modernClient) {
      const error = result.structuredContent.error as { code?: string; approvalId?: string } | undefined;
      const a = error?.code === 'approval_pending' && error.approvalId ? await deps.approvals.get(error.approvalId) : undefined;
      if (!a) {
        if (modernClient) return undefined;
        const at = new Date().toISOString();
        const ended: Task = { taskId: callId, status: result.isError ? 'failed' : 'completed', statusMessage: result.isError ? 'The call was refused.' : 'The call ran.', createdAt: at, lastUpdatedAt: at, ttl: null, pollInterval: POLL_MS };
        return { ...result, task: ended };
      }
      const held: TaskState = { task: task(a, 'working', pendingMessage(a)) };
      // The SDK gives every tools/call result a content list; an empty one says nothing beside the task.
      if (modernClient) return { resultType: 'task', ...modern(held), content: [] };
      // 2025-11-25: the task, and the text for clients that read only the content.
      return { content: [{ type: 'text', text: `${held.task.statusMessage} Task ${a.id}: follow it with tasks/get and tasks/result.` }], structuredContent: { task: held.task }, task: held.task };
    },

    register(server, caller, clientOf) {
      const asker = (envelope: Record<string, unknown> | undefined): Asker | undefined => {
        const principal = caller.principal();
        return principal ? { principal, caller, client: clientOf(envelope) } : undefined;
      };

      server.setRequestHandler('tasks/get', { params: TaskIdParams }, async ({ taskId }, ctx) => {
        requireExtension(server);
        const { state: s } = await found(taskId, caller.principal(), asker(ctx.mcpReq.envelope));
        return speaksModern(server) ? modern(s) : s.task;
      });

      // 2026-07-28: answers to a task's input requests. A held call asks nothing of the client, so
      // there is never an outstanding request; responses are ignored, as the extension says.
      server.setRequestHandler('tasks/update', { params: TaskIdParams }, async ({ taskId }) => {
        requireExtension(server);
        await found(taskId, caller.principal());
        return {};
      });

      // While it waits, each state it finds that differs from the last one goes to the client as
      // notifications/tasks/status on this request's stream (2025-11-25: the one channel a stateless
      // HTTP client has; the 2026 extension has no tasks/result, and its pushes ride subscriptions/listen).
      server.setRequestHandler('tasks/result', { params: TaskIdParams }, async ({ taskId }, ctx) => {
        let told = '';
        for (;;) {
          const { state: s } = await found(taskId, caller.principal(), asker(ctx.mcpReq.envelope));
          const now = `${s.task.status}\n${s.task.statusMessage}`;
          if (now !== told) {
            told = now;
            await ctx.mcpReq.notify({ method: 'notifications/tasks/status', params: { ...s.task, _meta: { [RELATED_TASK]: { taskId } } } }).catch(() => undefined);
          }
          if (s.payload) return { ...s.payload, _meta: { [RELATED_TASK]: { taskId } } };
          await sleep(POLL_MS, undefined, { signal: ctx.mcpReq.signal }).catch(() => undefined);
          if (ctx.mcpReq.signal.aborted) throw new ProtocolError(ProtocolErrorCode.InternalError, 'the request was cancelled');
        }
      });

      server.setRequestHandler('tasks/list', { params: ListParams }, async () => {
        const principal = caller.principal();
        if (!principal) return { tasks: [] };
        const mine = (await deps.store.listApprovals({ limit: 100 })).filter((a) => a.requester.principal.id === principal.id);
        const tasks = await Promise.all(mine.map(async (a) => (await state(a)).task));
        return { tasks };
      });

      server.setRequestHandler('tasks/cancel', { params: TaskIdParams }, async ({ taskId }) => {
        requireExtension(server);
        const { request } = await found(taskId, caller.principal());
        const cancelled = request ? await cancelRequest(deps.store, deps.record, taskId, request.requester.principal) : undefined;
        // 2026-07-28: cancelling is a request the server acknowledges; a task already decided goes on.
        if (speaksModern(server)) return {};
        if (!cancelled?.ok) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `task ${taskId} has already ended or been decided${cancelled ? `: ${cancelled.message}` : ''}`);
        return (await state(cancelled.approval)).task;
      });
    },
  };
}
