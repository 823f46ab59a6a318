// Webhook notifications for new approval requests: generic JSON (data, for the receiver to render)
// or Slack's message format (rendered here, through render/slack.ts), with a link to the request in
// the console. Sent in the background with retries and backoff; every outcome is recorded, and a
// failed notification never changes the request.
import type { Logger } from 'pino';
import type { ApprovalRequest } from './model.ts';
import type { Recorder } from '../audit/recorder.ts';
import { cutAtSpace, kindsIn, scanBlock, scanLine, type Hidden } from '../render/characters.ts';
import { slackInline, slackText, slackWarning } from '../render/slack.ts';
import { terminalJson } from '../render/terminal.ts';
import { describeImpact } from './impact.ts';
import { factSentences } from './fact-sentences.ts';

export interface Webhook {
  url: string;
  format: 'json' | 'slack';
}

const BACKOFF_MS = [0, 1000, 4000];
/** A chat line's room for the summary: masked whole first, then cut, so a value is never split before masking. */
const SUMMARY_ROOM = 200;
const TIMEOUT_MS = 5000;

/** `redact` masks personal data in what leaves for a chat channel (the call summary, and the call in Slack). */
export function createNotifier(webhooks: readonly Webhook[], consoleUrl: string | undefined, record: Recorder, logger: Logger, redact: (text: string) => string, fetchImpl: typeof fetch = fetch) {
  return (request: ApprovalRequest): void => {
    const impact = request.impact?.changes ? { impact: { ...request.impact, changes: request.impact.changes.map(redact) } } : {};
    const shown = { ...request, summary: cutAtSpace(redact(request.summary), SUMMARY_ROOM), ...impact };
    webhooks.forEach((hook, index) => void deliver(hook, index, shown));
  };

  async function deliver(hook: Webhook, index: number, request: ApprovalRequest): Promise<void> {
    const link = consoleUrl ? `${consoleUrl.replace(/\/$/, '')}/approvals/${request.id}` : undefined;
    // The same data, with no raw hidden character on the wire for a receiver that logs the body.
    const body = terminalJson(hook.format === 'slack' ? slackMessage(request, link, redact) : jsonMessage(request, link, redact));
    let last = '';
    for (const [attempt, delay] of BACKOFF_MS.entries()) {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      try {
        const response = await fetchImpl(hook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (response.ok) {
          await record([notifyEvent('approval.notified', request, { webhook: index, attempts: attempt + 1 })]).catch(() => undefined);
          return;
        }
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed';
      }
    }
    logger.warn({ approvalId: request.id, webhook: index, error: last }, 'approval notification failed');
    await record([notifyEvent('approval.notify_failed', request, { webhook: index, attempts: BACKOFF_MS.length, error: last })]).catch(() => undefined);
  }
}

function notifyEvent(type: 'approval.notified' | 'approval.notify_failed', r: ApprovalRequest, data: Record<string, unknown>) {
  return { type, session: r.requester.session, principal: r.requester.principal.id, tool: r.tool, target: r.target, data: { approvalId: r.id, ...data } };
}

/**
 * Data for the receiver to render: agent text as it is (JSON carries any character), with the kinds
 * of hidden characters each text field holds named under `hidden` (the summary's also as
 * `summaryHidden`), so a receiver that shows a field knows to escape it.
 */
function jsonMessage(r: ApprovalRequest, link: string | undefined, redact: (text: string) => string) {
  const text = {
    tool: r.tool,
    target: r.target,
    summary: r.summary,
    facts: factSentences(r.facts).map(redact),
    reason: r.reason,
    ...(r.impact ? { impact: describeImpact(r.impact) } : {}),
    requester: r.requester.principal.id,
  };
  const hidden = hiddenByField(text);
  return {
    type: 'gatehouse.approval.requested',
    id: r.id,
    ...text,
    ...(hidden.summary ? { summaryHidden: hidden.summary } : {}),
    ...(Object.keys(hidden).length > 0 ? { hidden } : {}),
    rules: r.rules.map((x) => x.id),
    approverGroups: r.approverGroups,
    expiresAt: r.expiresAt,
    ...(link ? { url: link } : {}),
  };
}

/**
 * The hidden kinds in each field that holds any; the summary is code, so look-alike punctuation counts
 * there. `blanks` names a run of blanks the other media show as a count (`[40 spaces]`): two or more
 * in a line of text, wider than a block's alignment or more than two blank lines in the summary, so
 * a receiver that shows the field as it is knows that padding could push a word out of view.
 */
function hiddenByField(fields: Record<string, string | readonly string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(fields)) {
    const kinds = new Set<Hidden>();
    let blanks = false;
    const code = name === 'summary';
    for (const line of typeof value === 'string' ? [value] : value) {
      const pieces = scanLine(line, { code });
      kindsIn(pieces, kinds);
      // A line of text counts its blanks as scanned; the summary is a block, whose alignment is no padding.
      blanks ||= (code ? scanBlock(line, { code }).flat() : pieces).some((piece) => 'gap' in piece);
    }
    if (kinds.size > 0 || blanks) out[name] = [...kinds, ...(blanks ? ['blanks'] : [])];
  }
  return out;
}

