// The web console for approvers and auditors, mounted under /console on the HTTP transport's app.
// Sign-in is OIDC (identity.oidc with console.oidc.clientId) or, otherwise, single-operator mode:
// one-time links the CLI prints. Everything behind /console passes the same headers, the session
// lookup and per-route role checks; forms are CSRF-checked.
import { Router, type ErrorRequestHandler, type Express, type Request } from 'express';
import type { Runtime } from '../server/runtime.ts';
import { approvalsRoutes } from './approvals-routes.ts';
import { assetRoutes } from './assets.ts';
import { auditRoutes } from './audit-routes.ts';
import { killSwitchRoutes } from './kill-switch-routes.ts';
import { checkForm, contextOf, loadSession } from './guard.ts';
import { messagePage } from './layout.ts';
import { createOidcClient } from './oidc-client.ts';
import { oidcRoutes } from './oidc-routes.ts';
import { operatorPrincipal } from './operator.ts';
import { approverGroupsOf, createRoleCheck } from './roles.ts';
import { rememberRequestPage } from './return-to.ts';
import { securityHeaders } from './security-headers.ts';
import { createSessionCookies } from './session-cookie.ts';
import { createSessionStore } from './sessions.ts';
import { createSignInTokens } from './sign-in-links.ts';
import { signInRoutes, type SignInMode } from './sign-in-routes.ts';
import type { Principal } from '../identity/principal.ts';

export interface ConsoleOptions {
  publicUrl?: string | undefined;
}

export interface ConsoleHandle {
  /**
   * A fresh one-time sign-in link (single-operator mode), on the public URL when there is one,
   * else on `listenOrigin` (e.g. http://127.0.0.1:7070). Undefined when sign-in is OIDC or the
   * console is off.
   */
  signInLink(listenOrigin: string): string | undefined;
  /** The same, signing in `principal` (who asked for it through the people API). */
  signInLinkFor(principal: Principal, listenOrigin: string): string | undefined;
}

export function mountConsole(app: Express, runtime: Runtime, options: ConsoleOptions = {}): ConsoleHandle {
  const settings = runtime.config.parsed.console;
  if (!settings.enabled) return { signInLink: () => undefined, signInLinkFor: () => undefined };
  const { publicUrl } = options;
  const logger = runtime.logger.child({ component: 'console' });
  const roles = createRoleCheck(approverGroupsOf(runtime), settings.auditors, settings.operators);
  const sessions = createSessionStore(settings.sessionTtl);
  const cookies = createSessionCookies(sessions, settings.sessionTtl, publicUrl);
  const origins = (req: Request): string[] => [`${req.protocol}://${req.headers.host ?? ''}`, ...(publicUrl ? [new URL(publicUrl).origin] : [])];
  const form = checkForm(origins);
  const mode = signInMode(runtime);

  const router = Router();
  router.use(securityHeaders);
  router.use(assetRoutes());
  router.use(loadSession(sessions, roles));
  router.use(signInRoutes(mode, cookies, form, logger));
  if (mode.kind === 'oidc') router.use(oidcRoutes(mode.client, cookies, roles, publicUrl, logger));
  router.use(approvalsRoutes(runtime, form, rememberRequestPage(cookies.secure)));
  router.use(auditRoutes(runtime));
  router.use(killSwitchRoutes(runtime, form));
  router.use((_req, res) => void res.status(404).type('html').send(messagePage('Not found', 'There is no such page in the console.', contextOf(res))));
  const failed: ErrorRequestHandler = (error: { status?: number; message?: string }, _req, res, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: { message: error.message } }, 'console request failed');
    res.status(status).type('html').send(messagePage(status === 500 ? 'Something went wrong' : 'Request refused', status === 500 ? 'The console could not complete this request. Nothing was decided.' : 'The request could not be read.'));
  };
  router.use(failed);
  app.use('/console', router);

  const signInLinkFor = (principal: Principal, listenOrigin: string) => {
    if (mode.kind !== 'link') return undefined;
    const base = (publicUrl ?? listenOrigin.replace(/\/\/(0\.0\.0\.0|\[::\])(?=[:/]|$)/, '//127.0.0.1')).replace(/\/+$/, '');
    return `${base}/console/login?token=${mode.tokens.mint(principal)}`;
  };
  return {
    signInLink: (listenOrigin) => (mode.kind === 'link' ? signInLinkFor(mode.operator, listenOrigin) : undefined),
    signInLinkFor,
  };
}

/** OIDC when both the provider and the console's client are configured; a half-configured OIDC fails closed. */
function signInMode(runtime: Runtime): SignInMode {
  const provider = runtime.config.parsed.identity.oidc;
  const client = runtime.config.parsed.console.oidc;
  if (!client) return { kind: 'link', tokens: createSignInTokens(), operator: operatorPrincipal(runtime) };
  if (!provider) throw new Error('console.oidc needs identity.oidc: the provider the console signs people in with');
  const clientSecret = runtime.config.consoleClientSecret;
  const oidc = createOidcClient({ provider, clientId: client.clientId, clientSecret, scopes: client.scopes.includes('openid') ? client.scopes : ['openid', ...client.scopes], logger: runtime.logger });
  return { kind: 'oidc', issuer: provider.issuer, client: oidc };
}
