// What the lineage attack tests share: a gatehouse that masks the demo shop's protected columns,
// the forms of a protected value an agent could rebuild it from, and the shipped policy's decision
// on one postgres_query call.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { afterCheckingShare, type CallResult } from '../reliability/clean-answers.ts';
import { evaluateCall } from '../../src/pipeline/evaluate.ts';
import type { Decision } from '../../src/policy/decide.ts';
import { DEFAULT_PROTECTION } from '../../src/masking/index.ts';
import { createRegistry } from '../../src/pipeline/registry.ts';
import { loadPolicyFiles } from '../../src/policy/compile.ts';
import { SHIPPED_POLICIES } from '../../src/config/load.ts';
import { packs } from '../../tools/index.ts';
import { postgresPack } from '../../tools/postgres/index.ts';

export const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Every 6-character piece of every form of a protected value an agent could rebuild it from, less those unprotected data holds too (a name in an address). */
export function pieces(values: readonly string[], unprotected: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const value of values) {
    const forms = [value, [...value].reverse().join(''), Buffer.from(value).toString('base64'), Buffer.from(value).toString('hex'), createHash('md5').update(value).digest('hex')];
    for (const form of forms) {
      const n = normalize(form);
      for (let i = 0; i + 6 <= n.length; i++) out.add(n.slice(i, i + 6));
    }
  }
  const open = unprotected.map(normalize).join(' ');
  for (const piece of out) if (open.includes(piece)) out.delete(piece);
  return out;
}

/** The shipped policy's decision on one postgres_query call (call postgresPack.init first). */
export function shippedDecision(): (sql: string, params?: unknown[]) => Decision {
  const loaded = loadPolicyFiles(SHIPPED_POLICIES, packs.map((p) => ({ key: p.factsKey, schema: p.factsSchema })));
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const policy = loaded.policy;
  const target = { name: 'shop', type: 'postgres', labels: {} };
  const registry = {
    ...createRegistry([], new Map()),
    tools: new Map(postgresPack.tools.map((spec) => [spec.name, { spec, pack: postgresPack }])),
    targets: new Map([['shop', { target, pack: postgresPack, handle: { close: async () => undefined } }]]),
  };
  return (sql, params) => {
    const evaluated = evaluateCall(registry, policy, { timeoutMs: 1000, maxRows: 10, maxBytes: 1000 }, 'postgres_query', { connection: 'shop', sql, ...(params ? { params } : {}) }, { id: 'a', name: 'a', groups: [], kind: 'agent' }, DEFAULT_PROTECTION);
    assert.ok(evaluated.ok);
    return evaluated.value.decision;
  };
}

/** The demo shop's protected columns, in the masking config's words. */
const PROTECTED = ['customers.email', 'customers.phone', 'customers.card_number'];

/**
 * A gatehouse over stdio masking the protected columns (and `alsoProtected`) under `policyYaml`,
 * classifying in place or on a worker thread; with the pieces of every protected value the
 * database holds, to look for in what it answers.
 */
export async function startMaskingGatehouse(
  db: TestDatabase,
  policyYaml: string,
  largeInputs: { threads: number; minChars?: number },
  alsoProtected: readonly string[] = [],
): Promise<{ gh: RunningGatehouse; secrets: Set<string> }> {
  const rows = await db.query<{ email: string; phone: string; card_number: string; name: string; city: string }>('SELECT email, phone, card_number, name, city FROM customers');
  const secrets = pieces(rows.flatMap((r) => [r.email, r.phone, r.card_number]), rows.flatMap((r) => [r.name, r.city]));
  const policy = join(tmpdir(), `gatehouse-lineage-${process.pid}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(policy, policyYaml);
  const gh = await startGatehouse(
    {
      identity: { stdio: { id: 'attacker', groups: [] } },
      connections: { shop: { type: 'postgres', url: db.url } },
      policies: [policy],
      masking: {
        profiles: {
          default: {
            columns: [...PROTECTED, ...alsoProtected].map((match) => ({ match, style: 'redact' })),
            detectors: { email: { style: 'redact' }, card: { style: 'redact' }, phone: { style: 'redact' } },
          },
        },
      },
      limits: { maxRows: 200 },
      server: { largeInputs },
    },
    'stdio',
  );
  return { gh, secrets };
}

/** The first piece of a protected value found anywhere in an answer. */
export function leakIn(answer: unknown, secrets: ReadonlySet<string>): string | undefined {
  const seen = normalize(JSON.stringify(answer));
  return [...secrets].find((piece) => seen.includes(piece));
}

/**
 * For the describe block it is called in: a fresh database with `setup` run and a masking
 * gatehouse over it (startMaskingGatehouse), stopped and dropped after; `query` makes one
 * postgres_query call, `secrets` holds the pieces to look for once the block has started.
 */
export function maskingSuite(setup: string, policyYaml: string, largeInputs: { threads: number; minChars?: number }): { query(sql: string): Promise<CallResult>; secrets(): Set<string> } {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let secrets: Set<string>;
  before(async () => {
    db = await createTestDatabase();
    await db.query(setup);
    ({ gh, secrets } = await startMaskingGatehouse(db, policyYaml, largeInputs));
  });
  after(async () => {
    await gh?.stop();
    await db?.drop();
  });
  return {
    query: (sql) => afterCheckingShare(async () => (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as CallResult),
    secrets: () => secrets,
  };
}

/** The calls among `decoys` that came back failed, masked or withheld, each with what came back. */
export async function maskedDecoys(query: (sql: string) => Promise<CallResult>, decoys: readonly string[]): Promise<string[]> {
  const masked: string[] = [];
  for (const sql of decoys) {
    const result = await query(sql);
    const text = JSON.stringify(result);
    if (result.isError || /derived:|column:|withheld/.test(text)) masked.push(`${sql}\n    -> ${text.slice(0, 300)}`);
  }
  return masked;
}
