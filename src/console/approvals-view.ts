// The approvals page: one card per pending request (the parser's view of the call, then the full
// call, facts in sentences, matched rules, requester, times, and the decision form) and a table of recent
// decisions. Everything a card shows comes from the stored request and goes through the `html`
// template, which escapes it and shows hidden characters as badges; a card that holds any says so
// above the call.
import { grantScope, wideningScope } from '../approval/grant-scope.ts';
import { factSentences } from '../approval/fact-sentences.ts';
import type { ApprovalRequest } from '../approval/model.ts';
import type { Principal } from '../identity/principal.ts';
import { clock, relative } from './format.ts';
import { code, codeJson, cut, hiddenNotice, html, json, type SafeHtml } from '../render/html.ts';
import { impactSection } from './impact-view.ts';

export interface Viewer {
  principal: Principal;
  csrf: string;
}

const sessionLink = (session: string) => `/console/audit/sessions/${encodeURIComponent(session)}`;

function argumentList(args: Record<string, unknown>): SafeHtml {
  const entries = Object.entries(args);
  if (entries.length === 0) return html`<p class="muted">no arguments</p>`;
  return html`<dl class="args">${entries.map(([key, value]) => html`<dt>${key}</dt><dd><pre>${typeof value === 'string' ? code(value) : codeJson(value)}</pre></dd>`)}</dl>`;
}

function factList(facts: Record<string, unknown>): SafeHtml {
  const sentences = factSentences(facts);
  return sentences.length > 0 ? html`<ul class="facts">${sentences.map((s) => html`<li>${s}</li>`)}</ul>` : html`<p class="muted">No facts this page can say in words; see them as data.</p>`;
}

/** Why the approval service would refuse this viewer, said before they try; the service still decides. */
function predictedRefusal(r: ApprovalRequest, viewer: Principal, groups: string[]): string | undefined {
  if (r.requester.principal.id === viewer.id) return 'You made this request: another approver has to decide it.';
  if (!viewer.groups.some((g) => groups.includes(g))) return `Only members of ${groups.join(', ') || '(no group)'} can decide this request.`;
  if (r.decisions.some((d) => d.by === viewer.id)) return 'You have already decided this request.';
  return undefined;
}

