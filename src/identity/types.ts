// Shapes shared by the identity modules: the logger they write to and the authenticator's answer.
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { Principal } from './principal.ts';

/** The slice of a pino logger identity uses. Nothing passed to it ever contains a token or a key. */
export interface IdentityLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** The OAuth error body of a refusal (RFC 6750 section 3). */
export interface AuthErrorBody {
  error: string;
  error_description?: string;
}

export type AuthResult =
  | { ok: true; principal: Principal; authInfo: AuthInfo }
  | {
      ok: false;
      /** 400 bad request shape, 401 no or bad credentials, 403 missing scope, 503 the identity provider cannot be reached. */
      status: 400 | 401 | 403 | 503;
      headers: Record<string, string>;
      body: AuthErrorBody;
      /** Short and fixed ("expired", "wrong audience"...), for the log line; never contains the credential. */
      reason: string;
    };

export type AuthRefusal = Extract<AuthResult, { ok: false }>;

export interface AuthRequest {
  /** Header names in lower case, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The request target as received (path and query), e.g. req.originalUrl. */
  url: string;
}

export interface Authenticator {
  authenticate(request: AuthRequest): Promise<AuthResult>;
}
