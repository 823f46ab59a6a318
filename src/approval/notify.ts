// Webhook notifications for new approval requests: generic JSON or Slack's message format, with a
// link to the request in the console. Sent in the background with retries and backoff; every
// outcome is recorded, and a failed notification never changes the request.
import type { Logger } from 'pino';
import type { ApprovalRequest } from './model.ts';
import type { Recorder } from '../audit/recorder.ts';

export interface Webhook {
  url: string;
  format: 'json' | 'slack';
}

const BACKOFF_MS = [0, 1000, 4000];
const TIMEOUT_MS = 5000;

/** `redact` masks personal data in what leaves for a chat channel (the call summary). */
export function createNotifier(webhooks: readonly Webhook[], consoleUrl: string | undefined, record: Recorder, logger: Logger, redact: (text: string) => string, fetchImpl: typeof fetch = fetch) {
  return (request: ApprovalRequest): void => {
    const shown = { ...request, summary: redact(request.summary) };
    webhooks.forEach((hook, index) => void deliver(hook, index, shown));
  };

  async function deliver(hook: Webhook, index: number, request: ApprovalRequest): Promise<void> {
    const link = consoleUrl ? `${consoleUrl.replace(/\/$/, '')}/approvals/${request.id}` : undefined;
    const body = JSON.stringify(hook.format === 'slack' ? slackMessage(request, link) : jsonMessage(request, link));
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

function jsonMessage(r: ApprovalRequest, link: string | undefined) {
  return {
    type: 'gatehouse.approval.requested',
    id: r.id,
    tool: r.tool,
    target: r.target,
    summary: r.summary,
    reason: r.reason,
    rules: r.rules.map((x) => x.id),
    requester: r.requester.principal.id,
    approverGroups: r.approverGroups,
    expiresAt: r.expiresAt,
    ...(link ? { url: link } : {}),
  };
}

function slackMessage(r: ApprovalRequest, link: string | undefined) {
  const text = `Approval needed: ${r.requester.principal.id} wants to run ${r.tool} on ${r.target}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*\n\`\`\`${r.summary.replace(/`/g, "'")}\`\`\`\n${r.reason}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Rules: ${r.rules.map((x) => x.id).join(', ')} · expires ${r.expiresAt} · id ${r.id}` }] },
      ...(link ? [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Review in gatehouse' }, url: link }] }] : []),
    ],
  };
}
