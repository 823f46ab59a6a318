// What stands in front of the console's routes: the session behind the cookie, the role a route
// needs, and for every form post the session's CSRF token plus a same-origin Origin header.
// Each check fails closed: no session, wrong role or a missing token ends the request here.
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { readCookie } from './cookies.ts';
import { messagePage } from './layout.ts';
import type { RoleCheck, Roles } from './roles.ts';
import type { ConsoleSession, SessionStore } from './sessions.ts';

export const SESSION_COOKIE = 'gatehouse_console';

export interface ConsoleContext {
  sessionId: string;
  session: ConsoleSession;
  roles: Roles;
}

export function contextOf(res: Response): ConsoleContext | undefined {
  return res.locals.console as ConsoleContext | undefined;
}

export function loadSession(sessions: SessionStore, roles: RoleCheck): RequestHandler {
  return (req, res, next) => {
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = sessions.get(id);
    if (id && session) res.locals.console = { sessionId: id, session, roles: roles(session.principal, session.via) } satisfies ConsoleContext;
    next();
  };
}

/** Pages send a signed-out visitor to the sign-in page; the JSON feed answers 401 so the script can say so. */
export function requireRole(role: keyof Roles, kind: 'page' | 'api'): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const ctx = contextOf(res);
    if (!ctx) {
      if (kind === 'api') return void res.status(401).json({ error: 'signed_out' });
      return void res.redirect(303, '/console/login');
    }
    if (!ctx.roles[role]) {
      if (kind === 'api') return void res.status(403).json({ error: 'forbidden' });
      const what = role === 'approver' ? 'an approver group' : role === 'operator' ? 'an operator group' : 'an auditor or approver group';
      return void res.status(403).type('html').send(messagePage('Not allowed', `You are signed in as ${ctx.session.principal.id}, who is not in ${what}.`, ctx));
    }
    next();
  };
}

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `origins` gives the origins this request may come from (the public URL's and the Host's). */
export function checkForm(origins: (req: Request) => string[]): RequestHandler {
  return (req, res, next) => {
    const ctx = contextOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const sent = typeof body.csrf === 'string' ? body.csrf : '';
    const origin = req.headers.origin;
    const badOrigin = origin !== undefined && !origins(req).includes(origin);
    if (!ctx || !sameToken(sent, ctx.session.csrf) || badOrigin) {
      return void res
        .status(403)
        .type('html')
        .send(messagePage('Form refused', 'The form was refused: its security token is missing or stale, or it came from another site. Reload the console and try again.', ctx));
    }
    next();
  };
}
