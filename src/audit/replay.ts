// Replay: a session's events turned into a timeline of calls, each with its request, decision,
// approval steps and the result exactly as the agent received it, in the order they happened;
// rendered as text or kept as JSON. Every step keeps its sequence number, to find it in the log.
// The text goes through render/terminal.ts: recorded agent text (arguments, results, error messages,
// client names, reasons) is printed escaped, what the agent saw sits behind a gutter, and a call or
// header whose text held hidden characters ends with a warning line.
import { TerminalText } from '../render/terminal.ts';
import type { AuditEvent } from './events.ts';

export interface ReplayStep {
  seq: number;
  type: string;
  at: string;
  by?: string;
  detail: string;
}

export interface ReplayCall {
  callId: string;
  seq: number;
  at: string;
  tool: string;
  target: string;
  args: unknown;
  decision?: { effect: string; rules: Array<{ id: string; effect: string; reason: string }>; reason: string };
  approvals: ReplayStep[];
  /** The W3C trace id the agent sent with the call: where to find it in the agent's own traces. */
  traceId?: string;
  /** What the agent received: the result or the refusal. */
  outcome?: { seq: number; kind: 'result' | 'error'; at: string; text: string; data: Record<string, unknown> };
  /** Recorded command output with timing, for SSH calls: [seconds, stream, text]. */
  recording?: Array<[number, string, string]>;
}

export interface Timeline {
  session: string;
  principal: string;
  transport: string;
  client: string;
  /** The client's name held hidden characters; it was recorded with them escaped. */
  clientEscaped?: true;
  startedAt: string;
  calls: ReplayCall[];
  /** Events of the session that belong to no call, such as a retention prune. */
  events: ReplayStep[];
}

export function buildTimeline(events: readonly AuditEvent[]): Timeline {
  const first = events[0];
  const started = events.find((e) => e.type === 'session.started');
  const timeline: Timeline = {
    session: first?.session ?? '',
    principal: first?.principal ?? '',
    transport: String(started?.data.transport ?? ''),
    client: String(started?.data.client ?? ''),
    ...(started?.data.clientEscaped === true ? { clientEscaped: true as const } : {}),
    startedAt: first?.time ?? '',
    calls: [],
    events: [],
  };
  const calls = new Map<string, ReplayCall>();
  const byApproval = new Map<string, ReplayCall>();
  /** Who approved each request, for the call that later runs under it. */
  const approvers = new Map<string, string[]>();
  for (const e of events) {
    const approvalId = typeof e.data.approvalId === 'string' ? e.data.approvalId : undefined;
    let call = e.callId ? calls.get(e.callId) : approvalId ? byApproval.get(approvalId) : undefined;
    if (!call && e.type === 'call.requested' && e.callId) {
      const traceId = (e.data.caller as { traceId?: unknown } | undefined)?.traceId;
      call = { callId: e.callId, seq: e.seq, at: e.time, tool: e.tool ?? '', target: e.target ?? '', args: e.data.args, approvals: [], ...(typeof traceId === 'string' ? { traceId } : {}) };
      calls.set(e.callId, call);
      timeline.calls.push(call);
    }
    if (!call) {
      // Steps of a call whose request is gone (pruned) stay out; events of no call are listed.
      if (!e.callId && !approvalId && e.type !== 'session.started') timeline.events.push(step(e, otherDetail(e)));
      continue;
    }
    if (approvalId) byApproval.set(approvalId, call);
    if (e.target) call.target = e.target;
    switch (e.type) {
      case 'call.decided':
        call.decision = { effect: String(e.data.effect), rules: (e.data.rules as Array<{ id: string; effect: string; reason: string }> | undefined) ?? [], reason: String(e.data.reason ?? '') };
        break;
      case 'call.result': {
        // The recording moves to the call (once), for playback.
        const { recording, ...data } = e.data;
        const result = data.result as { content?: Array<{ text?: string }> } | undefined;
        call.outcome = { seq: e.seq, kind: 'result', at: e.time, text: result?.content?.map((c) => c.text ?? '').join('\n') ?? '', data };
        if (Array.isArray(recording)) call.recording = recording as ReplayCall['recording'];
        break;
      }
      case 'call.error':
        call.outcome = { seq: e.seq, kind: 'error', at: e.time, text: `Refused (${String(e.data.code)}): ${String(e.data.message)}`, data: e.data };
        break;
      default:
        if (!e.type.startsWith('approval.') && !e.type.startsWith('call.confirm')) break;
        if (e.type === 'approval.decided' && e.data.decision === 'approve' && approvalId) approvers.set(approvalId, [...(approvers.get(approvalId) ?? []), deciderOf(e)]);
        call.approvals.push(step(e, approvalDetail(e, approvalId ? approvers.get(approvalId) : undefined)));
    }
  }
  return timeline;
}

function step(e: AuditEvent, detail: string): ReplayStep {
  return { seq: e.seq, type: e.type, at: e.time, ...(e.principal ? { by: e.principal } : {}), detail };
}

function deciderOf(e: AuditEvent): string {
  return String((e.data.by as { id?: string } | undefined)?.id ?? e.principal);
}

