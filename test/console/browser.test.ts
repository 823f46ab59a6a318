// The console in a real browser: a real `gatehouse serve --http` process against a real
// PostgreSQL, an MCP client (the agent) whose UPDATE is held for review, and headless Chromium
// that signs in with the printed one-time link, watches the request appear live, approves it with
// a reason, and sees the waiting call complete and the row change. Writes docs/console.png, and
// docs/console-request.png and docs/console-session.png (the request page, a session's timeline). Held
// calls padded with blank lines or carrying bidi controls show every statement, unclipped, with
// the hidden characters drawn as badges under a warning.
// Without Chromium the test is skipped (it fails under CI=true).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { ROOT, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import type { CallResult } from './harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOT = join(ROOT, 'docs/console.png');
const LINK = /gatehouse: console sign-in[^\n]*?(http:\/\/127\.0\.0\.1:\d+\/console\/login\?token=[A-Za-z0-9_-]{43})/;

const missing = !existsSync(CHROMIUM);
if (missing && process.env.CI) throw new Error(`CI: ${CHROMIUM} is missing; the console browser test cannot run`);
const skip = missing ? `${CHROMIUM} not found: install Debian's chromium to run the console browser test` : false;

/** The link `gatehouse serve --http` prints to stderr once it listens. */
async function printedLink(gh: RunningGatehouse): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const match = LINK.exec(gh.logs());
    if (match) return match[1] as string;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gatehouse serve printed no console sign-in link (expected a line "gatehouse: console sign-in ... ${'http://127.0.0.1:PORT/console/login?token=...'}"):\n${gh.logs()}`);
}

describe('console in a browser', { skip }, () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let context: BrowserContext;
  let profile: string;

  before(async () => {
    db = await createTestDatabase();
    gh = await startGatehouse(
      {
        identity: { http: { id: 'agent-7', name: 'Claude (agent)', groups: ['dev'] }, cli: { id: 'dana', name: 'Dana Reyes', groups: ['dba'], kind: 'human' } },
        connections: { shop: { type: 'postgres', url: db.url, labels: { env: 'demo' } } },
        approvals: { wait: '20s', ttl: '15m' },
      },
      'http',
    );
    profile = mkdtempSync(join(tmpdir(), 'gatehouse-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1200, height: 900 } });
  });
  after(async () => {
    await context?.close();
    await gh?.stop();
    await db?.drop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('signs in with the link, shows the held UPDATE live, approves it, and the waiting call completes', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));

    await page.goto(await printedLink(gh));
    assert.equal(new URL(page.url()).pathname, '/console');
    await page.getByText('Nothing is waiting for a decision.').waitFor();

    const sql = "UPDATE orders SET status = 'shipped', note = 'expedite <fragile>' WHERE id = 2";
    const call = gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }, { timeout: 30_000 }) as Promise<CallResult>;

    // The page polls its feed: the card appears without a reload.
    const card = page.locator('article.request').filter({ hasText: "note = 'expedite <fragile>'" });
    await card.waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#pending-count').textContent(), '1');
    await card.locator('input[name=reason]').fill('Customer asked on ticket OPS-142');
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });
    // The request's own page, the one notifications link to: facts in words, the impact preview with its changed row, the grant scope.
    const request = await context.newPage();
    await request.goto(`${new URL(gh.url as string).origin}/console/approvals/${await card.getAttribute('data-id')}`);
    assert.match((await request.locator('ul.facts').textContent()) ?? '', /1 statement: update\.It changes orders\./);
    assert.match((await request.locator('section.impact').textContent()) ?? '', /1 row would change \(UPDATE 1\)/);
    assert.equal(await request.locator('table.sample td', { hasText: 'expedite <fragile>' }).count(), 1, 'the changed row as the call would leave it');
    await request.screenshot({ path: join(ROOT, 'docs/console-request.png'), fullPage: true, animations: 'disabled' });
    await request.close();

    await card.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.flash.ok').waitFor();
    assert.match((await page.locator('.flash.ok').textContent()) ?? '', /^Approved postgres_query on shop .*now approved\.$/);
    assert.match((await page.locator('#recent').textContent()) ?? '', /approve by Dana Reyes: Customer asked on ticket OPS-142/);

    const result = await call;
    assert.equal(result.isError, undefined, JSON.stringify(result));
    const rows = await db.query<{ status: string; note: string }>('SELECT status, note FROM orders WHERE id = 2');
    assert.deepEqual(rows[0], { status: 'shipped', note: 'expedite <fragile>' });
    assert.deepEqual(problems, [], 'no script errors or CSP violations in the page');
    assert.ok(existsSync(SCREENSHOT));
  });

  it('shows the session of that call to an approver on the audit pages', async () => {
    const page = await context.newPage();
    await page.goto(`${new URL(gh.url as string).origin}/console/audit`);
    await page.locator('#chain-status.ok').waitFor();
    await page.locator('table.sessions a').first().click();
    const call = page.locator('.timeline article.call').filter({ hasText: 'expedite' });
    await call.waitFor();
    assert.match((await call.textContent()) ?? '', /approve by dana \(dba\), reason "Customer asked on ticket OPS-142" -> approved/);
    assert.match((await call.locator('.step-label').allTextContents()).join(' '), /^decision approval( approval)* agent saw/);
    await page.screenshot({ path: join(ROOT, 'docs/console-session.png'), fullPage: true, animations: 'disabled' });
  });

  it('shows every statement of a held call padded with blank lines or hiding behind bidi controls, and flags the hidden characters', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${new URL(gh.url as string).origin}/console`);
    const held = (sql: string) => gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }, { timeout: 30_000 }) as Promise<CallResult>;
    const padded = held(`UPDATE orders SET note = 'padded' WHERE id = 3;${'\n'.repeat(300)}UPDATE orders SET status = 'gone' WHERE id > 0`);
    const bidi = held("UPDATE orders SET note = 'bidi' WHERE id = 4; /* \u202e } \u2066if (isAdmin)\u2069 \u2066 begin admins only */ DELETE FROM orders WHERE id > 0");

    const paddedCard = page.locator('article.request').filter({ hasText: "note = 'padded'" });
    await paddedCard.waitFor({ timeout: 10_000 });
    const second = paddedCard.locator('dl.args pre').getByText("UPDATE orders SET status = 'gone' WHERE id > 0");
    assert.ok(await second.isVisible(), 'the statement after the padding is on the card');
    assert.equal(await paddedCard.locator('.hidden-gap').textContent(), '299 blank lines');
    const clipped = await paddedCard.locator('dl.args pre').last().evaluate((pre) => pre.scrollHeight > pre.clientHeight + 1);
    assert.equal(clipped, false, 'the SQL box is not clipped');
    const box = await paddedCard.locator('dl.args pre').last().boundingBox();
    assert.ok(box && box.height < 200, `the padding takes one line, not 300 (box ${box?.height}px high)`);

    const bidiCard = page.locator('article.request').filter({ hasText: "note = 'bidi'" });
    await bidiCard.waitFor({ timeout: 10_000 });
    assert.match((await bidiCard.locator('.hidden-warning').textContent()) ?? '', /bidi controls.*shown escaped/);
    assert.ok(await bidiCard.locator('.hidden-warning').isVisible());
    assert.equal(await bidiCard.locator('dl.args pre .hidden-char').count(), 4);
    const shown = (await bidiCard.locator('dl.args pre').last().innerText()) ?? '';
    assert.doesNotMatch(shown, /[\u202a-\u202e\u2066-\u2069]/, 'no live bidi control in the page');
    assert.match(shown, /\\u202e \} \\u2066if \(isAdmin\)\\u2069 \\u2066 begin admins only \*\/ DELETE FROM orders WHERE id > 0/, 'the DELETE reads where it is, after the comment');
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await bidiCard.screenshot({ path: join(ROOT, 'docs/console-hidden.png'), animations: 'disabled' });

    // Deny both, so the waiting calls end.
    for (const card of [paddedCard, bidiCard]) {
      await card.locator('input[name=reason]').fill('hidden statements');
      await card.getByRole('button', { name: 'Deny' }).click();
      await page.locator('.flash.ok').waitFor();
    }
    assert.equal((await padded).isError, true);
    assert.equal((await bidi).isError, true);
    assert.deepEqual(problems, []);
  });
});
