// The chain voucher against an insider who controls the store: events rewritten as they are
// inserted (a replaced append function that hands back the hashes the server expects) or after
// (an edited hash with the links mended) are found before a checkpoint could sign them, and the
// checkpointer then signs nothing. Honest chains, other writers' events and retention prunes vouch
// without a false alarm. On SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Logger } from 'pino';
import { scheduleCheckpoints } from '../../src/audit/checkpointer.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import type { AuditEvent } from '../../src/audit/events.ts';
import { ChainRewritten, createChainVoucher, type ChainVoucher } from '../../src/audit/voucher.ts';
import type { Store } from '../../src/store/store.ts';
import { appendPast, call } from '../store/audit-helpers.ts';
import { postgresBackend, sqliteBackend, type StoreBackend, type StorePlace } from '../store/places.ts';

/** gatehouse_audit_append as an insider would replace it: the stored data says SELECT where the call said DROP, and the answer hides it. */
const LYING_APPEND = `
CREATE OR REPLACE FUNCTION gatehouse_audit_append(
  p_append int[], p_unless_call text[], p_unless_type text[],
  p_type text[], p_session text[], p_call_id text[], p_principal text[], p_tool text[], p_target text[], p_data text[],
  p_before_seq text[], p_before_time text[], p_after_time text[]
) RETURNS TABLE (event_index int, event_seq bigint, event_prev text, event_hash text, event_time text)
LANGUAGE plpgsql AS $fn$
DECLARE
  head_seq bigint; head_hash text; now_text text; told text; stored text; forged text; i int;
BEGIN
  SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit_head h FOR UPDATE;
  now_text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  FOR i IN 1 .. array_length(p_type, 1) LOOP
    head_seq := head_seq + 1;
    forged := replace(p_data[i], 'DROP', 'SELECT');
    told := encode(sha256(convert_to(head_hash || E'\\n' || p_before_seq[i] || head_seq::text || p_before_time[i] || '"' || now_text || '"' || p_after_time[i] || E'\\n' || p_data[i], 'UTF8')), 'hex');
    stored := encode(sha256(convert_to(head_hash || E'\\n' || p_before_seq[i] || head_seq::text || p_before_time[i] || '"' || now_text || '"' || p_after_time[i] || E'\\n' || forged, 'UTF8')), 'hex');
    INSERT INTO audit_events (seq, time, type, session, call_id, principal, tool, target, data, prev_hash, hash)
    VALUES (head_seq, now_text, p_type[i], p_session[i], p_call_id[i], p_principal[i], p_tool[i], p_target[i], forged, head_hash, stored);
    event_index := i - 1; event_seq := head_seq; event_prev := head_hash; event_hash := told; event_time := now_text;
    RETURN NEXT;
    head_hash := stored;
  END LOOP;
  UPDATE audit_head SET seq = head_seq, hash = head_hash;
END
$fn$;`;

const dropCall = (i: number) => [{ type: 'call.requested' as const, session: 's1', callId: `d${i}`, principal: 'ann', tool: 'postgres_query', data: { args: { sql: 'DROP TABLE customers' } } }];

function withVoucher(backend: StoreBackend) {
  const ctx = {} as { place: StorePlace; store: Store; voucher: ChainVoucher };
  before(async () => {
    ctx.place = await backend.fresh();
    ctx.store = await ctx.place.open();
    await ctx.store.append(call(0));
    ctx.voucher = createChainVoucher(ctx.store, await ctx.store.auditHead());
  });
  after(async () => {
    await ctx.store.close();
    await ctx.place.drop();
  });
  const append: (events: Parameters<Store['append']>[0]) => Promise<void> = async (events) => ctx.voucher.saw(await ctx.store.append(events));
  return { ctx, append };
}

