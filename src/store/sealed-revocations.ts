// The kill switch as the server keeps it in the store: every revocation row and every act in the
// kill switch's audit session is sealed (approval/seal.ts, kill-switch/sealed-acts.ts), and what
// is in force is read from both. A row whose seal fails is reported and stays in force as named (a
// made-up row can only stop someone); a suspension or ended session on record whose row is gone is
// reported and stays in force: only a sealed resume, recorded before its row goes, lifts one.
// A retention prune carries the acts in force forward (kill-switch/carried-acts.ts), so what is on
// record outlives the events it was first recorded in.
import type { Seal } from '../approval/seal.ts';
import { actsOnRecord, revocationKey, unsealedNewestPrune } from '../kill-switch/acts-on-record.ts';
import { actsInForceCarry } from '../kill-switch/carried-acts.ts';
import type { Revocation } from '../kill-switch/model.ts';
import { sealActs } from '../kill-switch/sealed-acts.ts';
import type { Tampering } from './sealed-approvals.ts';
import type { Store } from './store.ts';

export function sealedRevocations(store: Store, seal: Seal, report: (t: Tampering) => void, acceptedUnsealedPrune?: number): Pick<Store, 'append' | 'pruneEvents' | 'addRevocation' | 'listRevocations' | 'unsealedPrune'> {
  const onRecord = actsOnRecord(store, seal, report);
  const tampered = (r: Revocation, problem: string) => report({ table: 'revocations', id: `${r.kind} ${r.id.slice(0, 100)}`, problem });

  return {
    append: (events, options) => store.append(sealActs(seal, events), options),
    pruneEvents: (before, options) => store.pruneEvents(before, { ...options, carry: actsInForceCarry(seal), sealPruned: (data) => ({ ...seal.seal('prune', data) }) }),
    addRevocation: (r) => store.addRevocation(seal.seal('revocation', r)),
    async unsealedPrune() {
      const unsealed = await unsealedNewestPrune(store, seal);
      return unsealed?.throughSeq === acceptedUnsealedPrune ? undefined : unsealed;
    },
    async listRevocations() {
      // A suspension's row goes in before its act is recorded, and a resume is recorded before its
      // row goes. So the record is read first and the rows after it: an act in force whose row the
      // rows lack was either deleted or lifted by a resume between the two reads, and the record,
      // read once more, tells which. An act recorded after the rows were read is not asked about.
      const before = await onRecord();
      const rows = await store.listRevocations();
      const inForce = new Map<string, Revocation>();
      for (const stored of rows) {
        const { seal: _seal, ...plain } = stored;
        if (!seal.open('revocation', stored)) tampered(plain, 'its seal does not verify (edited, made up, or written without the seal key); it stays in force');
        inForce.set(revocationKey(plain), plain);
      }
      const record = [...before.keys()].some((key) => !inForce.has(key)) ? await onRecord() : before;
      for (const [key, r] of record) {
        if (!inForce.has(key) && before.has(key)) tampered(r, `its row was deleted outside gatehouse (${r.kind === 'principal' ? 'the audit log has this principal suspended with no sealed resume' : 'an ended session is never resumed'}); it stays in force`);
        // The record's copy names the suspension a resume must lift.
        inForce.set(key, r);
      }
      return [...inForce.values()];
    },
  };
}
