// GET /api/v1/sign-in, unauthenticated: what `gatehouse login` needs to sign a person in with the
// organisation's provider (issuer, the CLI's public client id, scopes, and the resource its token
// must be issued for), so a person's client config holds only the server's URL. Nothing secret.
import type { RequestHandler } from 'express';
import { peopleAudience } from './people-auth.ts';
import { apiError } from './people-errors.ts';
import type { Runtime } from './runtime.ts';

export interface SignInInfo {
  issuer: string;
  clientId: string;
  scopes: string[];
  resource: string;
}

export function peopleSignIn(runtime: Runtime): RequestHandler {
  const { identity, console: settings } = runtime.config.parsed;
  if (settings.cli && !identity.oidc) throw new Error('console.cli needs identity.oidc: the provider the CLI signs people in with');
  const resource = peopleAudience(runtime);
  const info: SignInInfo | undefined = identity.oidc && settings.cli && resource ? { issuer: identity.oidc.issuer, clientId: settings.cli.clientId, scopes: settings.cli.scopes, resource } : undefined;
  return (_req, res) => {
    if (!info) return apiError(res, 404, 'no_sign_in', 'this server offers no OIDC sign-in for the CLI (it needs identity.oidc and console.cli.clientId); use an API key (--api-key-file)');
    res.set('Cache-Control', 'no-store').json(info);
  };
}
