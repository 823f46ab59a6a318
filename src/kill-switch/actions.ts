// The operator's actions: suspend or resume a principal, end a session. One implementation for the
// CLI and the console: the change goes to the store (where every replica reads it) and onto the
// audit log with who did it, when, and why. A stop's store change goes first: should its audit event
// then fail to be written, the stop still holds (fail closed) and the operator is shown the error. A
// resume is recorded first, for the same reason: until both are done the principal stays suspended.
// Suspending also withdraws the principal's pending approval requests, so no approver can approve
// one while it is suspended (approvals.decide refuses any that a replica stores meanwhile).
import { withdrawPendingOf } from '../approval/cancel.ts';
import type { AuditEventInput } from '../audit/events.ts';
import type { Recorder } from '../audit/recorder.ts';
import { actTime } from './act-time.ts';
import type { Principal } from '../identity/principal.ts';
import type { Store } from '../store/store.ts';
import { KILL_SWITCH_SESSION, MAX_REVOCATION_ID, MAX_REVOCATION_REASON, type Revocation } from './model.ts';

export type KillSwitchAction = { action: 'suspend' | 'resume'; principal: string } | { action: 'end'; session: string };
export type ActionResult = { ok: true; revocation: Revocation; withdrawn: string[] } | { ok: false; code: string; message: string };

export async function runKillSwitchAction(store: Store, record: Recorder, by: Principal, input: KillSwitchAction, reason = ''): Promise<ActionResult> {
  const id = input.action === 'end' ? input.session : input.principal;
  if (id.length === 0 || id.length > MAX_REVOCATION_ID) return { ok: false, code: 'invalid_id', message: `the id must be 1 to ${MAX_REVOCATION_ID} characters` };
  if (reason.length > MAX_REVOCATION_REASON) return { ok: false, code: 'invalid_reason', message: `the reason is longer than ${MAX_REVOCATION_REASON} characters` };
  const revocation: Revocation = { kind: input.action === 'end' ? 'session' : 'principal', id, by: by.id, reason, at: actTime() };
  const who = { id: by.id, name: by.name };

  if (input.action === 'resume') {
    // The suspension in force, its row deleted outside gatehouse or not (the store reads the audit
    // log too): the resume names it, and lifts only it.
    const suspension = (await store.listRevocations()).find((r) => r.kind === 'principal' && r.id === id);
    if (!suspension) return notSuspended(id);
    // Recorded before the row goes: a replica that finds the row gone with no resume on record
    // takes it for a deletion made outside gatehouse and keeps the principal suspended.
    await record([{ type: 'principal.resumed', session: KILL_SWITCH_SESSION, principal: by.id, data: { subject: id, by: who, reason, lifts: suspension.at } }]);
    await store.removeRevocation('principal', id);
    return { ok: true, revocation, withdrawn: [] };
  }
  const act = { subject: id, by: who, reason, at: revocation.at };
  let events: AuditEventInput[];
  if (input.action === 'end') {
    // Only a session the audit log knows: a mistyped id would otherwise end nothing, silently.
    const [first] = await store.events({ session: id, limit: 1 });
    if (first?.type !== 'session.started') return { ok: false, code: 'unknown_session', message: `no agent session ${id} is on record` };
    const data = { ...act, sessionPrincipal: first.principal ?? null };
    // In the session it ends, for its replay; in the kill switch's, where every replica reads its acts.
    events = [id, KILL_SWITCH_SESSION].map((session) => ({ type: 'session.ended', session, principal: by.id, data }));
  } else {
    events = [{ type: 'principal.suspended', session: KILL_SWITCH_SESSION, principal: by.id, data: act }];
  }
  if (!(await store.addRevocation(revocation))) {
    return { ok: false, code: input.action === 'end' ? 'already_ended' : 'already_suspended', message: input.action === 'end' ? `session ${id} was already ended` : `principal ${id} is already suspended` };
  }
  await record(events);
  const withdrawn = input.action === 'suspend' ? await withdrawPendingOf(store, record, id, by) : [];
  return { ok: true, revocation, withdrawn };
}

const notSuspended = (id: string): ActionResult => ({ ok: false, code: 'not_suspended', message: `principal ${id} is not suspended` });