function voucherCases(backend: StoreBackend): void {
  describe(`the chain voucher on ${backend.name}`, () => {
    describe('an honest store', () => {
      const { ctx, append } = withVoucher(backend);

      it("vouches for the head through its own events, another writer's and a retention prune", async () => {
        for (let i = 1; i <= 3; i++) await append(call(i));
        await ctx.store.append(call(9, 'other-replica'));
        assert.deepEqual(await ctx.voucher.vouch(), await ctx.store.auditHead());
        const past = await appendPast(ctx.store, 0, 1);
        ctx.voucher.saw(past.recent);
        assert.ok(await ctx.store.pruneEvents(past.cut));
        await append(call(20));
        assert.deepEqual(await ctx.voucher.vouch(), await ctx.store.auditHead());
      });

      it('holds an append whose answer comes after its event was read to what was read', async () => {
        const appended = await ctx.store.append(call(30));
        await ctx.voucher.vouch();
        ctx.voucher.saw(appended);
        assert.deepEqual(await ctx.voucher.vouch(), await ctx.store.auditHead());
      });
    });

    describe('an append whose answer arrives while a walk is reading past its event', () => {
      const { ctx } = withVoucher(backend);

      it('is held to what that walk read, not left unchecked', async () => {
        // More than one page of events, so the walk reads again after it has passed the first.
        const appended = await ctx.store.append(Array.from({ length: 600 }, (_, i) => call(i)).flat());
        const first = appended[0] as AuditEvent;
        // The answer comes in once the walk has read its event, carrying another hash than the one read.
        const forged = [{ ...first, hash: 'e'.repeat(64) }];
        let pages = 0;
        const store: Pick<Store, 'events' | 'auditAnchors'> = {
          events: async (query) => {
            if (pages++ === 1) voucher.saw(forged);
            return ctx.store.events(query);
          },
          auditAnchors: () => ctx.store.auditAnchors(),
        };
        const voucher = createChainVoucher(store, { seq: first.seq - 1, hash: first.prevHash });
        await voucher.vouch().catch(() => undefined);
        assert.ok(pages > 1, 'the walk read a second page');
        await assert.rejects(voucher.vouch(), (error: Error) => error instanceof ChainRewritten && error.message.includes(`event ${first.seq},`));
      });
    });

    // The voucher has not read the pruned events: its walk meets the gap and resumes at the prune's anchor.
    for (const forge of [false, true]) {
      describe(`a retention prune of own events not yet read${forge ? ', then an own event after it rewritten' : ''}`, () => {
        const { ctx } = withVoucher(backend);

        it(forge ? 'still holds the own events after the anchor to their hashes' : 'vouches for the head from the anchor on', async () => {
          await ctx.voucher.vouch();
          const past = await appendPast(ctx.store, 2, 2);
          ctx.voucher.saw([...past.old, ...past.recent]);
          assert.ok(await ctx.store.pruneEvents(past.cut));
          const head = await ctx.store.auditHead();
          if (!forge) {
            assert.deepEqual(await ctx.voucher.vouch(), head);
            return;
          }
          // The newest own event (the prune's own event follows it), its link from the next one mended.
          const own = (past.recent.at(-1) as AuditEvent).seq;
          assert.ok(own < head.seq);
          const forged = 'f'.repeat(64);
          await ctx.place.exec(`UPDATE audit_events SET hash = '${forged}' WHERE seq = ${own}; UPDATE audit_events SET prev_hash = '${forged}' WHERE seq = ${own + 1}`);
          await assert.rejects(ctx.voucher.vouch(), (error: Error) => error instanceof ChainRewritten && error.message.includes(`event ${own},`));
        });
      });
    }

    describe('a retention prune, then the first event after its anchor deleted and the next one linked to the anchor', () => {
      const { ctx } = withVoucher(backend);

      it('is found: the chain does not go on from the anchor', async () => {
        await ctx.voucher.vouch();
        const past = await appendPast(ctx.store, 2, 2);
        ctx.voucher.saw([...past.old, ...past.recent]);
        assert.ok(await ctx.store.pruneEvents(past.cut));
        const [gone, next] = past.recent as [AuditEvent, AuditEvent];
        await ctx.place.exec(`DELETE FROM audit_events WHERE seq = ${gone.seq}; UPDATE audit_events SET prev_hash = '${gone.prevHash}' WHERE seq = ${next.seq}`);
        await assert.rejects(ctx.voucher.vouch(), (error: Error) => error instanceof ChainRewritten && error.message.includes(`event ${next.seq} follows it`));
      });
    });

    describe("another writer's event whose hash was changed, the link from the next event not mended", () => {
      const { ctx, append } = withVoucher(backend);

      it('is found: the next event no longer links to it, though no own event changed', async () => {
        await append(call(1));
        const foreign = (await ctx.store.append(call(9, 'other-replica'))).at(-1) as AuditEvent;
        await append(call(2));
        await ctx.place.exec(`UPDATE audit_events SET hash = '${'f'.repeat(64)}' WHERE seq = ${foreign.seq}`);
        await assert.rejects(ctx.voucher.vouch(), (error: Error) => error instanceof ChainRewritten && error.message === `event ${foreign.seq + 1} does not link to event ${foreign.seq}`);
      });
    });

    describe('an own event whose hash was changed after it was appended, with the links mended', () => {
      const { ctx, append } = withVoucher(backend);

      it('is found, naming the event, and nothing after it is vouched for again', async () => {
        await append(call(1));
        await append(call(2));
        const head = await ctx.store.auditHead();
        const forged = 'f'.repeat(64);
        await ctx.place.exec(`UPDATE audit_events SET hash = '${forged}' WHERE seq = ${head.seq}; UPDATE audit_head SET hash = '${forged}'`);
        await assert.rejects(ctx.voucher.vouch(), (error: Error) => error instanceof ChainRewritten && error.message.includes(`event ${head.seq},`));
        await append(call(3));
        await assert.rejects(ctx.voucher.vouch(), ChainRewritten);
      });
    });
  });
}