/** Slack refuses a section whose text is longer than 3000 characters; the call gets most of it. */
const SLACK_CALL_ROOM = 2800;
const SLACK_LINE_ROOM = 400;

/**
 * The parser's view (the summary, then its facts in sentences) first, then the full call, every
 * argument masked; all agent text is code (slackInline in a sentence, slackText in a ``` block), so
 * nothing in it mentions, links, formats or hides, and a cut says so.
 */
function slackMessage(r: ApprovalRequest, link: string | undefined, redact: (text: string) => string) {
  const line = (value: unknown) => slackInline(value, SLACK_LINE_ROOM);
  const heading = `Approval needed: ${line(r.requester.principal.id).text} wants to run ${line(r.tool).text} on ${line(r.target).text}`;
  const summary = slackInline(r.summary, SLACK_LINE_ROOM, { code: true });
  const call = slackText(callText(r.args, redact), { room: SLACK_CALL_ROOM, code: true });
  const facts = slackText(factSentences(r.facts).map(redact).join('\n'), { room: SLACK_CALL_ROOM });
  const reason = line(r.reason);
  const impact = line(r.impact ? describeImpact(r.impact) : '');
  const warning = slackWarning(new Set([...summary.hidden, ...call.hidden, ...facts.hidden, ...reason.hidden, ...impact.hidden]));
  const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
  return {
    text: heading,
    blocks: [
      { type: 'section', text: mrkdwn(`*${heading}*\n${summary.text}\n${reason.text}${impact.text ? `\nImpact: ${impact.text}` : ''}`) },
      ...(facts.text ? [{ type: 'section', text: mrkdwn(`*What the parser saw*\n\`\`\`${facts.text}\`\`\``) }] : []),
      { type: 'section', text: mrkdwn(`*Call*\n\`\`\`${call.text}\`\`\``) },
      ...(warning ? [{ type: 'context', elements: [mrkdwn(warning)] }] : []),
      { type: 'context', elements: [mrkdwn(`Rules: ${line(r.rules.map((x) => x.id).join(', ')).text} · expires ${line(r.expiresAt).text} · id ${line(r.id).text}`)] },
      ...(link ? [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Review in gatehouse' }, url: link }] }] : []),
    ],
  };
}

/** The call's arguments one per line, text values whole (a statement keeps its lines) and masked. */
function callText(args: Record<string, unknown>, redact: (text: string) => string): string {
  return Object.entries(args)
    .map(([key, value]) => {
      const text = redact(typeof value === 'string' ? value : JSON.stringify(value));
      return text.includes('\n') ? `${key}:\n${text}` : `${key}: ${text}`;
    })
    .join('\n');
}
