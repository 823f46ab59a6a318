// Asks the person at the client to confirm one call, through the client, with an elicitation form of
// a single yes/no field: on a 2025-era connection as an elicitation request sent within the
// tools/call; on the 2026-07-28 protocol as an input_required answer whose retry carries the reply
// and, as its request state, the id of the call that asked. Only a client that declared form
// elicitation is asked; any other cannot be, and the call is refused.
import { inputRequired, inputResponse, SdkError, SdkErrorCode, type InputRequiredResult, type Server, type ServerContext } from '@modelcontextprotocol/server';
import type { AuditEvent } from '../audit/events.ts';
import type { Asking, ConfirmAnswer } from '../pipeline/confirm.ts';
import type { AgentResult } from '../pipeline/render.ts';
import { speaksModern } from './era.ts';

/** How long the person has to answer an elicitation request before the call is refused as unconfirmed. */
const ANSWER_MS = 5 * 60_000;
/** The key of the question among a round's input requests. */
const QUESTION = 'gatehouse_confirm';
const CALL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const REQUESTED_SCHEMA = {
  type: 'object' as const,
  properties: { run: { type: 'boolean' as const, title: 'Run this call', description: 'Yes runs exactly the call described above, once.', default: false } },
  required: ['run'],
};

export function askThroughClient(server: Server, ctx: ServerContext, asked: (callId: string) => Promise<AuditEvent | undefined>): Asking | undefined {
  const elicitation = server.getClientCapabilities()?.elicitation;
  // A bare `elicitation: {}` is form support (the capability before modes were named).
  if (!elicitation || (elicitation.form === undefined && elicitation.url !== undefined)) return undefined;
  if (speaksModern(server)) {
    const reply = replyOf(ctx);
    return { mode: 'rounds', asked, ...(reply ? { reply } : {}) };
  }
  return {
    mode: 'now',
    async ask(message) {
      let answer;
      try {
        answer = await ctx.mcpReq.elicitInput({ mode: 'form', message, requestedSchema: REQUESTED_SCHEMA }, { timeout: ANSWER_MS, signal: ctx.mcpReq.signal });
      } catch (error) {
        // A client that never answered in time is a "no"; one that cannot take the request cannot ask.
        return error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout ? 'timeout' : undefined;
      }
      return answerOf(answer.action, answer.content?.run);
    },
  };
}

/** The reply a retried 2026-07-28 call carries: the answer, and the asking call's id (its request state). */
function replyOf(ctx: ServerContext): { askedIn: string; answer: ConfirmAnswer } | undefined {
  const askedIn = ctx.mcpReq.requestState<unknown>();
  const response = inputResponse(ctx.mcpReq.inputResponses, QUESTION);
  if (typeof askedIn !== 'string' || !CALL_ID.test(askedIn) || response.kind !== 'elicit') return undefined;
  return { askedIn, answer: answerOf(response.action, response.content?.run) };
}

function answerOf(action: 'accept' | 'decline' | 'cancel', run: unknown): ConfirmAnswer {
  if (action !== 'accept') return action;
  return run === true ? 'accept' : 'decline';
}

/** The question a call refused as `confirmation_requested` asks, as this round's answer (2026-07-28). */
export function questionRound(result: AgentResult): InputRequiredResult | undefined {
  const error = result.structuredContent.error as { code?: string; question?: string; askedIn?: string } | undefined;
  if (error?.code !== 'confirmation_requested' || !error.question || !error.askedIn) return undefined;
  return inputRequired({ inputRequests: { [QUESTION]: inputRequired.elicit({ mode: 'form', message: error.question, requestedSchema: REQUESTED_SCHEMA }) }, requestState: error.askedIn });
}
