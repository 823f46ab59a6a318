// The sign-in page, the one-time link of single-operator mode, and sign-out. With OIDC configured
// the sign-in page offers the identity provider instead (oidc-routes.ts) and links are refused.
import express, { Router, type RequestHandler } from 'express';
import type { Principal } from '../identity/principal.ts';
import type { Logger } from 'pino';
import { contextOf } from './guard.ts';
import { html } from '../render/html.ts';
import { messagePage, page } from './layout.ts';
import type { OidcClient } from './oidc-client.ts';
import type { Roles } from './roles.ts';
import { takeReturn } from './return-to.ts';
import type { SessionCookies } from './session-cookie.ts';
import type { SignInTokens } from './sign-in-links.ts';

export type SignInMode = { kind: 'link'; tokens: SignInTokens; operator: Principal } | { kind: 'oidc'; issuer: string; client: OidcClient };

export function landingFor(roles: Roles): string {
  return roles.approver || !roles.reader ? '/console' : '/console/audit';
}

export function signInRoutes(mode: SignInMode, cookies: SessionCookies, checkForm: RequestHandler, logger: Logger): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    const ctx = contextOf(res);
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (ctx && token === undefined) return void res.redirect(303, landingFor(ctx.roles));
    if (mode.kind === 'oidc') {
      const body = html`<h1>Sign in</h1><p class="message">Approvers and auditors sign in with the organisation's identity provider.</p><p><a class="button" href="/console/oidc/start">Sign in with ${new URL(mode.issuer).host}</a></p>`;
      return void res.type('html').send(page({ title: 'Sign in', body }));
    }
    if (token === undefined) {
      return void res.type('html').send(messagePage('Sign in', 'Open the one-time sign-in link gatehouse printed when it started, or make a new one with gatehouse console link. Each link works once, for 10 minutes.'));
    }
    const principal = mode.tokens.redeem(token);
    if (!principal) {
      logger.info({ via: 'link' }, 'console sign-in refused: link used, expired or unknown');
      return void res.status(401).type('html').send(messagePage('Sign-in link not valid', 'This sign-in link was already used, has expired, or was never issued. Ask for a new one: gatehouse console link.'));
    }
    cookies.signIn(req, res, principal, 'link');
    logger.info({ principal: principal.id, via: 'link' }, 'console sign-in');
    res.redirect(303, takeReturn(req, res, cookies.secure) ?? '/console');
  });

  router.post('/logout', express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 5 }), checkForm, (req, res) => {
    cookies.signOut(req, res);
    res.type('html').send(messagePage('Signed out', 'You are signed out of the gatehouse console.', undefined, html`<p><a href="/console/login">Sign in again</a></p>`));
  });

  return router;
}
