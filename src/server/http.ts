// Streamable HTTP: express with Host and Origin validation and a body limit, bearer authentication
// (OIDC tokens or API keys) with the protected resource metadata, the SDK's per-request handler (a
// fresh server instance per request), and a health endpoint. Without identity configured it serves
// loopback only, as the configured local principal. API keys of kind human are people's: they sign
// in to the people API (/api), and on their own never make /mcp an authenticated endpoint, so a
// loopback setup (the demo) can give its approvers keys and keep its agents' endpoint as it was.
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostHeaderValidation, originValidation } from '@modelcontextprotocol/express';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import express from 'express';
import { mountConsole } from '../console/mount.ts';
import { authGate, createAuthenticator, protectedResourceMetadata, resourceMetadataRouter } from '../identity/index.ts';
import type { Principal } from '../identity/principal.ts';
import { createLegacyClientBook } from './legacy-clients.ts';
import { createMcpServer, SERVER_VERSION } from './mcp.ts';
import { mountPeopleApi } from './people-api.ts';
import { privateResponses } from './private-responses.ts';
import type { Runtime } from './runtime.ts';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export interface HttpHandle {
  url: string;
  port: number;
  /** A fresh one-time console sign-in link to print (single-operator mode); undefined with OIDC sign-in or the console off. */
  consoleSignInLink(): string | undefined;
  /** Sends notifications/tools/list_changed on every open subscription (2026 protocol) that asked for it. */
  toolsChanged(): void;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(listen.trim());
  if (!match) throw new Error(`invalid listen address "${listen}" (expected HOST:PORT, e.g. 127.0.0.1:7070)`);
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}

export async function serveOverHttp(runtime: Runtime, listen: string): Promise<HttpHandle> {
  const { host, port } = parseListen(listen);
  const identity = runtime.config.parsed.identity;
  const secured = identity.oidc !== undefined || identity.apiKeys.some((k) => k.kind !== 'human');
  if (!isLoopback(host) && !secured) {
    throw new Error(`refusing to listen on ${host}: without identity.oidc or an identity.apiKeys entry of kind agent or service, /mcp would take anyone, so gatehouse serves loopback addresses only`);
  }
  const http = runtime.config.parsed.server.http;
  const metadata = protectedResourceMetadata(identity, http.publicUrl);
  const legacyClients = createLegacyClientBook();
  const mcp = createMcpHandler(
    (ctx) => {
      const principal = ctx.authInfo?.extra?.principal as Principal | undefined;
      const sessionHeader = ctx.requestInfo?.headers.get('mcp-session-id') ?? '';
      const userAgent = ctx.requestInfo?.headers.get('user-agent') ?? undefined;
      const legacy = ctx.era === 'legacy' && principal !== undefined;
      // Served without transport sessions (each request stands alone): an ended session is forgotten
      // here, which is what re-initializing would do.
      let key = '';
      const server = createMcpServer(runtime, runtime.tools, {
        principal: () => principal,
        session: (client) => runtime.sessions.resolve((key = `http:${principal?.id ?? '-'}:${client}:${sessionHeader}`), 'http', client),
        forgetSession: () => runtime.sessions.forget(key),
        hints: {
          userAgent,
          // 2025 clients name their revision in a header on every request after initialize.
          protocolVersion: ctx.requestInfo?.headers.get('mcp-protocol-version') ?? undefined,
          ...(legacy ? { initialized: legacyClients.recall(principal.id, userAgent) } : {}),
        },
      });
      // A 2025 instance serves one request; if that was initialize, it now knows the client.
      if (legacy) server.onclose = () => legacyClients.remember(principal.id, userAgent, server.getClientVersion());
      return server;
    },
    { legacy: 'stateless', maxRequestBodySize: http.maxBodyBytes, onerror: (error) => runtime.logger.debug({ err: { message: error.message } }, 'mcp request rejected') },
  );
  const handle = toNodeHandler(mcp, { maxRequestBodySize: http.maxBodyBytes });

  const app = express();
  app.disable('x-powered-by');
  app.use(hostHeaderValidation([...LOOPBACK_HOSTS, ...(http.allowedHosts ?? [])]));
  // Browser-based clients fetch the resource metadata cross-origin, so it sits before the Origin check.
  if (metadata) app.use(resourceMetadataRouter(metadata));
  app.use(originValidation([...LOOPBACK_HOSTS, ...(http.allowedOrigins ?? [])]));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok', version: SERVER_VERSION }));
  const webConsole = mountConsole(app, runtime, { publicUrl: http.publicUrl });
  // Known once the server listens; a link is only asked for after that.
  const listenOrigin = () => `http://${shownHost}:${bound}`;
  mountPeopleApi(app, runtime, { signInLink: (principal) => webConsole.signInLinkFor(principal, listenOrigin()) });
  app.use('/mcp', privateResponses);
  if (secured) {
    const authenticator = createAuthenticator(identity, { logger: runtime.logger, ...runtime.config.identitySecrets });
    app.all('/mcp', authGate(authenticator), (req, res) => void handle(req, res));
  } else {
    app.all('/mcp', (req, res) => {
      const principal = runtime.principals.http;
      (req as unknown as { auth: unknown }).auth = { token: '', clientId: principal.id, scopes: [], extra: { principal } };
      void handle(req, res);
    });
  }

  const server = await new Promise<HttpServer>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${bound}/mcp`,
    port: bound,
    consoleSignInLink: () => webConsole.signInLink(listenOrigin()),
    toolsChanged: () => mcp.notify.toolsChanged(),
    async close() {
      await mcp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
