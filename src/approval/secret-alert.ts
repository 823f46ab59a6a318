// The operator's alarm when a call carried a configured secret (pipeline/secret-arguments.ts): sent to
// the approval notification targets, in their format, naming who sent it, through which tool, and the
// config path of each secret to rotate. Never the value: the secrets are named by path only. Also
// logged; sent in the background with the same retries as approval notifications; a failure is logged.
import type { Logger } from 'pino';
import { slackInline } from '../render/slack.ts';
import type { Webhook } from './notify.ts';

export interface SecretAlert {
  principal: string;
  session: string;
  callId: string;
  tool: string;
  /** Config paths of the secrets the arguments held, e.g. connections.shop.password. */
  secrets: string[];
  at: string;
}

const BACKOFF_MS = [0, 1000, 4000];
const TIMEOUT_MS = 5000;
/** Agent text (principal and tool names) is cut to this in a chat message. */
const NAME_ROOM = 200;

export function secretAlertMessage(alert: SecretAlert, format: Webhook['format']): Record<string, unknown> {
  const message = `A call carried configured secret values (${alert.secrets.join(', ')}); it was refused and not run. Rotate ${alert.secrets.length > 1 ? 'these secrets' : 'this secret'}: the agent may know it.`;
  if (format === 'json') return { type: 'gatehouse.security.secret_in_arguments', ...alert, message };
  const name = (value: string) => slackInline(value, NAME_ROOM).text;
  const text = `Security alert: ${name(alert.principal)} sent a configured secret to ${name(alert.tool)}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*\n${message}`, verbatim: true } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `session ${alert.session} · call ${alert.callId} · ${alert.at}`, verbatim: true }] },
    ],
  };
}

export function createSecretAlerter(webhooks: readonly Webhook[], logger: Logger, fetchImpl: typeof fetch = fetch): (alert: SecretAlert) => void {
  return (alert) => {
    // The log line reaches the operator even where no webhook is configured.
    logger.warn({ principal: alert.principal, callId: alert.callId, tool: alert.tool, secrets: alert.secrets }, 'a call carried a configured secret: refused; rotate it');
    webhooks.forEach((hook, index) => void deliver(hook, index, alert));
  };

  async function deliver(hook: Webhook, index: number, alert: SecretAlert): Promise<void> {
    const body = JSON.stringify(secretAlertMessage(alert, hook.format));
    let last = '';
    for (const delay of BACKOFF_MS) {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      try {
        const response = await fetchImpl(hook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (response.ok) return;
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed';
      }
    }
    logger.error({ callId: alert.callId, webhook: index, error: last, secrets: alert.secrets }, 'security alert could not be delivered: a call carried a configured secret');
  }
}
