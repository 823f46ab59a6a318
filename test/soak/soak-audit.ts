// Holds the audit store of a soak run against what the agents saw and what the target holds. It
// collects every problem rather than stopping at the first, so one run reports the whole picture:
// an event written twice, a call without its request or outcome, a record that differs from the
// answer, a call the agent made that left no record without being refused as audit_failed, and a
// row in the target whose call has no recorded result (a write that ran unaudited) unless the
// record says the write may have been committed (its COMMIT's answer was lost).
import type { AuditEvent } from '../../src/audit/events.ts';
import { TAG, type MadeCall } from './soak-agents.ts';

const OUTCOMES = new Set(['call.result', 'call.error']);
/** A write whose COMMIT went out but whose answer never came: recorded as such, so the row is audited. */
const AMBIGUOUS_COMMIT = /the write may or may not have been committed/;

interface RecordedCall {
  tag?: string;
  events: AuditEvent[];
}

function recordedCalls(events: readonly AuditEvent[]): Map<string, RecordedCall> {
  const byCall = new Map<string, RecordedCall>();
  for (const event of events) {
    if (!event.callId) continue;
    const call = byCall.get(event.callId) ?? { events: [] };
    call.events.push(event);
    if (event.type === 'call.requested') call.tag = TAG.exec(JSON.stringify(event.data.args))?.[0];
    byCall.set(event.callId, call);
  }
  return byCall;
}

/** A problem of one kind (counted together in the report) and the case it was seen in. */
export interface AuditProblem {
  kind: string;
  example: string;
}

function shapeProblem(callId: string, { tag, events }: RecordedCall): AuditProblem | undefined {
  const types = events.map((e) => e.type);
  const example = `${tag ?? callId}: ${types.join(', ')}`;
  if (new Set(types).size !== types.length) return { kind: 'an event written twice', example };
  if (!types.includes('call.requested')) return { kind: 'a call without its request', example };
  if (types.filter((t) => OUTCOMES.has(t)).length > 1) return { kind: 'a call with two outcomes', example };
  // A tagged call missing its outcome is reported with what its agent saw.
  if (!tag && !types.some((t) => OUTCOMES.has(t))) return { kind: 'a call without an outcome', example };
  return undefined;
}

function answerProblem(made: MadeCall, recorded: RecordedCall | undefined): AuditProblem | undefined {
  const saw = `${made.kind.name} call, the agent saw ${made.seen}`;
  if (!recorded) return made.seen === 'audit_failed' ? undefined : { kind: `no record at all (${saw})`, example: made.tag };
  const types = recorded.events.map((e) => e.type);
  const outcome = recorded.events.find((e) => OUTCOMES.has(e.type));
  if (!outcome) return { kind: `requested without an outcome (${saw})`, example: `${made.tag}: ${types.join(', ')}` };
  const recordedAs = outcome.type === 'call.result' ? 'result' : String(outcome.data.code);
  return recordedAs === made.seen ? undefined : { kind: `recorded as ${recordedAs} (${saw})`, example: made.tag };
}

export interface AuditCheck {
  problems: AuditProblem[];
  /** Calls the agents made that left no record because the store could not take it (they saw audit_failed). */
  unrecorded: number;
}

/** `marks` are the labels the target's marks table holds: each the tag of the INSERT that wrote it. */
export function checkAudit(events: readonly AuditEvent[], made: readonly MadeCall[], marks: readonly string[]): AuditCheck {
  const problems: AuditProblem[] = [];
  const add = (problem: AuditProblem | undefined) => problem && problems.push(problem);
  if (new Set(events.map((e) => e.seq)).size !== events.length) add({ kind: 'a sequence number repeats', example: '' });
  const byCall = recordedCalls(events);
  const byTag = new Map<string, RecordedCall>();
  for (const [callId, call] of byCall) {
    add(shapeProblem(callId, call));
    if (!call.tag) continue;
    if (byTag.has(call.tag)) add({ kind: 'one call recorded as two', example: call.tag });
    byTag.set(call.tag, call);
  }
  const madeTags = new Set(made.map((m) => m.tag));
  for (const tag of byTag.keys()) if (!madeTags.has(tag)) add({ kind: 'a recorded call no agent made', example: tag });
  let unrecorded = 0;
  for (const call of made) {
    const recorded = byTag.get(call.tag);
    if (!recorded) unrecorded++;
    add(answerProblem(call, recorded));
  }
  const madeByTag = new Map(made.map((m) => [m.tag, m]));
  for (const mark of marks) {
    const events = byTag.get(mark)?.events ?? [];
    if (events.some((e) => e.type === 'call.result' || AMBIGUOUS_COMMIT.test(String(e.data.message)))) continue;
    add({ kind: `a row in the target whose call has no recorded result (the agent saw ${madeByTag.get(mark)?.seen})`, example: `${mark}: ${events.map((e) => e.type).join(', ') || 'no record'}` });
  }
  return { problems, unrecorded };
}
