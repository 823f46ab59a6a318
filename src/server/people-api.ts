// The people API under /api/v1: what `gatehouse approvals | sessions | replay | audit --server URL`
// asks for, as JSON. Approvers list, read and decide requests through runtime.approvals.decide, the
// same call the console makes, so the same rules, grants and quorum apply; auditors (and approvers)
// read sessions, one session's events and the chain; operators use the kill switch
// (people-kill-switch.ts). Roles are the console's. Every answer is
// no-store; what an agent wrote is scrubbed of secret values as the console scrubs it.
import express, { Router, type ErrorRequestHandler, type Express, type RequestHandler, type Response } from 'express';
import { listSessions, type SessionFilter } from '../audit/sessions.ts';
import { verifySessionChain, verifyStore } from '../audit/verify.ts';
import { approverGroupsOf, createRoleCheck, type Roles } from '../console/roles.ts';
import type { Principal } from '../identity/principal.ts';
import { scrubValue } from '../pipeline/scrub.ts';
import { SIGN_IN_LINK_TTL_MS } from '../console/sign-in-links.ts';
import { peopleAuthenticator, peopleGate } from './people-auth.ts';
import { peopleKillSwitch } from './people-kill-switch.ts';
import { apiError, decideStatus } from './people-errors.ts';
import { peopleSignIn } from './people-sign-in.ts';
import type { Runtime } from './runtime.ts';

const MAX_LIST = 1000;
const MAX_SESSION_EVENTS = 100_000;
const MAX_GRANT_MINUTES = 1440;
const SESSION_FILTERS = ['principal', 'since', 'tool', 'target', 'effect'] as const;
const GROUP_OF_ROLE: Record<keyof Roles, string> = { approver: 'an approver group', reader: 'an auditor or approver group', operator: 'an operator group (console.operators)' };

export interface PeopleApiOptions {
  /** A one-time console sign-in link for this person; undefined when the console signs in with OIDC or is off. */
  signInLink?: (principal: Principal) => string | undefined;
}

