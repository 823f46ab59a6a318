// OIDC sign-in routes. /oidc/start remembers a flow and sends the browser to the provider;
// /oidc/callback finishes it and starts a console session. The flow cookie is the one cookie that
// is SameSite=Lax: the provider's redirect back is a cross-site navigation, and a Strict cookie
// would not come with it. It holds only the flow id, lives ten minutes, and is spent on use; it
// binds the answer to the browser that started the sign-in (no login CSRF).
import { Router, type Request } from 'express';
import type { Logger } from 'pino';
import { readCookie, setCookie } from './cookies.ts';
import { html } from '../render/html.ts';
import { messagePage, page } from './layout.ts';
import type { OidcClient } from './oidc-client.ts';
import type { RoleCheck } from './roles.ts';
import { takeReturn } from './return-to.ts';
import type { SessionCookies } from './session-cookie.ts';
import { landingFor } from './sign-in-routes.ts';

const FLOW_COOKIE = 'gatehouse_console_flow';
const FLOW_PATH = '/console/oidc';

export function oidcRoutes(client: OidcClient, cookies: SessionCookies, roles: RoleCheck, publicUrl: string | undefined, logger: Logger): Router {
  const router = Router();
  const redirectUri = (req: Request): string => `${publicUrl ? publicUrl.replace(/\/+$/, '') : `${req.protocol}://${req.headers.host ?? ''}`}/console/oidc/callback`;
  const flowCookie = (req: Request, value: string, maxAge: number): string => setCookie(FLOW_COOKIE, value, { path: FLOW_PATH, secure: cookies.secure(req), sameSite: 'Lax', maxAge });

  router.get('/oidc/start', async (req, res) => {
    let started;
    try {
      started = await client.start(redirectUri(req));
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'console sign-in: identity provider unavailable');
      return void res.status(503).type('html').send(messagePage('Sign-in unavailable', 'The identity provider cannot be reached right now. Try again in a minute.'));
    }
    res.append('Set-Cookie', flowCookie(req, started.flowId, 600));
    res.redirect(303, started.url);
  });

  router.get('/oidc/callback', async (req, res) => {
    res.append('Set-Cookie', flowCookie(req, '', 0));
    let result;
    try {
      result = await client.finish(readCookie(req.headers.cookie, FLOW_COOKIE), req.query as Record<string, unknown>);
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'console sign-in: identity provider unavailable');
      result = { ok: false as const, reason: 'the identity provider cannot be reached' };
    }
    if (!result.ok) {
      logger.info({ via: 'oidc', reason: result.reason }, 'console sign-in refused');
      return void res.status(401).type('html').send(messagePage('Sign-in failed', `Sign-in failed: ${result.reason}.`, undefined, html`<p><a href="/console/login">Try again</a></p>`));
    }
    const principal = result.principal;
    cookies.signIn(req, res, principal, 'oidc');
    logger.info({ principal: principal.id, via: 'oidc' }, 'console sign-in');
    const next = takeReturn(req, res, cookies.secure) ?? landingFor(roles(principal));
    // A page rather than a redirect: the redirect chain started at the provider (cross-site), so the
    // browser would hold back the new Strict cookie; a navigation from this page is same-site.
    res.type('html').send(page({ title: 'Signed in', refreshTo: next, body: html`<h1>Signed in</h1><p class="message">Signed in as ${principal.name}. <a href="${next}">Continue to the console</a>.</p>` }));
  });

  return router;
}
