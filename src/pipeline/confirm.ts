// The confirm stage: a call the policy marks `confirm` runs only when the person at the client says
// yes to this exact call, asked through the client (elicitation). The question quotes what the call
// does (the parser's summary) rendered as plain text, so agent text cannot hide, reorder or forge
// lines of the question; the answer is recorded (call.confirmed) with the call's action hash, and
// applies to this call alone: a retry asks again.
import { actionHash } from '../approval/model.ts';
import type { Recorder } from '../audit/recorder.ts';
import { limit, moreNote } from '../render/characters.ts';
import { TerminalText } from '../render/terminal.ts';
import type { EvaluatedCall } from './evaluate.ts';
import type { CallContext } from './pipeline.ts';
import { pass, refuse, type StageResult } from './refusal.ts';

/** How the person answered: yes, no, dismissed, or nothing in time. */
export type ConfirmAnswer = 'accept' | 'decline' | 'cancel' | 'timeout';

/** Asks the person at the client; undefined when this client cannot ask (no elicitation). */
export type AskPerson = (message: string) => Promise<ConfirmAnswer | undefined>;

const MAX_SUMMARY = 4000;

export function confirmationMessage(call: EvaluatedCall, ctx: CallContext): string {
  const text = new TerminalText();
  const who = ctx.principal ? text.line(ctx.principal.name || ctx.principal.id, 120) : 'an unidentified caller';
  const summary = limit(call.classification.summary, MAX_SUMMARY);
  const where = call.target.name ? ` on ${text.line(call.target.name, 120)}` : '';
  const lines = [
    `${who} (via ${text.line(ctx.session.client, 120)}) asks to run ${text.line(call.tool.spec.name, 120)}${where}:`,
    ...text.block(summary.text ? summary.text + (summary.more ? moreNote(summary.more) : '') : '(no summary)'),
    `Policy: ${text.line(call.decision.reason, 500)}`,
  ];
  const warning = text.warning();
  if (warning) lines.push(warning);
  lines.push('Run this call? Your answer applies to this call only.');
  return lines.join('\n');
}

export async function confirmGate(record: Recorder, call: EvaluatedCall, ctx: CallContext, callId: string): Promise<StageResult<void>> {
  const principal = ctx.principal;
  if (!principal) return refuse('unauthenticated', 'no identity: this call has no principal');
  const { decision } = call;
  if (!ctx.confirm) {
    return refuse('confirmation_unavailable', `${decision.reason} This call needs the confirmation of the person at the client, and this client cannot ask (it did not declare elicitation); the call was not run.`, { rules: decision.rules });
  }
  const answer = await ctx.confirm(confirmationMessage(call, ctx)).catch((): undefined => undefined);
  if (answer === undefined) {
    return refuse('confirmation_unavailable', `${decision.reason} The client could not ask for a confirmation, so the call was not run.`, { rules: decision.rules });
  }
  const accepted = answer === 'accept';
  const hash = actionHash(call.tool.spec.name, call.target.name, call.args, principal.id);
  await record([{ type: 'call.confirmed', session: ctx.session.id, callId, principal: principal.id, tool: call.tool.spec.name, target: call.target.name, data: { accepted, answer, actionHash: hash } }]);
  if (accepted) return pass(undefined);
  const why = answer === 'timeout' ? 'no answer came in time' : answer === 'cancel' ? 'the question was dismissed' : 'the person said no';
  return refuse('confirmation_declined', `The call was not confirmed at the client (${why}), so it was not run.`, { rules: decision.rules });
}
