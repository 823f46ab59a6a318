// A store insider: someone who can write the store's tables (SQL on the SQLite file or the shared
// PostgreSQL database) but holds neither the seal key nor a person's sign-in. Each case tampers
// through raw SQL, as they would, and the server must run nothing, refuse with approval_tampered,
// and report it (a log line and a store.tampered audit event). The decoys are the untouched flows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actionHash, type ApprovalRequest, type Grant } from '../../src/approval/model.ts';
import { createSeal } from '../../src/approval/seal.ts';
import { createApprovals, type Approvals, type GateCall, type GateResult } from '../../src/approval/service.ts';
import type { AuditEvent } from '../../src/audit/events.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import { createRecorder, type Recorder } from '../../src/audit/recorder.ts';
import { createLogger } from '../../src/server/logger.ts';
import { sealedStore, StoreTampered } from '../../src/store/sealed-approvals.ts';
import type { Store } from '../../src/store/store.ts';
import { tamperReporter } from '../../src/store/tamper-report.ts';
import { removeEventSql } from './audit-helpers.ts';
import type { StoreBackend, StorePlace } from './places.ts';
import { agent, dba, gateCall } from './requests.ts';

const SEAL_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
/** The key a rotation moves to; SEAL_KEY is then listed as a previous key. */
const NEW_KEY = 'f9e8d7c6b5a4938271605f4e3d2c1b0af9e8d7c6b5a4938271605f4e3d2c1b0a';
const LATER = '2099-01-01T00:00:00.000Z';
const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;

let shapes = 0;
/** A reviewed call of its own action and shape, so the cases of one store never meet. */
function call(over: Partial<GateCall> = {}): GateCall {
  shapes++;
  return { ...gateCall(`UPDATE t SET a = ${shapes} WHERE id = 1`), shape: `shape-${shapes}`, ...over };
}