export function mountPeopleApi(app: Express, runtime: Runtime, options: PeopleApiOptions = {}): void {
  const settings = runtime.config.parsed.console;
  const roles = createRoleCheck(approverGroupsOf(runtime), settings.auditors, settings.operators);
  const logger = runtime.logger.child({ component: 'api' });
  const need = (role: keyof Roles): RequestHandler => (_req, res, next) => {
    const who = res.locals.principal as Principal;
    if (roles(who)[role]) return next();
    apiError(res, 403, 'forbidden', `${who.id} is not in ${GROUP_OF_ROLE[role]}`);
  };
  const send = (res: Response, body: unknown) => void res.set('Cache-Control', 'no-store').json(scrubValue(body, runtime.scrub));

  const router = Router();
  router.get('/sign-in', peopleSignIn(runtime));
  router.use(peopleGate(peopleAuthenticator(runtime)));
  router.get('/me', (_req, res) => {
    const who = res.locals.principal as Principal;
    send(res, { principal: who, roles: roles(who) });
  });

  // `gatehouse console link`: a new sign-in link without restarting the server, for the caller
  // themself (never for identity.cli or anyone else), and only for a person with a console role.
  router.post('/console/sign-in-link', need('reader'), (_req, res) => {
    const who = res.locals.principal as Principal;
    const link = options.signInLink?.(who);
    if (!link) return apiError(res, 404, 'no_sign_in_links', 'this server makes no console sign-in links: its console signs people in with OIDC (open /console), or it is off');
    logger.info({ principal: who.id }, 'console sign-in link made');
    send(res, { link, expiresInMinutes: SIGN_IN_LINK_TTL_MS / 60_000, principal: who.id });
  });

  router.get('/approvals', need('approver'), async (req, res) => {
    const all = req.query.all === 'true';
    send(res, { approvals: await runtime.store.listApprovals(all ? { limit: MAX_LIST } : { states: ['pending'], limit: MAX_LIST }) });
  });
  router.get('/approvals/:id', need('approver'), async (req, res) => {
    const approval = await runtime.store.getApproval(String(req.params.id));
    if (!approval) return apiError(res, 404, 'not_found', `no approval request ${String(req.params.id).slice(0, 100)}`);
    send(res, { approval });
  });
  router.post('/approvals/:id/:decision', need('approver'), express.json({ limit: '16kb' }), async (req, res) => {
    const decision = req.params.decision;
    if (decision !== 'approve' && decision !== 'deny') return apiError(res, 404, 'not_found', 'decide with /approve or /deny');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 2000) : '';
    const grantMinutes = body.grantMinutes;
    if (grantMinutes !== undefined && (decision === 'deny' || !(Number.isInteger(grantMinutes) && (grantMinutes as number) > 0 && (grantMinutes as number) <= MAX_GRANT_MINUTES))) {
      return apiError(res, 400, 'invalid_grant', `a grant goes with an approval and takes whole minutes from 1 to ${MAX_GRANT_MINUTES}`);
    }
    if (body.widenFiles !== undefined && typeof body.widenFiles !== 'boolean') return apiError(res, 400, 'invalid_grant', 'widenFiles is true or false');
    const by = res.locals.principal as Principal;
    const id = String(req.params.id);
    const result = await runtime.approvals.decide(id, by, { decision, reason, ...(typeof grantMinutes === 'number' ? { grantMinutes } : {}), ...(body.widenFiles === true ? { widenFiles: true } : {}) });
    logger.info({ approvalId: id.slice(0, 100), by: by.id, decision, outcome: result.ok ? result.approval.state : result.code }, 'api decision');
    if (!result.ok) return apiError(res, decideStatus(result.code), result.code, result.message);
    send(res, { approval: result.approval, ...(result.grant ? { grant: result.grant } : {}) });
  });

  router.get('/sessions', need('reader'), async (req, res) => {
    const filter: SessionFilter = {};
    for (const key of SESSION_FILTERS) if (typeof req.query[key] === 'string') filter[key] = req.query[key];
    send(res, { sessions: await listSessions(runtime.store.allEvents(), filter) });
  });
  router.get('/sessions/:session/events', need('reader'), async (req, res) => {
    const events = await runtime.store.events({ session: String(req.params.session), limit: MAX_SESSION_EVENTS });
    send(res, { events, truncated: events.length === MAX_SESSION_EVENTS, chain: await verifySessionChain(runtime.store, events) });
  });
  router.get('/audit/verify', need('reader'), async (_req, res) => send(res, { check: await verifyStore(runtime.store) }));
  router.get('/audit/head', need('reader'), async (_req, res) => send(res, { head: await runtime.store.auditHead() }));
  // The record as stored (already scrubbed when written): re-scrubbing could change what its hashes cover.
  router.get('/audit/events', need('reader'), async (req, res) => {
    const after = Number(req.query.after ?? 0);
    const limit = Number(req.query.limit ?? MAX_LIST);
    if (!(Number.isInteger(after) && after >= 0 && Number.isInteger(limit) && limit > 0 && limit <= MAX_LIST)) return apiError(res, 400, 'bad_request', `after is an event number (0 or more) and limit from 1 to ${MAX_LIST}`);
    res.set('Cache-Control', 'no-store').json({ events: await runtime.store.events({ afterSeq: after, limit }) });
  });

  router.use(peopleKillSwitch(runtime, need('operator'), send));

  router.use((_req, res) => apiError(res, 404, 'not_found', 'no such API route'));
  const failed: ErrorRequestHandler = (error: { status?: number; message?: string }, _req, res, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: { message: error.message } }, 'api request failed');
    apiError(res, status, status === 500 ? 'internal' : 'bad_request', status === 500 ? 'the server could not complete this request; nothing was decided' : 'the request could not be read (JSON body of at most 16 kB)');
  };
  router.use(failed);
  app.use('/api/v1', router);
}
