// The kill switch in the people API, for `gatehouse principals | sessions end --server URL`: the
// operator acts as themselves, through runKillSwitchAction as the console's kill switch page does,
// and this replica re-reads the state before answering, so its calls in flight are already stopped.
// Ids travel in the JSON body, matched exactly as recorded (never trimmed, never in a URL path).
import express, { Router, type RequestHandler, type Response } from 'express';
import { runKillSwitchAction, type KillSwitchAction } from '../kill-switch/actions.ts';
import type { Principal } from '../identity/principal.ts';
import { apiError } from './people-errors.ts';
import type { Runtime } from './runtime.ts';

const ACTIONS = ['suspend', 'resume', 'end'] as const;

export function peopleKillSwitch(runtime: Runtime, operator: RequestHandler, send: (res: Response, body: unknown) => void): Router {
  const router = Router();
  const logger = runtime.logger.child({ component: 'api' });

  router.get('/kill-switch/principals', operator, async (_req, res) => {
    send(res, { suspended: (await runtime.store.listRevocations()).filter((r) => r.kind === 'principal') });
  });

  router.post('/kill-switch/:action', operator, express.json({ limit: '16kb' }), async (req, res) => {
    const action = ACTIONS.find((a) => a === req.params.action);
    if (!action) return apiError(res, 404, 'not_found', 'the kill switch takes /suspend, /resume or /end');
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.id !== 'string') return apiError(res, 400, 'invalid_id', `${action === 'end' ? 'a session' : 'a principal'} id is required`);
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    const input: KillSwitchAction = action === 'end' ? { action, session: body.id } : { action, principal: body.id };
    const by = res.locals.principal as Principal;
    const result = await runKillSwitchAction(runtime.store, runtime.record, by, input, reason);
    logger.info({ action, id: body.id.slice(0, 100), by: by.id, outcome: result.ok ? 'done' : result.code }, 'api kill switch');
    if (!result.ok) return apiError(res, statusOf(result.code), result.code, result.message);
    await runtime.killSwitch.refresh();
    send(res, { revocation: result.revocation, withdrawnApprovals: result.withdrawn });
  });
  return router;
}

function statusOf(code: string): number {
  if (code === 'invalid_id' || code === 'invalid_reason') return 400;
  if (code === 'not_suspended' || code === 'unknown_session') return 404;
  return 409;
}
