// Asks the person at the client to confirm one call, through the client: an elicitation form with a
// single yes/no field, sent as part of the tools/call it is about. Only a client that declared the
// elicitation capability is asked; any other answers "cannot ask", and the call is refused.
import { SdkError, SdkErrorCode, type Server, type ServerContext } from '@modelcontextprotocol/server';
import type { AskPerson } from '../pipeline/confirm.ts';

/** How long the person has to answer before the call is refused as unconfirmed. */
const ANSWER_MS = 5 * 60_000;

const REQUESTED_SCHEMA = {
  type: 'object' as const,
  properties: { run: { type: 'boolean' as const, title: 'Run this call', description: 'Yes runs exactly the call described above, once.', default: false } },
  required: ['run'],
};

export function askThroughClient(server: Server, ctx: ServerContext): AskPerson | undefined {
  const elicitation = server.getClientCapabilities()?.elicitation;
  // A bare `elicitation: {}` is form support (the capability before modes were named).
  if (!elicitation || (elicitation.form === undefined && elicitation.url !== undefined)) return undefined;
  return async (message) => {
    let answer;
    try {
      answer = await ctx.mcpReq.elicitInput({ mode: 'form', message, requestedSchema: REQUESTED_SCHEMA }, { timeout: ANSWER_MS, signal: ctx.mcpReq.signal });
    } catch (error) {
      // A client that never answered within the time is a "no"; one that cannot take the request cannot ask.
      return error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout ? 'timeout' : undefined;
    }
    if (answer.action !== 'accept') return answer.action;
    return answer.content?.run === true ? 'accept' : 'decline';
  };
}
