// The operator's alarm when a call carried a configured secret, in-process against a real loopback
// receiver: the message names who, through which tool, and the config path of each secret, never
// a value; chat markup in agent names is shown, not acted on; the warning is logged even with no
// webhook; a receiver that fails is retried, and one that keeps failing is logged by its place.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Logger } from 'pino';
import { createSecretAlerter, secretAlertMessage, type SecretAlert } from '../../src/approval/secret-alert.ts';
import { unsafe } from '../render/hostile.ts';

const alert: SecretAlert = { event: 'secret_in_arguments', principal: 'agent-1', session: 's-1', callId: 'c-1', tool: 'postgres_query', secrets: ['connections.shop.password'], at: '2026-12-05T00:00:00.000Z' };
const MESSAGE_ONE = 'A call carried configured secret values (connections.shop.password); it was refused and not run. Rotate this secret: the agent may know it.';

let failuresLeft = 0;
const bodies: string[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    if (failuresLeft-- > 0) return void res.writeHead(503).end();
    bodies.push(body);
    res.writeHead(204).end();
  });
});
let url = '';
before(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
after(() => receiver.close());

function logger() {
  const logs: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const log = (level: string) => (obj: Record<string, unknown>, msg: string) => void logs.push({ level, obj, msg });
  return { logs, logger: { warn: log('warn'), error: log('error') } as unknown as Logger };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe('secret alert', () => {
  it('as JSON: the alert itself and one sentence naming the secret to rotate', () => {
    assert.deepEqual(secretAlertMessage(alert, 'json'), { type: 'gatehouse.security.secret_in_arguments', ...alert, message: MESSAGE_ONE });
    const two = secretAlertMessage({ ...alert, secrets: ['connections.shop.password', 'connections.web.token'] }, 'json');
    assert.equal(two.message, 'A call carried configured secret values (connections.shop.password, connections.web.token); it was refused and not run. Rotate these secrets: the agent may know it.');
  });

  it('for a result that held a secret: its own type, the target, and what to do', () => {
    const result: SecretAlert = { ...alert, event: 'secret_in_result', secrets: [], target: 'shop' };
    const json = secretAlertMessage(result, 'json');
    assert.equal(json.type, 'gatehouse.security.secret_in_result');
    assert.equal(json.target, 'shop');
    assert.match(String(json.message), /^A result held a configured secret value; it was redacted before the agent saw it, .* rotate the credentials it could reach\.$/);
    assert.equal(secretAlertMessage(result, 'slack').text, 'Security alert: `agent-1` got a configured secret back from `postgres_query` on `shop`');
  });

  it('for chat: a headline, the sentence, and where it happened; agent names cannot ping, link or format', () => {
    assert.deepEqual(secretAlertMessage(alert, 'slack'), {
      text: 'Security alert: `agent-1` sent a configured secret to `postgres_query`',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*Security alert: \`agent-1\` sent a configured secret to \`postgres_query\`*\n${MESSAGE_ONE}`, verbatim: true } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'session s-1 · call c-1 · 2026-12-05T00:00:00.000Z', verbatim: true }] },
      ],
    });
    const hostile = secretAlertMessage({ ...alert, principal: '<!channel> *boss*', tool: `<https://evil.example|x>${'y'.repeat(300)}` }, 'slack');
    assert.ok(!String(hostile.text).includes('<!channel>'), 'a mention in an agent name is not sent as one');
    assert.ok(!String(hostile.text).includes('<https://evil.example'), 'a link in an agent name is not sent as one');
    assert.ok(String(hostile.text).length < 500, 'a long agent name is cut');
    assert.match(String(hostile.text), /^Security alert: `&lt;!channel&gt; \*boss\*` sent/, 'an agent name is inline code: mrkdwn does not format it');
  });

  it('logs a warning and posts to every webhook, retrying a receiver that failed', async () => {
    bodies.length = 0;
    failuresLeft = 1;
    const { logs, logger: log } = logger();
    createSecretAlerter([{ url, format: 'json' }], log)(alert);
    assert.deepEqual(logs, [{ level: 'warn', obj: { principal: 'agent-1', callId: 'c-1', tool: 'postgres_query', secrets: ['connections.shop.password'] }, msg: 'a call carried a configured secret: refused; rotate it' }]);
    await until(() => bodies.length === 1);
    assert.deepEqual(JSON.parse(bodies[0] ?? '{}'), secretAlertMessage(alert, 'json'));
    assert.equal(logs.length, 1, 'a delivery that succeeded on retry logs nothing more');
  });

  it('posts a principal id holding hidden characters escaped on the wire, the same data parsed', async () => {
    bodies.length = 0;
    failuresLeft = 0;
    const hostile = { ...alert, principal: 'agent\u202e\u200b-1\u001b[2K', tool: 'postgres\u2066_query' };
    createSecretAlerter([{ url, format: 'json' }], logger().logger)(hostile);
    await until(() => bodies.length === 1);
    assert.equal(unsafe(bodies[0] ?? ''), undefined);
    assert.deepEqual(JSON.parse(bodies[0] ?? '{}'), secretAlertMessage(hostile, 'json'));
  });

  it('logs a receiver that keeps failing by its place in the config, never its URL', async () => {
    failuresLeft = 0;
    const { logs, logger: log } = logger();
    createSecretAlerter([{ url: 'http://127.0.0.1:1/hook?token=s3cret', format: 'slack' }], log)(alert);
    await until(() => logs.length === 2);
    assert.deepEqual(logs[1], { level: 'error', obj: { callId: 'c-1', webhook: 0, error: 'connection failed', secrets: ['connections.shop.password'], event: 'secret_in_arguments' }, msg: 'security alert could not be delivered' });
    assert.ok(!JSON.stringify(logs).includes('s3cret'));
  });
});
