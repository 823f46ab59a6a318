// The auditor's pages: the hash-chain status, recent sessions, and the events of one session in
// order, each with a one-line summary and its full recorded data behind a disclosure.
import type { ChainCheck } from '../audit/chain.ts';
import type { AuditEvent } from '../audit/events.ts';
import type { SessionSummary } from '../audit/sessions.ts';
import { clock, shortId } from './format.ts';
import { cut, hiddenNotice, html, json, type SafeHtml } from '../render/html.ts';

export function chainStatus(check: ChainCheck): SafeHtml {
  if (check.ok) {
    return html`<p class="chain ok" id="chain-status"><strong>Audit chain ok</strong>: ${check.count} events verified; head <code>${check.lastHash.slice(0, 16)}</code>.</p>`;
  }
  return html`<p class="chain broken" id="chain-status"><strong>Audit chain BROKEN</strong> at event ${check.seq}: ${check.problem} (${check.count} events verified before it).</p>`;
}

/** Whether the chain still vouches for the session shown (verifySessionChain): said above its timeline. */
export function sessionChainStatus(check: ChainCheck): SafeHtml | false {
  if (check.ok) return false;
  return html`<p class="chain broken" id="session-chain-status"><strong>Audit chain BROKEN for this session</strong> at event ${check.seq}: ${check.problem}. What is shown below may not be what was recorded.</p>`;
}

const sessionHref = (id: string) => `/console/audit/sessions/${encodeURIComponent(id)}`;

export function sessionsTable(sessions: readonly SessionSummary[]): SafeHtml {
  if (sessions.length === 0) return html`<p class="muted">No sessions recorded yet.</p>`;
  return withNotice(html`<table class="sessions">
  <thead><tr><th>Session</th><th>Principal</th><th>Client</th><th>Calls</th><th>Decisions</th><th>Targets</th><th>Started</th><th>Last event</th></tr></thead>
  <tbody>${sessions.map(
    (s) => html`<tr>
    <td><a href="${sessionHref(s.id)}"><code>${shortId(s.id, 13)}</code></a></td>
    <td>${s.principal}</td>
    <td>${s.client} <span class="muted">${s.transport}</span>${s.clientEscaped && html` <span class="hidden-warning" title="The client named itself with hidden characters; they are shown escaped">hidden characters</span>`}</td>
    <td>${s.calls}</td>
    <td>${Object.entries(s.effects).map(([effect, n]) => html`<span class="badge effect-${effect}">${effect} ${n}</span> `)}</td>
    <td>${s.targets.join(', ')}</td>
    <td>${clock(s.startedAt)}</td>
    <td>${clock(s.lastAt)}</td>
  </tr>`,
  )}</tbody>
</table>`);
}

/** Who the session is: its principal and the client it named (agent text, escaped by the renderer). */
export function sessionCaller(events: readonly AuditEvent[]): SafeHtml | '' {
  const started = events.find((e) => e.type === 'session.started');
  if (!started) return '';
  return withNotice(html`<p class="session-caller">Principal <strong>${started.principal}</strong>, client <code>${String(started.data.client ?? '')}</code> <span class="muted">${String(started.data.transport ?? '')}</span></p>`);
}

/** A table of recorded agent text, below a warning when any of it held hidden characters. */
function withNotice(table: SafeHtml): SafeHtml {
  return html`${hiddenNotice(table)}${table}`;
}

/** The gist of an event in one line; the full data is one click away. */
function eventSummary(e: AuditEvent): string | SafeHtml {
  const d = e.data;
  const args = d.args as Record<string, unknown> | undefined;
  const by = d.by as { id?: string } | undefined;
  switch (e.type) {
    case 'call.requested': {
      const traceId = (d.caller as { traceId?: unknown } | undefined)?.traceId;
      const what = cut(String(args?.sql ?? args?.command ?? JSON.stringify(args ?? {})), 200, { code: true });
      return typeof traceId === 'string' ? html`${what}<div class="muted">trace <code>${traceId}</code></div>` : what;
    }
    case 'call.decided':
      return `${String(d.effect)}: ${((d.rules as Array<{ id: string }> | undefined) ?? []).map((r) => r.id).join(', ') || 'policy default'}`;
    case 'call.error':
      return html`${String(d.code)}: ${cut(String(d.message ?? ''), 200)}`;
    case 'approval.requested':
      return cut(String(d.summary ?? ''), 200, { code: true });
    case 'approval.decided':
      return `${String(d.decision)} by ${by?.id ?? e.principal ?? '?'}: ${String(d.reason ?? '')} (now ${String(d.state)})`;
    case 'session.started':
      return `${String(d.transport)} via ${String(d.client)}`;
    default:
      return '';
  }
}

export function eventsTable(events: readonly AuditEvent[]): SafeHtml {
  if (events.length === 0) return html`<p class="muted">No events for this session.</p>`;
  return withNotice(html`<table class="events">
  <thead><tr><th>#</th><th>Time</th><th>Event</th><th>Principal</th><th>Call</th><th>What</th></tr></thead>
  <tbody>${events.map(
    (e) => html`<tr class="event-${e.type.replace('.', '-')}">
    <td>${e.seq}</td>
    <td>${clock(e.time)}</td>
    <td><code>${e.type}</code></td>
    <td>${e.principal}</td>
    <td>${e.tool && html`<code>${e.tool}</code>`}${e.target && html` on <code>${e.target}</code>`}${e.callId && html`<div class="muted" title="${e.callId}">call ${shortId(e.callId, 9)}</div>`}</td>
    <td>${eventSummary(e)}<details><summary>data</summary><pre>${json(e.data)}</pre></details></td>
  </tr>`,
  )}</tbody>
</table>`);
}
