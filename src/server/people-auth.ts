// Who is calling the people API (/api): an approver or auditor as themselves, never an agent. An
// OIDC access token counts only when issued for the API's own audience, not the MCP endpoint's, so a
// token an agent holds for /mcp cannot decide approvals; an API key counts only when its holder is of
// kind human. The principal is read with identity.oidc's claims, as the console's sign-in reads them,
// so one person is one principal id through the console and through the CLI.
import type { RequestHandler } from 'express';
import { createAuthenticator, type Authenticator } from '../identity/index.ts';
import type { Principal } from '../identity/principal.ts';
import type { Runtime } from './runtime.ts';
import { apiError } from './people-errors.ts';

/** The audience people's tokens carry: console.apiAudience, else /api on the MCP audience's origin. */
export function peopleAudience(runtime: Pick<Runtime, 'config'>): string | undefined {
  const { identity, console: settings } = runtime.config.parsed;
  if (!identity.oidc) return undefined;
  const audience = settings.apiAudience ?? new URL('/api', identity.oidc.audience).href;
  if (audience === identity.oidc.audience) throw new Error('console.apiAudience must differ from identity.oidc.audience: a token an agent holds for /mcp must not decide approvals');
  return audience;
}

export function peopleAuthenticator(runtime: Runtime): Authenticator | undefined {
  const { identity } = runtime.config.parsed;
  const audience = peopleAudience(runtime);
  const apiKeys = identity.apiKeys.filter((k) => k.kind === 'human');
  if (!audience && apiKeys.length === 0) return undefined;
  const oidc = identity.oidc && audience ? { ...identity.oidc, audience, kind: 'human' as const } : undefined;
  return createAuthenticator({ oidc, apiKeys }, { logger: runtime.logger.child({ component: 'api' }), ...runtime.config.identitySecrets });
}

/** Sets res.locals.principal, or answers: no cookie is ever a credential here, and a refusal is JSON. */
export function peopleGate(authenticator: Authenticator | undefined): RequestHandler {
  return (req, res, next) => {
    if (req.headers.cookie !== undefined) return apiError(res, 400, 'cookie_refused', 'the API takes a bearer token or an API key, never a cookie: send no cookies (the web console is at /console)');
    if (!authenticator) return apiError(res, 401, 'no_identity', 'this server has no identity.oidc and no API key of kind human: people cannot sign in to its API');
    authenticator.authenticate({ headers: req.headers, url: req.originalUrl }).then((result) => {
      if (!result.ok) {
        res.set(result.headers);
        return apiError(res, result.status, result.body.error, `${result.body.error_description ?? 'refused'}${result.status === 401 ? ' (sign in again: gatehouse login)' : ''}`);
      }
      res.locals.principal = result.principal satisfies Principal;
      next();
    }, next);
  };
}
