// The operator's alarm when a call carried a configured secret (pipeline/secret-arguments.ts), or
// when its result held one: sent to the approval notification targets, in their format, naming who
// made the call, through which tool, and the config path of each secret to rotate where it is known.
// Never the value: the secrets are named by path only. Also logged; sent in the background with the
// same retries as approval notifications; a failure is logged.
import type { Logger } from 'pino';
import { slackInline } from '../render/slack.ts';
import { terminalJson } from '../render/terminal.ts';
import type { Webhook } from './notify.ts';

export interface SecretAlert {
  /** secret_in_arguments: refused before it ran; secret_in_result: ran, and the secret was redacted from what came back. */
  event: 'secret_in_arguments' | 'secret_in_result';
  principal: string;
  session: string;
  callId: string;
  tool: string;
  /** Config paths of the secrets the arguments held, e.g. connections.shop.password; a result's are not told apart (empty). */
  secrets: string[];
  /** The target the call ran against, for a result. */
  target?: string;
  at: string;
}

const BACKOFF_MS = [0, 1000, 4000];
const TIMEOUT_MS = 5000;
/** Agent text (principal and tool names) is cut to this in a chat message. */
const NAME_ROOM = 200;

/** What happened and what to do, in one sentence pair. */
function alertSentences(alert: SecretAlert): string {
  if (alert.event === 'secret_in_arguments') {
    return `A call carried configured secret values (${alert.secrets.join(', ')}); it was refused and not run. Rotate ${alert.secrets.length > 1 ? 'these secrets' : 'this secret'}: the agent may know it.`;
  }
  // A result holds a secret when the agent read it somewhere or built it from a guess: either way
  // the redaction told the agent it had one.
  return 'A result held a configured secret value; it was redacted before the agent saw it, but the redaction confirms the value to an agent that built it from a guess. Look at the call, and rotate the credentials it could reach.';
}

export function secretAlertMessage(alert: SecretAlert, format: Webhook['format']): Record<string, unknown> {
  const message = alertSentences(alert);
  if (format === 'json') return { type: `gatehouse.security.${alert.event}`, ...alert, message };
  const name = (value: string) => slackInline(value, NAME_ROOM).text;
  const verb = alert.event === 'secret_in_arguments' ? 'sent a configured secret to' : 'got a configured secret back from';
  const text = `Security alert: ${name(alert.principal)} ${verb} ${name(alert.tool)}${alert.target ? ` on ${name(alert.target)}` : ''}`;
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
    const line = alert.event === 'secret_in_arguments' ? 'a call carried a configured secret: refused; rotate it' : "a call's result held a configured secret: redacted; look at the call";
    logger.warn({ principal: alert.principal, callId: alert.callId, tool: alert.tool, secrets: alert.secrets }, line);
    webhooks.forEach((hook, index) => void deliver(hook, index, alert));
  };

  async function deliver(hook: Webhook, index: number, alert: SecretAlert): Promise<void> {
    const body = terminalJson(secretAlertMessage(alert, hook.format));
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
    logger.error({ callId: alert.callId, webhook: index, error: last, secrets: alert.secrets, event: alert.event }, 'security alert could not be delivered');
  }
}