export function sealCases(backend: StoreBackend): void {
  describe(`${backend.name} store: a store insider cannot approve, grant or replay`, () => {
    let place: StorePlace;
    /** The tables as they are: what the insider sees (documents with their seals). */
    let raw: Store;
    let store: Store;
    let approvals: Approvals;
    let waiting: Approvals;
    /** Another replica: its own sealed store and approval service over the same tables. */
    let replicaB: Approvals;
    const logs: string[] = [];

    before(async () => {
      place = await backend.fresh();
      raw = await place.open();
      const late: { record?: Recorder } = {};
      const logger = createLogger('info', (t) => t, { write: (line: string) => void logs.push(line) });
      store = sealedStore(raw, createSeal(SEAL_KEY), tamperReporter(logger, () => late.record));
      const record = createRecorder(store, (t) => t);
      late.record = record;
      const settings = { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['dba'], pollMs: 20 };
      approvals = createApprovals(store, record, settings);
      waiting = createApprovals(store, record, { ...settings, waitMs: 20_000 });
      replicaB = createApprovals(sealedStore(raw, createSeal(SEAL_KEY), tamperReporter(logger, () => late.record)), record, settings);
    });
    after(async () => {
      await raw.close();
      await place.drop();
    });

    const held = async (c: GateCall): Promise<ApprovalRequest> => {
      const r = await approvals.gate(c, new AbortController().signal);
      assert.equal(r.kind, 'pending');
      return (r as Extract<GateResult, { kind: 'pending' }>).approval;
    };
    const approve = async (id: string, over: { grantMinutes?: number } = {}) => {
      const decided = await approvals.decide(id, dba('dana'), { decision: 'approve', reason: 'ok', ...over });
      assert.equal(decided.ok, true, JSON.stringify(decided));
      return decided;
    };
    const rewrite = (id: string, doc: object, columns = '') => place.exec(`UPDATE approvals SET body = ${lit(JSON.stringify(doc))}${columns} WHERE id = ${lit(id)}`);
    const insertApproval = (r: object & Pick<ApprovalRequest, 'id' | 'actionHash' | 'state' | 'createdAt' | 'expiresAt' | 'version'>, rowId = r.id) =>
      place.exec(
        `INSERT INTO approvals (id, action_hash, state, created_at, expires_at, version, body) VALUES (${[rowId, r.actionHash, r.state, r.createdAt, r.expiresAt].map(lit).join(', ')}, ${r.version}, ${lit(JSON.stringify(r))})`,
      );
    const insertGrant = (g: object & Grant) =>
      place.exec(`INSERT INTO grants (id, principal, tool, target, shape, expires_at, body) VALUES (${[g.id, g.principal, g.tool, g.target, g.shape, g.expiresAt, JSON.stringify(g)].map(lit).join(', ')})`);
    const storedGrant = async (c: GateCall) => (await raw.findGrant(c.principal.id, c.tool, c.target, c.shape, new Date().toISOString())) as Grant & { seal: string };

    /** The call is refused as tampered, nothing of it ran, and the tampering with `id` is on record and in the log. */
    async function refusedAndReported(attempt: Promise<unknown>, c: GateCall, id: string, problem: RegExp): Promise<void> {
      await assert.rejects(attempt, (error: unknown) => error instanceof StoreTampered && error.code === 'approval_tampered' && problem.test(error.message));
      const ran = (await raw.events({ callId: c.callId })).filter((e) => e.type === 'approval.executed' || e.type === 'approval.grant_used');
      assert.deepEqual(ran, [], 'nothing ran');
      const reported = async () => (await raw.events({ session: 'store-tampering', limit: 10_000 })).some((e: AuditEvent) => e.type === 'store.tampered' && e.data.id === id && problem.test(String(e.data.problem)));
      for (let i = 0; i < 50 && !(await reported()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(await reported(), 'a store.tampered event names the document and the problem');
      assert.ok(logs.some((line) => line.includes(id) && line.includes('tampered')), 'the log names the tampered document');
      assert.ok(!logs.join('\n').includes(SEAL_KEY) && !JSON.stringify(await raw.events({ limit: 10_000 })).includes(SEAL_KEY), 'the key is never logged or recorded');
    }

    it('decoy: a request a person approves runs exactly once, and a grant runs its shape', async () => {
      const c = call();
      const r = await held(c);
      await approve(r.id);
      assert.equal((await approvals.gate(c, new AbortController().signal)).kind, 'run');
      assert.equal((await approvals.gate({ ...c, callId: 'again' }, new AbortController().signal)).kind, 'pending', 'spent: the same call asks anew');
      assert.equal((await store.getApproval(r.id))?.state, 'executed');
      assert.equal('seal' in ((await store.getApproval(r.id)) ?? {}), false, 'documents come back without their seal');
      const g = call();
      const granted = await held(g);
      await approve(granted.id, { grantMinutes: 10 });
      for (const callId of ['first', 'second']) {
        const ran = await approvals.gate({ ...g, callId }, new AbortController().signal);
        assert.deepEqual([ran.kind, ran.kind === 'run' && ran.grant?.approvalId], ['run', granted.id]);
      }
    });

    it('a pending request approved in the store (state and forged approver) does not run on a retry', async () => {
      const c = call();
      const r = await held(c);
      const forged = { ...(await raw.getApproval(r.id)), state: 'approved', version: 2, decidedAt: new Date().toISOString(), decisions: [{ by: 'dana', name: 'dana', decision: 'approve', reason: 'ok', at: new Date().toISOString() }] };
      await rewrite(r.id, forged, ", state = 'approved', version = 2");
      await refusedAndReported(approvals.gate({ ...c, callId: 'retry-forged' }, new AbortController().signal), { ...c, callId: 'retry-forged' }, r.id, /seal does not verify/);
    });

    it('a call waiting on its request is refused at once when the request is approved in the store', async () => {
      const c = call();
      const wait = waiting.gate(c, new AbortController().signal);
      let pending: ApprovalRequest | undefined;
      for (let i = 0; i < 200 && !pending; i++) {
        pending = await store.findOpenApproval(actionHash(c.tool, c.target, c.args, c.principal.id), new Date().toISOString());
        if (!pending) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(pending);
      const doc = (await raw.getApproval(pending.id)) as ApprovalRequest & { seal: string };
      await rewrite(pending.id, { ...doc, state: 'approved' }, ", state = 'approved'");
      await refusedAndReported(wait, c, pending.id, /seal does not verify/);
    });

    it('a request made up in the store, with or without a seal copied from a real one, is never run', async () => {
      const c = call();
      const real = await held(call());
      const sealOf = ((await raw.getApproval(real.id)) as ApprovalRequest & { seal: string }).seal;
      const hash = actionHash(c.tool, c.target, c.args, c.principal.id);
      const madeUp = { ...real, id: 'made-up-1', actionHash: hash, state: 'approved' as const, args: c.args, version: 2 };
      await insertApproval(madeUp);
      await refusedAndReported(approvals.gate(c, new AbortController().signal), c, 'made-up-1', /seal does not verify/);
      await place.exec(`DELETE FROM approvals WHERE id = 'made-up-1'`);
      await insertApproval({ ...madeUp, id: 'made-up-2', seal: sealOf } as typeof madeUp);
      const c2 = { ...c, callId: 'second-try' };
      await refusedAndReported(approvals.gate(c2, new AbortController().signal), c2, 'made-up-2', /seal does not verify/);
    });

    it('an approved request moved to another call (its action hash column) runs neither call', async () => {
      const [a, b] = [call(), call()];
      const r = await held(a);
      await approve(r.id);
      await place.exec(`UPDATE approvals SET action_hash = ${lit(actionHash(b.tool, b.target, b.args, b.principal.id))} WHERE id = ${lit(r.id)}`);
      await refusedAndReported(approvals.gate(b, new AbortController().signal), b, r.id, /does not match its sealed document/);
    });

    it('a request copied under another id, or to another principal, is refused', async () => {
      const c = call();
      const r = await held(c);
      await approve(r.id);
      const sealed = (await raw.getApproval(r.id)) as ApprovalRequest & { seal: string };
      await insertApproval(sealed, 'copied-1');
      await assert.rejects(store.getApproval('copied-1'), /does not match its sealed document/);
      const other = { ...c, principal: { ...agent, id: 'agent-2' }, callId: 'other-principal' };
      await rewrite(r.id, { ...sealed, requester: { ...sealed.requester, principal: other.principal }, actionHash: actionHash(c.tool, c.target, c.args, 'agent-2') }, `, action_hash = ${lit(actionHash(c.tool, c.target, c.args, 'agent-2'))}`);
      await refusedAndReported(approvals.gate(other, new AbortController().signal), other, r.id, /seal does not verify/);
    });

    it('every sealed field of a request counts: an edit of any one is caught', async () => {
      const r = await held(call());
      const sealed = (await raw.getApproval(r.id)) as ApprovalRequest & { seal: string };
      const edits: Array<Partial<ApprovalRequest>> = [
        { requiredApprovals: 0 },
        { approverGroups: ['dev'] },
        { expiresAt: LATER },
        { version: 7 },
        { tool: 'shell_exec' },
        { target: 'other' },
        { args: { sql: 'DROP TABLE t' } },
        { summary: 'harmless read' },
        { impact: { method: 'dry run', rows: 0 } },
      ];
      for (const edit of edits) {
        await rewrite(r.id, { ...sealed, ...edit });
        await assert.rejects(store.getApproval(r.id), StoreTampered, JSON.stringify(edit));
      }
      await rewrite(r.id, { ...sealed, seal: sealed.seal.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) });
      await assert.rejects(store.getApproval(r.id), StoreTampered, 'a seal edited');
      await rewrite(r.id, sealed);
      assert.equal((await store.getApproval(r.id))?.id, r.id, 'the untouched document reads again');
    });

    it('a grant made up in the store for a principal, tool, target and shape runs nothing', async () => {
      const c = call();
      const template = { id: 'made-up-grant', principal: c.principal.id, tool: c.tool, target: c.target, shape: c.shape, approvalId: 'none', grantedBy: 'dana', expiresAt: LATER };
      await insertGrant(template);
      await refusedAndReported(approvals.gate(c, new AbortController().signal), c, 'made-up-grant', /seal does not verify/);
    });

    it('a real grant widened in the store (shape, principal, expiry) runs nothing it was not granted for', async () => {
      const c = call();
      await approve((await held(c)).id, { grantMinutes: 1 });
      const sealed = await storedGrant(c);
      const other = call();
      // Its columns moved to another shape: the lookup finds it, its sealed shape does not fit.
      await place.exec(`UPDATE grants SET shape = ${lit(other.shape)} WHERE id = ${lit(sealed.id)}`);
      await refusedAndReported(approvals.gate(other, new AbortController().signal), other, sealed.id, /does not match its sealed grant/);
      // Its body moved too: the seal breaks.
      const otherPrincipal = { ...call(), principal: { ...agent, id: 'agent-9' } };
      await place.exec(`UPDATE grants SET shape = ${lit(otherPrincipal.shape)}, principal = 'agent-9', body = ${lit(JSON.stringify({ ...sealed, shape: otherPrincipal.shape, principal: 'agent-9' }))} WHERE id = ${lit(sealed.id)}`);
      await refusedAndReported(approvals.gate(otherPrincipal, new AbortController().signal), otherPrincipal, sealed.id, /seal does not verify/);
      // Its expiry: the column kept, the body lengthened; then the column lengthened past the body.
      await place.exec(`UPDATE grants SET shape = ${lit(c.shape)}, principal = ${lit(c.principal.id)}, body = ${lit(JSON.stringify({ ...sealed, expiresAt: LATER }))} WHERE id = ${lit(sealed.id)}`);
      const later = { ...c, callId: 'later' };
      await refusedAndReported(approvals.gate(later, new AbortController().signal), later, sealed.id, /seal does not verify/);
      await place.exec(`UPDATE grants SET expires_at = ${lit(LATER)}, body = ${lit(JSON.stringify(sealed))} WHERE id = ${lit(sealed.id)}`);
      const after = await store.findGrant(c.principal.id, c.tool, c.target, c.shape, new Date(Date.parse(sealed.expiresAt) + 1000).toISOString()).catch((e: unknown) => e);
      assert.ok(after instanceof StoreTampered && /does not match its sealed grant/.test(after.message), 'past its sealed expiry a grant is no grant');
    });

    it('a real grant moved to another principal by its column alone runs nothing for that principal', async () => {
      const c = call();
      await approve((await held(c)).id, { grantMinutes: 1 });
      const sealed = await storedGrant(c);
      // The lookup finds it under the other principal; its sealed body, untouched, names the first.
      await place.exec(`UPDATE grants SET principal = 'agent-9' WHERE id = ${lit(sealed.id)}`);
      const moved = { ...c, callId: 'moved', principal: { ...agent, id: 'agent-9' } };
      await refusedAndReported(approvals.gate(moved, new AbortController().signal), moved, sealed.id, /does not match its sealed grant/);
    });

    it('a spent approval put back to its sealed approved copy does not run a second time', async () => {
      const c = call();
      const r = await held(c);
      await approve(r.id);
      const approvedCopy = (await raw.getApproval(r.id)) as ApprovalRequest & { seal: string };
      assert.equal((await approvals.gate(c, new AbortController().signal)).kind, 'run');
      await rewrite(r.id, approvedCopy, `, state = 'approved', version = ${approvedCopy.version}`);
      const replay = { ...c, callId: 'replayed' };
      await refusedAndReported(approvals.gate(replay, new AbortController().signal), replay, r.id, /audit log has it executed .*an old copy was put back/);
    });

    /** Cuts the event of `type` for request `id` from the chain, every later event moved down and re-hashed: the chain links without it. */
    const cutFromChain = async (id: string, type: AuditEvent['type']) => {
      const events = await raw.events({ limit: 100_000 });
      const closing = events.find((e) => e.type === type && e.data.approvalId === id);
      assert.ok(closing, `the ${type} event is on record`);
      await place.exec(removeEventSql(events, closing.seq));
      assert.equal((await verifyStore(raw)).ok, true, 'the chain alone shows nothing');
    };

    it('a spent approval put back to its approved copy, its approval.executed event cut from the chain, does not run again on the replica that ran it', async () => {
      const c = call();
      const r = await held(c);
      await approve(r.id);
      const approvedCopy = (await raw.getApproval(r.id)) as ApprovalRequest & { seal: string };
      assert.equal((await approvals.gate(c, new AbortController().signal)).kind, 'run');
      await cutFromChain(r.id, 'approval.executed');
      await rewrite(r.id, approvedCopy, `, state = 'approved', version = ${approvedCopy.version}`);
      const replay = { ...c, callId: 'replayed-after-cut' };
      await refusedAndReported(approvals.gate(replay, new AbortController().signal), replay, r.id, /this server saw it closed \(executed\), yet the store holds it open again: an old copy was put back/);
      const bound = { ...c, callId: 'replayed-as-task', approvalId: r.id };
      await refusedAndReported(approvals.gate(bound, new AbortController().signal), bound, r.id, /this server saw it closed \(executed\)/);
    });

    it('a denied request put back to its pending copy, its approval.decided event cut from the chain, cannot be approved on the replica that denied it', async () => {
      const c = call();
      const r = await held(c);
      const pendingCopy = (await raw.getApproval(r.id)) as ApprovalRequest & { seal: string };
      assert.equal((await approvals.decide(r.id, dba('dave'), { decision: 'deny', reason: 'no' })).ok, true);
      await cutFromChain(r.id, 'approval.decided');
      await rewrite(r.id, pendingCopy, `, state = 'pending', version = ${pendingCopy.version}`);
      const again = await approvals.decide(r.id, dba('dana'), { decision: 'approve', reason: 'ok' });
      assert.deepEqual(again.ok ? 'approved' : [again.code, /this server saw it closed \(denied\)/.test(again.message)], ['approval_tampered', true]);
    });

    // Only PostgreSQL: one server process per SQLite file, and no change notices.
    if (backend.name !== 'sqlite') it('on PostgreSQL, another replica that heard the request was spent refuses the put-back copy too', async () => {
      const c = call();
      const r = await held(c);
      await approve(r.id);
      const approvedCopy = (await raw.getApproval(r.id)) as ApprovalRequest & { seal: string };
      const heard = new Promise<void>((resolve) => {
        const stop = raw.watchApprovals?.((id) => {
          if (id !== r.id) return;
          stop?.();
          resolve();
        });
      });
      assert.equal((await approvals.gate(c, new AbortController().signal)).kind, 'run');
      await heard;
      await new Promise((resolve) => setTimeout(resolve, 300));
      await cutFromChain(r.id, 'approval.executed');
      await rewrite(r.id, approvedCopy, `, state = 'approved', version = ${approvedCopy.version}`);
      const replay = { ...c, callId: 'replayed-on-b' };
      await refusedAndReported(replicaB.gate(replay, new AbortController().signal), replay, r.id, /this server saw it closed \(executed\)/);
    });

    it('decoy: after a request ran, the same call asks anew, and that new request runs once approved', async () => {
      const c = call();
      await approve((await held(c)).id);
      assert.equal((await approvals.gate(c, new AbortController().signal)).kind, 'run');
      const next = await held({ ...c, callId: 'next-time' });
      await approve(next.id);
      assert.equal((await approvals.gate({ ...c, callId: 'next-time' }, new AbortController().signal)).kind, 'run');
    });

    it('a denied or cancelled request put back to its pending copy cannot be approved', async () => {
      const c = call();
      const r = await held(c);
      const pendingCopy = (await raw.getApproval(r.id)) as ApprovalRequest & { seal: string };
      const denied = await approvals.decide(r.id, dba('dave'), { decision: 'deny', reason: 'no' });
      assert.equal(denied.ok, true);
      await rewrite(r.id, pendingCopy, `, state = 'pending', version = ${pendingCopy.version}`);
      const again = await approvals.decide(r.id, dba('dana'), { decision: 'approve', reason: 'ok' });
      assert.deepEqual(again.ok ? 'approved' : [again.code, /audit log has it denied/.test(again.message)], ['approval_tampered', true]);
      assert.equal((await store.getApproval(r.id))?.state, 'pending', 'the put-back copy stays as it was: nobody approved it');
      const runs = await approvals.gate({ ...c, callId: 'after-deny' }, new AbortController().signal).catch((e: unknown) => e);
      assert.ok(!(typeof runs === 'object' && runs !== null && 'kind' in runs && runs.kind === 'run'), 'the call does not run');
    });

    it('decoy: listing leaves a tampered request out and shows the others', async () => {
      const [kept, broken] = [await held(call()), await held(call())];
      await place.exec(`UPDATE approvals SET body = replace(body, '"requiredApprovals":1', '"requiredApprovals":0') WHERE id = ${lit(broken.id)}`);
      const listed = (await store.listApprovals({ states: ['pending'], limit: 10_000 })).map((r) => r.id);
      assert.ok(listed.includes(kept.id) && !listed.includes(broken.id));
    });

    it('a store sealed under another key (a replica configured apart) reads as tampered', async () => {
      const r = await held(call());
      const apart = sealedStore(raw, createSeal(`${SEAL_KEY}-other`), () => undefined);
      await assert.rejects(apart.getApproval(r.id), StoreTampered);
    });

    it('after a key rotation, documents sealed under a listed previous key still open, and new ones are sealed under the new key only', async () => {
      const before = await held(call());
      const rotated = sealedStore(raw, createSeal(NEW_KEY, [SEAL_KEY]), () => undefined);
      assert.equal((await rotated.getApproval(before.id))?.id, before.id, 'sealed under the previous key: opens');
      const c = call();
      const after = createApprovals(rotated, createRecorder(rotated, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['dba'], pollMs: 20 });
      const pending = await after.gate(c, new AbortController().signal);
      assert.equal(pending.kind, 'pending');
      const id = (pending as Extract<GateResult, { kind: 'pending' }>).approval.id;
      assert.equal(createSeal(NEW_KEY).open<ApprovalRequest>('approval', await raw.getApproval(id))?.id, id, 'the new document holds under the new key alone');
      assert.equal(createSeal(SEAL_KEY).open('approval', await raw.getApproval(id)), undefined, 'and not under the old one');
    });

    it('a document sealed only under a key no longer listed reads as tampered', async () => {
      const r = await held(call());
      const dropped = sealedStore(raw, createSeal(NEW_KEY, [`${SEAL_KEY}-retired`]), () => undefined);
      await assert.rejects(dropped.getApproval(r.id), StoreTampered);
    });

    it('during a rollout, a replica still on the old key refuses an approval sealed under the new key and runs nothing; the new replica runs it', async () => {
      const c = call();
      const r = await held(c);
      const rotated = sealedStore(raw, createSeal(NEW_KEY, [SEAL_KEY]), () => undefined);
      const rotatedApprovals = createApprovals(rotated, createRecorder(rotated, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['dba'], pollMs: 20 });
      assert.equal((await rotatedApprovals.decide(r.id, dba('dana'), { decision: 'approve', reason: 'ok' })).ok, true);
      const onOld = { ...c, callId: 'on-the-old-key' };
      await refusedAndReported(approvals.gate(onOld, new AbortController().signal), onOld, r.id, /seal does not verify/);
      const prepared = sealedStore(raw, createSeal(SEAL_KEY, [NEW_KEY]), () => undefined);
      assert.equal((await prepared.getApproval(r.id))?.state, 'approved', 'a replica given the new key as a previous one first (a two-step rollout) opens it');
      assert.equal((await rotatedApprovals.gate({ ...c, callId: 'on-the-new-key' }, new AbortController().signal)).kind, 'run');
    });
  });
}