function approvalDetail(e: AuditEvent, approvedBy: string[] | undefined): string {
  const d = e.data;
  switch (e.type) {
    case 'approval.requested': {
      const needed = Number(d.requiredApprovals ?? 1) > 1 ? `, ${String(d.requiredApprovals)} approvals needed` : '';
      return `requested ${String(d.approvalId)} from ${(d.approverGroups as string[] | undefined)?.join(', ') || 'approvers'}${needed}, expires ${String(d.expiresAt)}`;
    }
    case 'approval.decided': {
      const groups = (d.by as { groups?: string[] } | undefined)?.groups ?? [];
      const reason = String(d.reason ?? '') ? `reason "${String(d.reason)}"` : 'no reason given';
      const grant = d.grantMinutes ? `, grant ${String(d.grantMinutes)} min${d.widenFiles ? ' widened to other files' : ''}` : '';
      return `${String(d.decision)} by ${deciderOf(e)}${groups.length ? ` (${groups.join(', ')})` : ''}, ${reason}${grant} -> ${String(d.state)}`;
    }
    case 'approval.executed':
      return `ran under approval ${String(d.approvalId)}${approvedBy?.length ? `, approved by ${approvedBy.join(', ')}` : ''}`;
    case 'approval.expired':
      return `expired ${String(d.approvalId)} undecided at ${String(d.expiresAt)}`;
    case 'approval.notified':
      return `notified webhook ${String(d.webhook)} (attempt ${String(d.attempts)})`;
    case 'approval.notify_failed':
      return `notifying webhook ${String(d.webhook)} failed after ${String(d.attempts)} attempts: ${String(d.error ?? '')}`;
    case 'approval.cancelled':
      return `cancelled ${String(d.approvalId)} by the requester`;
    case 'call.confirmation_asked':
      return 'asked the person at the client to confirm (input_required)';
    case 'call.confirmed': {
      const ran = d.answeredIn ? ` (answered in call ${String(d.answeredIn)})` : '';
      return (d.accepted === true ? 'confirmed at the client' : `not confirmed at the client (${String(d.answer)})`) + ran;
    }
    case 'approval.grant_used':
      return `ran under grant ${String(d.grantId)} (granted by ${String(d.grantedBy)}, until ${String(d.expiresAt)})`;
    default:
      return e.type.replace('approval.', '');
  }
}

function otherDetail(e: AuditEvent): string {
  const d = e.data;
  if (e.type === 'audit.pruned') return `retention removed ${String(d.removed)} events (through event ${String(d.throughSeq)}) older than ${String(d.before)}`;
  if (e.type === 'session.ended') return `session ended by ${deciderOf(e)}${String(d.reason ?? '') ? `, reason "${String(d.reason)}"` : ''}`;
  if (e.type === 'store.tampered') return `the store was tampered with: ${String(d.table)} ${String(d.id)}: ${String(d.problem)}`;
  if (e.type === 'policy.reloaded') return `policies ${d.trigger === 'start' ? 'in force at start' : `reloaded (${String(d.trigger)})`}${d.replica ? ` on ${String(d.replica)}` : ''}: ${((d.files as Array<{ path: string; sha256: string }> | undefined) ?? []).map((f) => `${f.path} sha256:${f.sha256.slice(0, 12)}`).join(', ')}`;
  return e.type;
}

export function renderTimeline(t: Timeline): string {
  return [...renderHeader(t), ...t.calls.flatMap((c, i) => renderCall(c, i))].join('\n');
}

export function renderHeader(t: Timeline): string[] {
  const text = new TerminalText();
  const via = `${t.transport ? ` over ${text.line(t.transport)}` : ''}${t.client ? ` (client ${text.line(t.client)})` : ''}`;
  const out = [`session ${text.line(t.session)}`, `  principal ${text.line(t.principal || '-')}${via}, started ${text.line(t.startedAt)}`];
  for (const e of t.events) out.push(`  ${text.line(e.at)} ${text.line(e.detail)}`);
  const warning = text.warning();
  const escapedName = t.clientEscaped ? ['  warning: the client named itself with hidden characters; the name was recorded with them escaped'] : [];
  return [...out, ...(warning ? [`  warning: ${warning}`] : []), ...escapedName, ''];
}

/** One call's block, its steps in the order they happened; `withOutcome: false` leaves out what the agent saw (for playback). */
export function renderCall(c: ReplayCall, index: number, options: { withOutcome?: boolean } = {}): string[] {
  const text = new TerminalText();
  const field = (label: string, value: string) => `    ${label.padEnd(9)} ${text.line(value)}`.trimEnd();
  const out = [`[${index + 1}] ${text.line(c.at)}  ${text.line(c.tool)}${c.target ? ` on ${text.line(c.target)}` : ''}`, `    ${'call'.padEnd(9)} ${text.json(c.args, { code: true })}`];
  if (c.traceId) out.push(field('trace', c.traceId));
  if (c.decision) out.push(field('decision', `${c.decision.effect}${c.decision.rules.length ? ` by ${c.decision.rules.map((r) => `${r.id} (${r.effect})`).join(', ')}` : ' (policy default)'}: ${c.decision.reason}`));
  const withOutcome = options.withOutcome ?? true;
  const outcomeSeq = c.outcome?.seq ?? Number.POSITIVE_INFINITY;
  // An approval decided after the agent was told "pending" shows after that answer.
  for (const a of c.approvals.filter((s) => !withOutcome || s.seq < outcomeSeq)) out.push(field('approval', `${a.at} ${a.detail}`));
  if (withOutcome) {
    if (c.outcome) {
      const [head = '', ...rest] = text.block(c.outcome.text);
      out.push(`    ${'agent saw'.padEnd(9)} ${head}`, ...rest.map((line) => `              ${line}`));
    } else out.push(field('outcome', 'started, not finished (no result was recorded)'));
    for (const a of c.approvals.filter((s) => s.seq > outcomeSeq)) out.push(field('approval', `${a.at} ${a.detail}`));
  }
  const warning = text.warning();
  return [...out, ...(warning ? [field('warning', warning)] : []), ''];
}
