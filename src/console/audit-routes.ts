// The read-only audit routes, for auditors and approvers: chain status with recent sessions, and
// one session as a timeline (its events in full below). Nothing here writes; the chain is verified on each view of the overview.
import { Router } from 'express';
import { verifySessionChain, verifyStore } from '../audit/verify.ts';
import type { ChainCheck } from '../audit/chain.ts';
import type { AuditEvent } from '../audit/events.ts';
import { listSessions, SessionIndex, type SessionSummary } from '../audit/sessions.ts';
import { scrubValue } from '../pipeline/scrub.ts';
import type { Runtime } from '../server/runtime.ts';
import { chainStatus, eventsTable, sessionCaller, sessionChainStatus, sessionsTable } from './audit-view.ts';
import { sessionTimeline } from './timeline-view.ts';
import { contextOf, requireRole } from './guard.ts';
import { html } from '../render/html.ts';
import { page } from './layout.ts';

const RECENT_SESSIONS = 50;
const MAX_EVENTS = 2000;

/**
 * The chain check and the session list from one walk of the log: the sessions are indexed as the
 * verifier reads each event (afresh if it walks again). A broken chain stops the verifier early, so
 * then the sessions come from a walk of their own.
 */
async function verifyAndList(runtime: Runtime): Promise<{ check: ChainCheck; sessions: SessionSummary[] }> {
  let index = new SessionIndex();
  const indexing = async function* (events: AsyncIterable<AuditEvent>) {
    for await (const event of events) {
      index.add(event);
      yield event;
    }
  };
  const check = await verifyStore({
    auditAnchors: () => runtime.store.auditAnchors(),
    auditHead: () => runtime.store.auditHead(),
    allEvents: () => {
      index = new SessionIndex();
      return indexing(runtime.store.allEvents());
    },
  });
  return { check, sessions: check.ok ? index.summaries() : await listSessions(runtime.store.allEvents()) };
}

export function auditRoutes(runtime: Runtime): Router {
  const router = Router();

  router.get('/audit', requireRole('reader', 'page'), async (_req, res) => {
    const { check, sessions: all } = await verifyAndList(runtime);
    const sessions = all.slice(0, RECENT_SESSIONS);
    const body = html`<h1>Audit</h1>
${chainStatus(check)}
<h2 class="section">Recent sessions</h2>
${sessionsTable(scrubValue(sessions, runtime.scrub))}`;
    res.type('html').send(page({ title: 'Audit', ctx: contextOf(res), active: 'audit', body }));
  });

  router.get('/audit/sessions/:session', requireRole('reader', 'page'), async (req, res) => {
    const session = String(req.params.session ?? '').slice(0, 200);
    const recorded = await runtime.store.events({ session, limit: MAX_EVENTS });
    const chain = await verifySessionChain(runtime.store, recorded);
    const events = scrubValue(recorded, runtime.scrub);
    const body = html`<p><a href="/console/audit">← All sessions</a></p>
<h1>Session <code>${session}</code></h1>
${sessionChainStatus(chain)}
${sessionCaller(events)}
<p class="muted">${events.length} event${events.length === 1 ? '' : 's'}${events.length === MAX_EVENTS && html`, the first ${MAX_EVENTS} shown`}. Data is shown as recorded: results as the agent saw them, after masking.</p>
${sessionTimeline(events)}
<details class="all-events"><summary>Every event, as recorded</summary>${eventsTable(events)}</details>`;
    res.type('html').send(page({ title: `Session ${session}`, ctx: contextOf(res), active: 'audit', body }));
  });

  return router;
}
