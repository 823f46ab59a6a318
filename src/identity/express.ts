// The two express pieces the HTTP transport mounts: the gate in front of /mcp (authenticate, then
// hand the SDK its AuthInfo through req.auth) and the route serving the protected resource metadata.
import type { AuthInfo } from '@modelcontextprotocol/server';
import { Router, type RequestHandler } from 'express';
import type { ProtectedResourceMetadata } from './resource-metadata.ts';
import type { AuthResult, Authenticator } from './types.ts';

export interface AuthGateOptions {
  /** Called with every outcome, e.g. to add the principal or the refusal reason to the request log. */
  onResult?: (result: AuthResult) => void;
}

/** Refuses the request with the authenticator's answer, or sets req.auth and passes it on. */
export function authGate(authenticator: Authenticator, options: AuthGateOptions = {}): RequestHandler {
  return (req, res, next) => {
    authenticator.authenticate({ headers: req.headers, url: req.originalUrl }).then((result) => {
      options.onResult?.(result);
      if (!result.ok) {
        res.status(result.status).set(result.headers).set('Cache-Control', 'no-store').json(result.body);
        return;
      }
      // @modelcontextprotocol/node's handler reads req.auth and gives it to the server as ctx.authInfo.
      (req as { auth?: AuthInfo }).auth = result.authInfo;
      next();
    }, next); // an unexpected error reaches express's error handler: a 500, never a pass
  };
}

/**
 * GET on every metadata path. CORS is open because browser-based MCP clients fetch the document
 * from another origin, and it holds nothing secret.
 */
export function resourceMetadataRouter(metadata: ProtectedResourceMetadata): Router {
  const router = Router();
  for (const path of metadata.paths) {
    router.options(path, (_req, res) => {
      res.set({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, OPTIONS', 'Access-Control-Allow-Headers': 'mcp-protocol-version' }).status(204).end();
    });
    router.get(path, (_req, res) => {
      res.set({ 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=3600' }).json(metadata.document);
    });
  }
  return router;
}
