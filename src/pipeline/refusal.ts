// Stages return a discriminated result; a refusal carries a stable code and a message written for
// the agent. One adapter (render.ts) turns it into the MCP error result.
import type { MatchedRule } from '../policy/decide.ts';

export type RefusalCode =
  | 'unauthenticated'
  | 'unknown_tool'
  | 'invalid_arguments'
  | 'unknown_target'
  | 'classification_failed'
  | 'policy_failed'
  | 'denied'
  | 'approval_required'
  | 'audit_failed'
  | 'masking_failed'
  | 'internal'
  | (string & {});

export interface Refusal {
  code: RefusalCode;
  message: string;
  rules?: MatchedRule[];
  /** Extra machine-readable details for the agent (approval id, ...). Never secrets. */
  details?: Record<string, unknown>;
  /** A security event the refusal's record carries; never shown to the agent. */
  security?: Record<string, unknown>;
}

export type StageResult<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const pass = <T>(value: T): StageResult<T> => ({ ok: true, value });
export const refuse = (code: RefusalCode, message: string, extra: Omit<Refusal, 'code' | 'message'> = {}): { ok: false; refusal: Refusal } => ({
  ok: false,
  refusal: { code, message, ...extra },
});
