// The confirm stage: a call the policy marks `confirm` runs only when the person at the client says
// yes to this exact call, asked through the client. The question quotes what the call does (the
// parser's summary) rendered as plain text, so agent text cannot hide, reorder or forge lines of the
// question, and the answer applies to this call alone. The client's dialog wraps at a width
// gatehouse cannot know, so the question is wrapped here, narrower than a dialog: every row then
// starts with gatehouse's own text (a label, the gutter, or the mark that a row continues).
//
// Two ways to ask, by protocol generation:
// - now: within the call (an elicitation request on a 2025-era connection); the answer is recorded
//   as call.confirmed of this call.
// - in rounds (2026-07-28, input_required): this round records call.confirmation_asked with the
//   call's action hash and ends refused as `confirmation_requested` (the server layer turns that into
//   the question); the client retries the same call with the answer and the asking call's id. The
//   answer counts only for the same principal and action, within ASK_VALID_MS, and once: it is
//   recorded as call.confirmed of the asking call, appended only if that call has none yet.
import { actionHash } from '../approval/model.ts';
import type { AuditEvent } from '../audit/events.ts';
import type { Recorder } from '../audit/recorder.ts';
import { limit, moreNote } from '../render/characters.ts';
import { fitToScreen } from '../render/screen.ts';
import { TerminalText } from '../render/terminal.ts';
import type { EvaluatedCall } from './evaluate.ts';
import type { CallContext } from './pipeline.ts';
import { pass, refuse, type StageResult } from './refusal.ts';

/** How the person answered: yes, no, dismissed, or nothing in time. */
export type ConfirmAnswer = 'accept' | 'decline' | 'cancel' | 'timeout';

/** How this client can be asked; absent when it cannot (no elicitation). */
export type Asking =
  /** Asks now; undefined when the client turned the request away. */
  | { mode: 'now'; ask: (message: string) => Promise<ConfirmAnswer | undefined> }
  /**
   * Asks by ending the round; `reply` is the answer a retry carries, with the id of the call that
   * asked, and `asked` reads that call's record of the question.
   */
  | { mode: 'rounds'; reply?: { askedIn: string; answer: ConfirmAnswer }; asked: (callId: string) => Promise<AuditEvent | undefined> };

/** How long a question asked in an earlier round can be answered. */
export const ASK_VALID_MS = 10 * 60_000;
const MAX_SUMMARY = 4000;
/** The widest row of a question: a dialog narrower than this would be too narrow to read code in. */
const QUESTION_COLUMNS = 72;

export function confirmationMessage(call: EvaluatedCall, ctx: CallContext): string {
  const text = new TerminalText();
  const who = ctx.principal ? text.line(ctx.principal.name || ctx.principal.id, 120) : 'an unidentified caller';
  const summary = limit(call.classification.summary, MAX_SUMMARY);
  const where = call.target.name ? ` on ${text.line(call.target.name, 120)}` : '';
  const lines = [
    `${who} (via ${text.line(ctx.session.client, 120)}) asks to run ${text.line(call.tool.spec.name, 120)}${where}:`,
    ...text.block(summary.text ? summary.text + (summary.more ? moreNote(summary.more) : '') : '(no summary)', { code: true }),
    `Policy: ${text.line(call.decision.reason, 500)}`,
  ];
  const warning = text.warning();
  if (warning) lines.push(warning);
  lines.push('Run this call? Your answer applies to this call only.');
  return fitToScreen(lines.join('\n'), QUESTION_COLUMNS);
}

export async function confirmGate(record: Recorder, call: EvaluatedCall, ctx: CallContext, callId: string): Promise<StageResult<void>> {
  const principal = ctx.principal;
  if (!principal) return refuse('unauthenticated', 'no identity: this call has no principal');
  const { decision } = call;
  const asking = ctx.confirm;
  if (!asking) {
    return refuse('confirmation_unavailable', `${decision.reason} This call needs the confirmation of the person at the client, and this client cannot ask (it did not declare elicitation); the call was not run.`, { rules: decision.rules });
  }
  const hash = actionHash(call.tool.spec.name, call.target.name, call.args, principal.id);
  const confirmed = (askedIn: string, answer: ConfirmAnswer, extra: Record<string, unknown> = {}) => ({
    type: 'call.confirmed' as const,
    session: ctx.session.id,
    callId: askedIn,
    principal: principal.id,
    tool: call.tool.spec.name,
    target: call.target.name,
    data: { accepted: answer === 'accept', answer, actionHash: hash, ...extra },
  });

  let answer: ConfirmAnswer | undefined;
  if (asking.mode === 'now') {
    answer = await asking.ask(confirmationMessage(call, ctx)).catch((): undefined => undefined);
    if (answer === undefined) return refuse('confirmation_unavailable', `${decision.reason} The client could not ask for a confirmation, so the call was not run.`, { rules: decision.rules });
    await record([confirmed(callId, answer)]);
  } else {
    const asked = asking.reply && (await asking.asked(asking.reply.askedIn));
    const reply = asked && asked.principal === principal.id && asked.data.actionHash === hash && Date.now() - Date.parse(asked.time) <= ASK_VALID_MS ? asking.reply : undefined;
    // A reply to a question of another call, an old one or one already answered asks anew.
    const recorded = reply ? await record([confirmed(reply.askedIn, reply.answer, { answeredIn: callId })], { unlessRecorded: { callId: reply.askedIn, type: 'call.confirmed' } }) : [];
    if (!reply || recorded.length === 0) {
      const question = confirmationMessage(call, ctx);
      await record([{ type: 'call.confirmation_asked', session: ctx.session.id, callId, principal: principal.id, tool: call.tool.spec.name, target: call.target.name, data: { actionHash: hash } }]);
      return refuse('confirmation_requested', `${decision.reason} The person at the client is asked to confirm this call.`, { rules: decision.rules, details: { question, askedIn: callId } });
    }
    answer = reply.answer;
  }
  if (answer === 'accept') return pass(undefined);
  const why = answer === 'timeout' ? 'no answer came in time' : answer === 'cancel' ? 'the question was dismissed' : 'the person said no';
  return refuse('confirmation_declined', `The call was not confirmed at the client (${why}), so it was not run.`, { rules: decision.rules });
}
