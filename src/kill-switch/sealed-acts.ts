// The kill switch's acts as the audit log keeps them: every event in the kill switch's session
// carries a seal (approval/seal.ts) over its type, session, acting principal and data, so an act
// someone appends, edits or retypes in the store, however well they link it into the hash chain,
// reads as unsealed. The seal sits in the data, so the chain's hash covers it as well.
import type { Seal } from '../approval/seal.ts';
import type { AuditEvent, AuditEventInput } from '../audit/events.ts';
import { KILL_SWITCH_SESSION } from './model.ts';

type Data = Record<string, unknown>;

const covered = (e: AuditEventInput, data: Data) => ({ type: e.type, session: e.session, principal: e.principal ?? null, data });

/** The events as the store should append them: the kill switch's acts sealed, the rest untouched. */
export function sealActs(seal: Seal, events: readonly AuditEventInput[]): readonly AuditEventInput[] {
  if (!events.some((e) => e.session === KILL_SWITCH_SESSION)) return events;
  return events.map((e) => (e.session === KILL_SWITCH_SESSION ? { ...e, data: { ...e.data, seal: seal.seal('kill-switch act', covered(e, e.data)).seal } } : e));
}

const ACT_TYPES = ['principal.suspended', 'principal.resumed', 'session.ended'] as const;
export type Act = { type: (typeof ACT_TYPES)[number]; data: Data };

/**
 * The act as it was sealed, when the seal holds over the whole event; undefined otherwise. An event
 * whose type was changed is read as the type it was sealed with: a suspension retyped into a resume,
 * or into any other event, is still a suspension.
 */
export function openAct(seal: Seal, e: AuditEvent): Act | undefined {
  const { seal: given, ...data } = e.data;
  // At most three HMACs for an act read once per process: acts are operators' acts, few.
  const type = ACT_TYPES.find((t) => seal.open('kill-switch act', { ...covered({ ...e, type: t }, data), seal: given }));
  return type && { type, data };
}