voucherCases(sqliteBackend);
voucherCases(postgresBackend);

describe('an append function replaced by an insider on PostgreSQL', () => {
  const { ctx, append } = withVoucher(postgresBackend);
  const { privateKey } = generateKeyPairSync('ed25519');

  it('is caught before the rewritten chain is signed, though a one-event append looked right and the chain verifies', async () => {
    const errors: string[] = [];
    const signed: unknown[] = [];
    const logger = { warn: () => undefined, info: () => undefined, error: (_: unknown, msg: string) => void errors.push(msg) } as unknown as Pick<Logger, 'warn' | 'info' | 'error'>;
    const checkpoints = scheduleCheckpoints({ auditHead: ctx.voucher.vouch }, { key: privateKey, intervalMs: 3_600_000, chain: 'lying', files: [], webhooks: [] }, (c) => void signed.push(c), logger);
    await append(call(1));
    await checkpoints.now();
    assert.equal(signed.length, 1, 'an honest head is signed');

    await ctx.place.exec(LYING_APPEND);
    await append(dropCall(1));
    // The store's chain is whole: only what this server appended tells the rewrite.
    assert.equal((await verifyStore(ctx.store)).ok, true);
    const events = await ctx.store.events({ callId: 'd1' });
    assert.match(JSON.stringify(events[0]?.data), /SELECT TABLE customers/);

    // Two events in one statement cannot hide it: the second links to the hash the store kept.
    await assert.rejects(ctx.store.append([...dropCall(2), ...dropCall(3)]), /linked event \d+ to a hash other than the one it gave event \d+/);

    await checkpoints.now();
    assert.equal(signed.length, 1, 'the rewritten head is not signed');
    assert.deepEqual(errors, ['audit checkpoints stopped: the store does not hold the audit events as this server appended them']);
    await checkpoints.stop();
    assert.equal(signed.length, 1, 'nor at shutdown');
  });
});
