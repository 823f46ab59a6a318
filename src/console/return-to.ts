// Back to the request page after sign-in: a signed-out approver who opens a notification's link
// signs in and lands on that request, not on the list. Only an approval request's page is
// remembered (nothing else can be a target, so no open redirect). The cookie is Lax so that it
// comes back through the cross-site hops of a sign-in (a link opened from a terminal, the identity
// provider's redirect); it lives ten minutes and is spent on use.
import type { Request, RequestHandler, Response } from 'express';
import { readCookie, setCookie } from './cookies.ts';
import { contextOf } from './guard.ts';

const RETURN_COOKIE = 'gatehouse_console_return';
const REQUEST_PAGE = /^\/console\/approvals\/[A-Za-z0-9-]{1,100}$/;

type Secure = (req: Request) => boolean;

/** Before a page's role check: a signed-out visitor of a request page is remembered. */
export function rememberRequestPage(secure: Secure): RequestHandler {
  return (req, res, next) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    if (!contextOf(res) && REQUEST_PAGE.test(path)) res.append('Set-Cookie', setCookie(RETURN_COOKIE, path, { path: '/console', secure: secure(req), sameSite: 'Lax', maxAge: 600 }));
    next();
  };
}

/** Where a fresh sign-in goes: the remembered request page, if any (and the memory is spent). */
export function takeReturn(req: Request, res: Response, secure: Secure): string | undefined {
  const path = readCookie(req.headers.cookie, RETURN_COOKIE);
  if (path === undefined) return undefined;
  res.append('Set-Cookie', setCookie(RETURN_COOKIE, '', { path: '/console', secure: secure(req), sameSite: 'Lax', maxAge: 0 }));
  return REQUEST_PAGE.test(path) ? path : undefined;
}