export function requestCard(r: ApprovalRequest, viewer: Viewer, defaultApprovers: readonly string[], now: number): SafeHtml {
  const groups = r.approverGroups.length > 0 ? r.approverGroups : [...defaultApprovers];
  const who = r.requester.principal;
  const warning = predictedRefusal(r, viewer.principal, groups);
  // Everything the agent or its request controls, so the warning can sit above it.
  const details = html`<p class="call-summary" title="The parser's view of the call"><code>${code(r.summary)}</code></p>
  <p class="reason">${r.reason}</p>
  ${impactSection(r.impact)}
  <section><h3>Call</h3>${argumentList(r.args)}</section>
  <section><h3>Matched rules</h3><ul class="rules">${r.rules.map((rule) => html`<li><span class="badge effect-${rule.effect}">${rule.effect}</span> <code>${rule.id}</code> ${rule.reason}</li>`)}</ul></section>
  <section><h3>What the parser saw</h3>${factList(r.facts)}<details><summary>Every fact, as data</summary><pre>${json(r.facts)}</pre></details></section>
  <dl class="meta">
    <dt>Requester</dt><dd>${who.name}${who.name !== who.id && html` (<code>${who.id}</code>)`}, ${who.kind}; groups: ${who.groups.join(', ') || 'none'}</dd>
    <dt>Session</dt><dd><a href="${sessionLink(r.requester.session)}"><code>${r.requester.session}</code></a> via ${r.requester.client}</dd>
    <dt>Created</dt><dd>${clock(r.createdAt)} (${relative(r.createdAt, now)})</dd>
    <dt>Expires</dt><dd>${clock(r.expiresAt)} (${relative(r.expiresAt, now)})</dd>
    <dt>Approvers</dt><dd>${groups.join(', ')}; ${r.requiredApprovals} approval${r.requiredApprovals === 1 ? '' : 's'} needed</dd>
    ${r.decisions.length > 0 && html`<dt>So far</dt><dd>${r.decisions.map((d) => html`<div>${d.decision} by ${d.name}: ${d.reason}</div>`)}</dd>`}
    <dt>Request id</dt><dd><code>${r.id}</code></dd>
  </dl>`;
  return html`<article class="request" id="request-${r.id}" data-id="${r.id}">
  <header>
    <span class="badge state-${r.state}">${r.state}</span>
    <h2><code>${r.tool}</code> on <code>${r.target}</code></h2>
    <span class="expires" title="${clock(r.expiresAt)}">expires ${relative(r.expiresAt, now)}</span>
  </header>
  ${hiddenNotice(details)}
  ${details}
  ${warning && html`<p class="warning">${warning}</p>`}
  ${r.state === 'pending' && html`<form class="decide" method="post" action="/console/approvals/${encodeURIComponent(r.id)}/decide">
    <input type="hidden" name="csrf" value="${viewer.csrf}">
    <label class="reason-field">Reason <span class="muted">(required to deny; shown to the agent)</span>
      <input type="text" name="reason" maxlength="2000" autocomplete="off"></label>
    <label class="grant-field">Grant window <span class="muted">(minutes, optional)</span>
      <input type="number" name="grantMinutes" min="1" max="1440" step="1" inputmode="numeric"></label>
    <p class="grant-scope muted">If granted, ${grantScope(r)}.${r.requiredApprovals > 1 && html` Under this quorum a grant takes effect only if all ${r.requiredApprovals} approvers ask for one; the shortest window applies.`}</p>
    ${r.widenedShape && html`<label class="widen-field"><input type="checkbox" name="widenFiles" value="on"> Widen the grant to other files</label>
    <p class="widen-scope muted">${wideningScope(r, r.requiredApprovals)}</p>`}
    <div class="buttons">
      <button type="submit" name="decision" value="approve" class="approve">Approve</button>
      <button type="submit" name="decision" value="deny" class="deny">Deny</button>
    </div>
  </form>`}
</article>`;
}

export function recentDecisions(list: readonly ApprovalRequest[]): SafeHtml {
  if (list.length === 0) return html`<p class="muted">No decisions yet.</p>`;
  return html`<table class="recent">
  <thead><tr><th>State</th><th>Call</th><th>Requester</th><th>Decisions</th><th>When</th></tr></thead>
  <tbody>${list.map(
    (r) => html`<tr>
    <td><span class="badge state-${r.state}">${r.state}</span></td>
    <td><code>${r.tool}</code> on <code>${r.target}</code><div class="summary">${cut(r.summary, 160, { code: true })}</div></td>
    <td>${r.requester.principal.id}</td>
    <td>${r.decisions.length === 0 ? html`<span class="muted">none</span>` : r.decisions.map((d) => html`<div>${d.decision} by ${d.name}${d.reason && html`: ${d.reason}`}${d.grantMinutes && html` (grant ${d.grantMinutes} min${d.widenFiles && ', widened to other files'})`}</div>`)}</td>
    <td>${clock(r.executedAt ?? r.decidedAt ?? r.expiresAt)}</td>
  </tr>`,
  )}</tbody>
</table>`;
}

export function approvalsBody(cards: readonly SafeHtml[], recent: SafeHtml): SafeHtml {
  return html`<h1>Pending requests <span class="count" id="pending-count">${cards.length}</span></h1>
<p class="muted live" id="live-status" data-feed="/console/api/approvals">This page updates by itself every few seconds.</p>
<section id="pending" aria-live="polite">${cards}</section>
<p class="empty muted" id="pending-empty" ${cards.length > 0 && html`hidden`}>Nothing is waiting for a decision.</p>
<h2 class="section">Recent decisions</h2>
<section id="recent">${recent}</section>`;
}
