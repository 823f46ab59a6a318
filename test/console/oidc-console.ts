// A console server whose sign-in is OIDC against a local provider, for the tests that need people
// with chosen groups; `consoleSettings` adds to the console's config (operators, ...).
import { startConsoleServer, type ConsoleServer } from './harness.ts';
import { startAuthorizationServer, type AuthorizationServer } from './oidc-authorization-server.ts';

export interface OidcConsole {
  idp: AuthorizationServer;
  server: ConsoleServer;
  stop(): Promise<void>;
}

export async function startOidcConsole(secretEnv: string, consoleSettings: Record<string, unknown> = {}): Promise<OidcConsole> {
  const idp = await startAuthorizationServer();
  process.env[secretEnv] = idp.clientSecret;
  const server = await startConsoleServer({
    identity: { oidc: { issuer: idp.issuer, audience: 'http://127.0.0.1:7070/mcp', algorithms: ['ES256'] } },
    console: { oidc: { clientId: idp.clientId, clientSecret: `env:${secretEnv}` }, ...consoleSettings },
  });
  return {
    idp,
    server,
    async stop() {
      await server.stop();
      await idp.stop();
      delete process.env[secretEnv];
    },
  };
}
