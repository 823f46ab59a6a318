// A session as the CLI's `replay` tells it, for the console: one block per call, its steps in the
// order they happened (the call, the policy's decision, each approval step, what the agent saw,
// and approval steps that came after that answer). Built by audit/replay.ts's buildTimeline, so
// the console and the CLI read the log the same way; every recorded value goes through the `html`
// template, which escapes it and shows hidden characters as badges.
import { buildTimeline, type ReplayCall, type ReplayStep } from '../audit/replay.ts';
import type { AuditEvent } from '../audit/events.ts';
import { clock } from './format.ts';
import { code, codeJson, cut, hiddenNotice, html, type SafeHtml } from '../render/html.ts';

/** What the agent saw can be long: the page shows its start; the whole is in the event data. */
const OUTCOME_MAX = 4000;

function stepRow(label: string, s: ReplayStep): SafeHtml {
  return html`<li class="step step-${s.type.replace('.', '-')}"><span class="step-label">${label}</span> <time>${clock(s.at)}</time> ${s.detail}</li>`;
}

function callArgs(args: unknown): SafeHtml {
  const record = args && typeof args === 'object' ? (args as Record<string, unknown>) : {};
  const text = record.sql ?? record.command;
  return typeof text === 'string' ? html`<pre>${code(text)}</pre>` : html`<pre>${codeJson(args)}</pre>`;
}

function callBlock(c: ReplayCall, index: number): SafeHtml {
  const after = c.outcome?.seq ?? Number.POSITIVE_INFINITY;
  const decision = c.decision;
  const rules = decision?.rules.length ? decision.rules.map((r) => `${r.id} (${r.effect})`).join(', ') : 'the policy default';
  return html`<article class="call" id="call-${c.callId}">
  <h2><span class="muted">[${index + 1}]</span> <code>${c.tool}</code>${c.target && html` on <code>${c.target}</code>`} <time class="muted">${clock(c.at)}</time></h2>
  ${callArgs(c.args)}
  <ol class="steps">
    ${decision && html`<li class="step"><span class="step-label">decision</span> <span class="badge effect-${decision.effect}">${decision.effect}</span> by ${rules}: ${decision.reason}</li>`}
    ${c.approvals.filter((s) => s.seq < after).map((s) => stepRow('approval', s))}
    ${c.outcome
      ? html`<li class="step outcome-${c.outcome.kind}"><span class="step-label">agent saw</span> <time>${clock(c.outcome.at)}</time><pre>${cut(c.outcome.text, OUTCOME_MAX)}</pre></li>`
      : html`<li class="step"><span class="step-label">outcome</span> started, not finished (no result was recorded)</li>`}
    ${c.approvals.filter((s) => s.seq > after).map((s) => stepRow('approval', s))}
  </ol>
  ${c.traceId && html`<p class="muted">trace <code>${c.traceId}</code></p>`}
</article>`;
}

export function sessionTimeline(events: readonly AuditEvent[]): SafeHtml {
  const t = buildTimeline(events);
  if (t.calls.length === 0 && t.events.length === 0) return html`<p class="muted">No calls in this session.</p>`;
  const timeline = html`${t.events.length > 0 && html`<ul class="session-events">${t.events.map((e) => html`<li><time>${clock(e.at)}</time> ${e.detail}</li>`)}</ul>`}
${t.calls.map(callBlock)}`;
  return html`${hiddenNotice(timeline)}<section class="timeline">${timeline}</section>`;
}
