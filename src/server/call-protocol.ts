// What a tools/call brings beyond its arguments, by protocol generation, and how its answer goes
// back: whether the client takes a task (a task-augmented call on 2025-11-25, the tasks extension
// among the request's capabilities on 2026-07-28), how the person at the client can be asked to
// confirm, and whether the pipeline's answer goes back as a question round, a task, or as it is.
import { randomUUID } from 'node:crypto';
import type { CallToolResult, InputRequiredResult, Server, ServerContext } from '@modelcontextprotocol/server';
import type { CallContext } from '../pipeline/pipeline.ts';
import type { AgentResult } from '../pipeline/render.ts';
import { askThroughClient, questionRound } from './ask-client.ts';
import { speaksModern } from './era.ts';
import type { Runtime } from './runtime.ts';
import { declaresTasks } from './tasks.ts';

export interface CallProtocol {
  /** The pipeline context this request adds. */
  context: Pick<CallContext, 'confirm' | 'task' | 'callId'>;
  answer(result: AgentResult): Promise<CallToolResult | InputRequiredResult>;
}

export function callProtocol(runtime: Runtime, server: Server, ctx: ServerContext, params: { task?: unknown }): CallProtocol {
  const modern = speaksModern(server);
  const takesTask = modern ? declaresTasks(server) : params.task !== undefined;
  const callId = takesTask ? randomUUID() : undefined;
  const confirm = askThroughClient(server, ctx, async (asking) => (await runtime.store.events({ callId: asking })).find((e) => e.type === 'call.confirmation_asked'));
  return {
    context: { ...(confirm ? { confirm } : {}), ...(callId ? { task: true, callId } : {}) },
    answer: async (result) => questionRound(result) ?? (callId ? await runtime.tasks.answer(result, callId, modern) : undefined) ?? result,
  };
}
