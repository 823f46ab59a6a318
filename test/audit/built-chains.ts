// Chains built in-process as the recorder builds them, for the rules of verify and its witnesses.
import { canonicalJson } from '../../src/audit/canonical.ts';
import { hashEvent, type AuditAnchor } from '../../src/audit/chain.ts';
import { GENESIS_HASH, RETENTION_SESSION, type AuditEvent, type AuditEventInput } from '../../src/audit/events.ts';

export const TIME = '2026-12-01T00:00:00.000Z';

/** Chains the inputs after `prevHash`, numbering from `firstSeq`. */
export function chain(inputs: AuditEventInput[], firstSeq = 1, prevHash = GENESIS_HASH): AuditEvent[] {
  const out: AuditEvent[] = [];
  let prev = prevHash;
  inputs.forEach((input, i) => {
    const meta = { ...input, seq: firstSeq + i, time: TIME, prevHash: prev };
    const { data, ...rest } = meta;
    const hash = hashEvent(rest, canonicalJson(data));
    out.push({ ...meta, hash });
    prev = hash;
  });
  return out;
}

export const call = (n: number): AuditEventInput => ({ type: 'call.requested', session: 's1', callId: `c${n}`, principal: 'ann', tool: 't', data: { n } });

/** Ten events, then a prune of 1..4 recorded as event 11 and its anchor. */
export function pruned() {
  const full = chain([...Array.from({ length: 10 }, (_, i) => call(i + 1))]);
  const through = full[3] as AuditEvent;
  const data = { throughSeq: 4, throughHash: through.hash, removed: 4, before: TIME };
  const events = [...full, ...chain([{ type: 'audit.pruned', session: RETENTION_SESSION, data }], 11, (full[9] as AuditEvent).hash)];
  const anchor: AuditAnchor = { ...data, time: TIME, eventSeq: 11 };
  return { events, anchor, kept: events.slice(4) };
}

export const head = (events: AuditEvent[]) => ({ seq: (events.at(-1) as AuditEvent).seq, hash: (events.at(-1) as AuditEvent).hash });
