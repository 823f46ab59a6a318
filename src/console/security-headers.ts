// Headers on every console response: a strict Content-Security-Policy (scripts and styles only as
// files from this origin, no framing, forms only to this origin), no caching of pages that show
// requests and audit data, and no Referer to other sites. (Not "no-referrer": with it Chromium
// sends `Origin: null` on form posts, which the Origin checks rightly refuse.)
import type { RequestHandler } from 'express';

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Cache-Control': 'no-store',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  next();
};
