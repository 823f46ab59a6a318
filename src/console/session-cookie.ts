// Starting and ending a console sign-in: a fresh session id on every sign-in (no fixation), set as
// an HttpOnly, SameSite=Strict cookie scoped to /console, Secure when the console is on https.
import type { Request, Response } from 'express';
import type { Principal } from '../identity/principal.ts';
import { readCookie, setCookie } from './cookies.ts';
import { SESSION_COOKIE } from './guard.ts';
import type { ConsoleSession, SessionStore } from './sessions.ts';

export interface SessionCookies {
  signIn(req: Request, res: Response, principal: Principal, via: ConsoleSession['via']): void;
  signOut(req: Request, res: Response): void;
  /** Whether cookies must carry Secure: served over https, directly or behind the public URL. */
  secure(req: Request): boolean;
}

export function createSessionCookies(sessions: SessionStore, ttlMs: number, publicUrl: string | undefined): SessionCookies {
  const secure = (req: Request): boolean => publicUrl?.startsWith('https:') === true || req.secure;
  const write = (req: Request, res: Response, value: string, maxAge: number): void => {
    res.append('Set-Cookie', setCookie(SESSION_COOKIE, value, { path: '/console', secure: secure(req), sameSite: 'Strict', maxAge }));
  };
  return {
    signIn(req, res, principal, via) {
      sessions.destroy(readCookie(req.headers.cookie, SESSION_COOKIE));
      const { id } = sessions.create(principal, via);
      write(req, res, id, ttlMs / 1000);
    },
    signOut(req, res) {
      sessions.destroy(readCookie(req.headers.cookie, SESSION_COOKIE));
      write(req, res, '', 0);
    },
    secure,
  };
}
