// Replay: a session's events turned into a timeline of calls, each with its request, decision,
// approval steps and the result exactly as the agent received it; rendered as text or kept as JSON.
import type { AuditEvent } from './events.ts';

export interface ReplayCall {
  callId: string;
  at: string;
  tool: string;
  target: string;
  args: unknown;
  decision?: { effect: string; rules: Array<{ id: string; effect: string; reason: string }>; reason: string };
  approvals: Array<{ type: string; at: string; by?: string; detail: string }>;
  /** What the agent received: the result or the refusal. */
  outcome?: { kind: 'result' | 'error'; at: string; text: string; data: Record<string, unknown> };
  /** Recorded command output with timing, for SSH calls: [seconds, stream, text]. */
  recording?: Array<[number, string, string]>;
}

export interface Timeline {
  session: string;
  principal: string;
  transport: string;
  client: string;
  startedAt: string;
  calls: ReplayCall[];
}

export function buildTimeline(events: readonly AuditEvent[]): Timeline {
  const first = events[0];
  const started = events.find((e) => e.type === 'session.started');
  const timeline: Timeline = {
    session: first?.session ?? '',
    principal: first?.principal ?? '',
    transport: String(started?.data.transport ?? ''),
    client: String(started?.data.client ?? ''),
    startedAt: first?.time ?? '',
    calls: [],
  };
  const calls = new Map<string, ReplayCall>();
  const byApproval = new Map<string, ReplayCall>();
  for (const e of events) {
    const approvalId = typeof e.data.approvalId === 'string' ? e.data.approvalId : undefined;
    let call = e.callId ? calls.get(e.callId) : approvalId ? byApproval.get(approvalId) : undefined;
    if (!call && e.type === 'call.requested' && e.callId) {
      call = { callId: e.callId, at: e.time, tool: e.tool ?? '', target: e.target ?? '', args: e.data.args, approvals: [] };
      calls.set(e.callId, call);
      timeline.calls.push(call);
    }
    if (!call) continue;
    if (approvalId) byApproval.set(approvalId, call);
    if (e.target) call.target = e.target;
    switch (e.type) {
      case 'call.decided':
        call.decision = { effect: String(e.data.effect), rules: (e.data.rules as Array<{ id: string; effect: string; reason: string }> | undefined) ?? [], reason: String(e.data.reason ?? '') };
        break;
      case 'call.result': {
        const result = e.data.result as { content?: Array<{ text?: string }> } | undefined;
        call.outcome = { kind: 'result', at: e.time, text: result?.content?.map((c) => c.text ?? '').join('\n') ?? '', data: e.data };
        if (Array.isArray(e.data.recording)) call.recording = e.data.recording as ReplayCall['recording'];
        break;
      }
      case 'call.error':
        call.outcome = { kind: 'error', at: e.time, text: `Refused (${String(e.data.code)}): ${String(e.data.message)}`, data: e.data };
        break;
      default:
        if (e.type.startsWith('approval.')) call.approvals.push({ type: e.type, at: e.time, ...(e.principal ? { by: e.principal } : {}), detail: approvalDetail(e) });
    }
  }
  return timeline;
}

function approvalDetail(e: AuditEvent): string {
  const d = e.data;
  switch (e.type) {
    case 'approval.requested':
      return `requested ${String(d.approvalId)} from ${(d.approverGroups as string[] | undefined)?.join(', ') || 'approvers'}, expires ${String(d.expiresAt)}`;
    case 'approval.decided':
      return `${String(d.decision)} by ${String((d.by as { id?: string } | undefined)?.id ?? e.principal)}: ${String(d.reason ?? '') || '(no reason)'} -> ${String(d.state)}`;
    case 'approval.grant_used':
      return `ran under grant ${String(d.grantId)} (granted by ${String(d.grantedBy)}, until ${String(d.expiresAt)})`;
    default:
      return e.type.replace('approval.', '');
  }
}

export function renderTimeline(t: Timeline): string {
  const out = [`session ${t.session}`, `  principal ${t.principal} over ${t.transport || '?'}${t.client ? ` (client ${t.client})` : ''}, started ${t.startedAt}`, ''];
  t.calls.forEach((c, i) => {
    out.push(`[${i + 1}] ${c.at}  ${c.tool}${c.target ? ` on ${c.target}` : ''}`);
    out.push(...indent('call', JSON.stringify(c.args)));
    if (c.decision) out.push(...indent('decision', `${c.decision.effect}${c.decision.rules.length ? ` by ${c.decision.rules.map((r) => `${r.id} (${r.effect})`).join(', ')}` : ' (policy default)'}: ${c.decision.reason}`));
    for (const a of c.approvals) out.push(...indent('approval', `${a.at} ${a.detail}`));
    if (c.outcome) out.push(...indent('agent saw', c.outcome.text));
    else out.push(...indent('outcome', 'started, not finished (no result was recorded)'));
    out.push('');
  });
  return out.join('\n');
}

function indent(label: string, text: string): string[] {
  const [head = '', ...rest] = text.split('\n');
  return [`    ${label.padEnd(9)} ${head}`, ...rest.map((line) => `              ${line}`)];
}
