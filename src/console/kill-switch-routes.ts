// The operators' kill switch: the suspended principals with a Resume button each, and forms to
// suspend a principal and to end a session. Actions go through runKillSwitchAction, as the CLI's
// do, and this replica re-reads the state at once, so it stops the calls in flight before answering;
// the other replicas hear of it from the store.
import express, { Router, type Request, type RequestHandler } from 'express';
import { runKillSwitchAction, type KillSwitchAction } from '../kill-switch/actions.ts';
import type { Revocation } from '../kill-switch/model.ts';
import { html, hiddenNotice, type SafeHtml } from '../render/html.ts';
import type { Runtime } from '../server/runtime.ts';
import { formId, idFromForm } from './form-id.ts';
import { clock } from './format.ts';
import { contextOf, requireRole, type ConsoleContext } from './guard.ts';
import { page } from './layout.ts';
import type { Flash } from './sessions.ts';

const HERE = '/console/kill-switch';

export function killSwitchRoutes(runtime: Runtime, checkForm: RequestHandler): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 });

  router.get('/kill-switch', requireRole('operator', 'page'), async (_req, res) => {
    const ctx = contextOf(res) as ConsoleContext;
    const suspended = (await runtime.store.listRevocations()).filter((r) => r.kind === 'principal');
    const flash = ctx.session.flash;
    delete ctx.session.flash;
    res.type('html').send(page({ title: 'Kill switch', ctx, active: 'kill-switch', flash, body: killSwitchBody(suspended, ctx.session.csrf) }));
  });

  for (const action of ['suspend', 'resume', 'end'] as const) {
    router.post(`/kill-switch/${action}`, form, checkForm, requireRole('operator', 'page'), async (req, res) => {
      const ctx = contextOf(res) as ConsoleContext;
      ctx.session.flash = await act(runtime, req, ctx, action);
      res.redirect(303, HERE);
    });
  }
  return router;
}

async function act(runtime: Runtime, req: Request, ctx: ConsoleContext, action: KillSwitchAction['action']): Promise<Flash> {
  const body = req.body as Record<string, unknown>;
  // Ids are matched exactly as recorded: not trimmed. A Resume button posts its id encoded (form-id.ts).
  const id = idFromForm(body.idUnits) ?? (typeof body.id === 'string' ? body.id : '');
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  const input: KillSwitchAction = action === 'end' ? { action, session: id } : { action, principal: id };
  const by = ctx.session.principal;
  const result = await runKillSwitchAction(runtime.store, runtime.record, by, input, reason);
  runtime.logger.info({ action, id: id.slice(0, 100), by: by.id, outcome: result.ok ? 'done' : result.code }, 'console kill switch');
  if (!result.ok) return { kind: 'refused', text: `Refused (${result.code}): ${result.message}` };
  await runtime.killSwitch.refresh();
  const what = action === 'end' ? `Session ${id} ended` : `Principal ${id} ${action === 'suspend' ? 'suspended' : 'resumed'}`;
  const withdrawn = result.withdrawn.length > 0 ? `; its pending approval requests were withdrawn: ${result.withdrawn.join(', ')}` : '';
  return { kind: 'ok', text: `${what}${action === 'resume' ? '' : '; its calls in flight were stopped'}${withdrawn}.` };
}

function killSwitchBody(suspended: readonly Revocation[], csrf: string): SafeHtml {
  const rows = suspended.map(
    (r) => html`<tr>
    <td><code>${r.id}</code></td><td>${r.by}</td><td>${clock(r.at)}</td><td>${r.reason}</td>
    <td><form method="post" action="${HERE}/resume"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="idUnits" value="${formId(r.id)}"><button type="submit">Resume</button></form></td>
  </tr>`,
  );
  const table = suspended.length
    ? html`<table class="suspended"><thead><tr><th>Principal</th><th>Suspended by</th><th>At</th><th>Reason</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="muted">No principal is suspended.</p>`;
  const actionForm = (action: 'suspend' | 'end', label: string, button: string) => html`<form method="post" action="${HERE}/${action}" class="kill-switch">
  <input type="hidden" name="csrf" value="${csrf}">
  <label>${label} <input name="id" required maxlength="1000"></label>
  <label>Reason <input name="reason" maxlength="2000"></label>
  <button type="submit">${button}</button>
</form>`;
  return html`<h1>Kill switch</h1>
<p class="muted">Suspending a principal stops its calls in flight on every replica and refuses its new calls until it is resumed. Ending a session stops that session's calls; its client's next call starts a new session.</p>
<h2 class="section">Suspended principals</h2>
${hiddenNotice(table)}${table}
<h2 class="section">Suspend a principal</h2>
${actionForm('suspend', 'Principal id', 'Suspend')}
<h2 class="section">End a session</h2>
${actionForm('end', 'Session id', 'End session')}`;
}
