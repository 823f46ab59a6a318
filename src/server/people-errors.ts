// The people API's one error shape: `{ "error": { "code", "message" } }`, with a stable code for
// scripts and a message written for the person at the terminal. Never a stack, never a credential.
import type { Response } from 'express';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export function apiError(res: Response, status: number, code: string, message: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error: { code, message } } satisfies ApiErrorBody);
}

/** The HTTP status of each refusal code approvals.decide returns. */
export function decideStatus(code: string): number {
  if (code === 'not_found') return 404;
  if (code === 'not_an_approver' || code === 'self_approval') return 403;
  if (code === 'reason_required') return 400;
  return 409;
}
