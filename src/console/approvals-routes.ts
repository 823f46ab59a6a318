// The approvers' routes: the page of pending requests, the JSON feed that keeps it live, and the
// decision form. Decisions go through runtime.approvals.decide, the same call the CLI makes, so
// the console cannot decide anything the service would refuse; its refusals are shown as they are.
import express, { Router, type Request, type RequestHandler } from 'express';
import { grantOutcome } from '../approval/grant-scope.ts';
import type { ApprovalRequest } from '../approval/model.ts';
import { scrubValue } from '../pipeline/scrub.ts';
import type { Runtime } from '../server/runtime.ts';
import { approvalsBody, recentDecisions, requestCard } from './approvals-view.ts';
import { contextOf, requireRole, type ConsoleContext } from './guard.ts';
import { messagePage, page } from './layout.ts';
import { html } from '../render/html.ts';
import type { Flash } from './sessions.ts';

const FINISHED: ApprovalRequest['state'][] = ['approved', 'denied', 'executed', 'expired', 'cancelled'];
const MAX_GRANT_MINUTES = 1440;

export function approvalsRoutes(runtime: Runtime, checkForm: RequestHandler, rememberPage: RequestHandler): Router {
  const router = Router();
  const defaultApprovers = runtime.config.parsed.approvals.defaultApprovers;

  /** Pending requests oldest first (they expire first), and the latest decisions; scrubbed of secret values. */
  async function load(ctx: ConsoleContext) {
    const now = Date.now();
    const pending = (await runtime.store.listApprovals({ states: ['pending'], limit: 200 })).filter((r) => new Date(r.expiresAt).getTime() > now).reverse();
    const recent = await runtime.store.listApprovals({ states: FINISHED, limit: 20 });
    const viewer = { principal: ctx.session.principal, csrf: ctx.session.csrf };
    return {
      cards: pending.map((r) => ({ id: r.id, html: requestCard(scrubValue(r, runtime.scrub), viewer, defaultApprovers, now) })),
      recent: recentDecisions(recent.map((r) => scrubValue(r, runtime.scrub))),
    };
  }

  // Auditors land on the audit pages rather than on a refusal.
  const auditorsToAudit: RequestHandler = (_req, res, next) => {
    const ctx = contextOf(res);
    if (ctx && !ctx.roles.approver && ctx.roles.reader) return void res.redirect(303, '/console/audit');
    next();
  };

  router.get('/', auditorsToAudit, requireRole('approver', 'page'), async (_req, res) => {
    const ctx = contextOf(res) as ConsoleContext;
    const { cards, recent } = await load(ctx);
    const flash = ctx.session.flash;
    delete ctx.session.flash;
    res.type('html').send(page({ title: 'Approvals', ctx, active: 'approvals', flash, body: approvalsBody(cards.map((c) => c.html), recent) }));
  });

  // The page a notification links to: one request in any state; the form only while it is pending.
  router.get('/approvals/:id', rememberPage, requireRole('approver', 'page'), async (req, res) => {
    const ctx = contextOf(res) as ConsoleContext;
    const r = await runtime.store.getApproval(String(req.params.id).slice(0, 100));
    if (!r) return void res.status(404).type('html').send(messagePage('Not found', 'There is no approval request with this id.', ctx));
    const viewer = { principal: ctx.session.principal, csrf: ctx.session.csrf };
    const card = requestCard(scrubValue(r, runtime.scrub), viewer, defaultApprovers, Date.now());
    res.type('html').send(page({ title: `Approval request ${r.id}`, ctx, active: 'approvals', body: html`<p><a href="/console">All pending requests</a></p>${card}` }));
  });

  router.get('/api/approvals', requireRole('approver', 'api'), async (_req, res) => {
    const { cards, recent } = await load(contextOf(res) as ConsoleContext);
    res.json({ pending: cards.map((c) => ({ id: c.id, html: c.html.text })), recent: recent.text, at: new Date().toISOString() });
  });

  router.post('/approvals/:id/decide', express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }), checkForm, requireRole('approver', 'page'), async (req, res) => {
    const ctx = contextOf(res) as ConsoleContext;
    ctx.session.flash = await decide(runtime, req, ctx);
    res.redirect(303, '/console');
  });

  return router;
}

async function decide(runtime: Runtime, req: Request, ctx: ConsoleContext): Promise<Flash> {
  const body = req.body as Record<string, unknown>;
  const id = String(req.params.id ?? '');
  const decision = body.decision === 'approve' || body.decision === 'deny' ? body.decision : undefined;
  if (!decision) return { kind: 'refused', text: 'Refused (bad_request): choose Approve or Deny.' };
  const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 2000) : '';
  const grantText = typeof body.grantMinutes === 'string' ? body.grantMinutes.trim() : '';
  const grantMinutes = grantText === '' || decision === 'deny' ? undefined : Number(grantText);
  if (grantMinutes !== undefined && !(Number.isInteger(grantMinutes) && grantMinutes > 0 && grantMinutes <= MAX_GRANT_MINUTES)) {
    return { kind: 'refused', text: `Refused (invalid_grant): the grant window takes whole minutes from 1 to ${MAX_GRANT_MINUTES}.` };
  }
  // A checkbox: present ("on") when ticked. The service refuses it without a grant or on a call with no file to widen.
  const widenFiles = decision === 'approve' && body.widenFiles !== undefined;
  const by = ctx.session.principal;
  const result = await runtime.approvals.decide(id, by, { decision, reason, ...(grantMinutes ? { grantMinutes } : {}), ...(widenFiles ? { widenFiles } : {}) });
  runtime.logger.info({ approvalId: id.slice(0, 100), by: by.id, decision, outcome: result.ok ? result.approval.state : result.code }, 'console decision');
  if (!result.ok) return { kind: 'refused', text: `Refused (${result.code}): ${result.message}` };
  const r = result.approval;
  const verb = decision === 'approve' ? 'Approved' : 'Denied';
  const still = r.state === 'pending' ? `; ${r.requiredApprovals - r.decisions.filter((d) => d.decision === 'approve').length} more approval(s) needed` : '';
  const outcome = grantOutcome(r, grantMinutes !== undefined, result.grant);
  const grant = outcome ? `; ${outcome}` : '';
  return { kind: 'ok', text: `${verb} ${r.tool} on ${r.target} (request ${r.id}): now ${r.state}${still}${grant}.` };
}
