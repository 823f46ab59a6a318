// The policy engine on its own: matching, CEL conditions compiled and type-checked at load, the most
// restrictive effect winning, tightest limits, reason templates, and fail-closed evaluation errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { compilePolicy } from '../../src/policy/compile.ts';
import { decide, type Action } from '../../src/policy/decide.ts';

const Facts = z.object({
  writes: z.boolean(),
  kinds: z.array(z.string()),
  statements: z.array(z.object({ kind: z.string(), hasWhere: z.boolean() })),
  count: z.number(),
  error: z.string(),
});
const namespaces = [{ key: 'sql', schema: Facts }];
const limits = { timeoutMs: 30_000, maxRows: 1000, maxBytes: 1_000_000 };

function policy(yaml: string, more: string[] = []) {
  const result = compilePolicy([{ file: 'p.yaml', text: yaml }, ...more.map((text, i) => ({ file: `p${i + 2}.yaml`, text }))], namespaces);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.policy;
}

function action(facts: Partial<z.infer<typeof Facts>> | undefined, over: Partial<Action> = {}): Action {
  const sql = { writes: false, kinds: ['select'], statements: [], count: 1, error: '', ...facts };
  return {
    tool: 'postgres_query',
    target: { name: 'shop', type: 'postgres', labels: { env: 'prod' } },
    principal: { id: 'ann', name: 'Ann', groups: ['dev'], kind: 'agent' },
    facts: facts === undefined ? {} : { sql },
    ...over,
  };
}

describe('policy engine', () => {
  it('applies the default when nothing matches, and review when the files set none', () => {
    assert.equal(decide(policy('rules: []'), action({}), limits).effect, 'review');
    const d = decide(policy('default: allow\nrules: []'), action({}), limits);
    assert.equal(d.effect, 'allow');
    assert.equal(d.default, true);
  });

  it('lets the most restrictive matching rule win', () => {
    const p = policy(`
rules:
  - { id: allow-all, effect: allow }
  - { id: review-writes, when: sql.writes, effect: review, approvers: [dba] }
  - { id: deny-drop, when: '"drop" in sql.kinds', effect: deny, reason: No drops. }
`);
    assert.equal(decide(p, action({}), limits).effect, 'allow');
    const w = decide(p, action({ writes: true }), limits);
    assert.equal(w.effect, 'review');
    assert.deepEqual(w.approvers, ['dba']);
    const d = decide(p, action({ writes: true, kinds: ['select', 'drop'] }), limits);
    assert.equal(d.effect, 'deny');
    assert.equal(d.reason, 'No drops.');
    assert.deepEqual(d.rules.map((r) => r.id), ['allow-all', 'review-writes', 'deny-drop']);
  });

  it('places confirm between allow and review', () => {
    const p = policy(`
rules:
  - { id: allow-all, effect: allow }
  - { id: confirm-writes, when: sql.writes, effect: confirm, reason: The person at the client confirms writes. }
  - { id: review-drops, when: '"drop" in sql.kinds', effect: review }
`);
    assert.equal(decide(p, action({}), limits).effect, 'allow');
    const c = decide(p, action({ writes: true }), limits);
    assert.equal(c.effect, 'confirm');
    assert.equal(c.reason, 'The person at the client confirms writes.');
    assert.equal(decide(p, action({ writes: true, kinds: ['drop'] }), limits).effect, 'review');
    assert.equal(decide(policy('default: confirm\nrules: []'), action({}), limits).effect, 'confirm');
  });

  it('matches tools, targets, labels, principals and groups with globs', () => {
    const p = policy(`
default: deny
rules:
  - { id: a, match: { tools: 'postgres_*', targets: ['sh*'], labels: { env: [prod, staging] }, groups: [dev] }, effect: allow }
`);
    assert.equal(decide(p, action({}), limits).effect, 'allow');
    assert.equal(decide(p, action({}, { tool: 'ssh_exec' }), limits).effect, 'deny');
    assert.equal(decide(p, action({}, { target: { name: 'shop', type: 'postgres', labels: { env: 'dev' } } }), limits).effect, 'deny');
    assert.equal(decide(p, action({}, { principal: { id: 'bob', name: 'Bob', groups: ['ops'], kind: 'human' } }), limits).effect, 'deny');
  });

  it('evaluates CEL over nested facts', () => {
    const p = policy(`
default: allow
rules:
  - { id: unbounded, when: 'sql.statements.exists(s, s.kind == "update" && !s.hasWhere)', effect: deny }
  - { id: prod-many, when: 'target.labels["env"] == "prod" && sql.count > 3.0', effect: review }
`);
    assert.equal(decide(p, action({ statements: [{ kind: 'update', hasWhere: false }] }), limits).effect, 'deny');
    assert.equal(decide(p, action({ statements: [{ kind: 'update', hasWhere: true }] }), limits).effect, 'allow');
    assert.equal(decide(p, action({ count: 5 }), limits).effect, 'review');
  });

  it('applies a rule that reads pack facts only to calls that carry them', () => {
    const p = policy(`
default: allow
rules:
  - { id: deny-writes, when: sql.writes, effect: deny }
`);
    assert.equal(decide(p, action(undefined, { tool: 'ssh_exec' }), limits).effect, 'allow');
  });

  it('rejects conditions that do not compile or name unknown facts, with file, rule and position', () => {
    const bad = compilePolicy(
      [{ file: 'bad.yaml', text: 'rules:\n  - { id: r1, when: "sql.nope", effect: deny }\n  - { id: r2, when: "sql.writes &&", effect: deny }\n  - { id: r3, when: "sql.kinds", effect: deny }\n  - { id: r4, when: "shell.x", effect: deny }' }],
      namespaces,
    );
    assert.equal(bad.ok, false);
    const problems = bad.ok ? [] : bad.problems;
    assert.equal(problems.length, 4);
    assert.match(problems[0] ?? '', /^bad\.yaml: rule r1: when: .*No such key: nope/);
    assert.match(problems[1] ?? '', /^bad\.yaml: rule r2: when: .*Unexpected/);
    assert.match(problems[2] ?? '', /must be a boolean expression/);
    assert.match(problems[3] ?? '', /Unknown variable: shell/);
  });

  it('rejects duplicate rule ids across files and unknown keys', () => {
    const dup = compilePolicy(
      [
        { file: 'a.yaml', text: 'rules: [{ id: x, effect: allow }]' },
        { file: 'b.yaml', text: 'rules: [{ id: x, effect: deny, colour: red }, { id: y, effect: allow }, { id: x, effect: deny }]' },
      ],
      namespaces,
    );
    assert.equal(dup.ok, false);
    assert.match(dup.ok ? '' : dup.problems.join('\n'), /unknown key "colour"/);
    const dup2 = compilePolicy([{ file: 'a.yaml', text: 'rules: [{ id: x, effect: allow }]' }, { file: 'b.yaml', text: 'rules: [{ id: x, effect: deny }]' }], namespaces);
    assert.match(dup2.ok ? '' : dup2.problems.join('\n'), /b\.yaml: rule x: duplicate rule id \(first defined in a\.yaml\)/);
  });

  it('counts a failing condition as matching when its rule restricts, and records it', () => {
    const p = policy(`
default: allow
rules:
  - { id: boom-deny, when: 'sql.kinds[5] == "x"', effect: deny }
  - { id: boom-allow, when: 'sql.kinds[7] == "x"', effect: allow }
`);
    const d = decide(p, action({}), limits);
    assert.equal(d.effect, 'deny');
    assert.deepEqual(d.rules.map((r) => r.id), ['boom-deny']);
    assert.deepEqual(d.errors.map((e) => e.rule), ['boom-deny', 'boom-allow']);
  });

  it('counts a failing condition as matching for review and confirm rules too, never for allow', () => {
    for (const effect of ['review', 'confirm'] as const) {
      const p = policy(`
default: allow
rules:
  - { id: boom-${effect}, when: 'sql.kinds[5] == "x"', effect: ${effect}, approvers: [dba] }
  - { id: boom-allow, when: 'sql.kinds[7] == "x"', effect: allow }
`);
      const d = decide(p, action({}), limits);
      assert.equal(d.effect, effect);
      assert.deepEqual(d.rules.map((r) => r.id), [`boom-${effect}`]);
    }
  });

  it('asks for the most approvers any winning rule asks for, whichever comes first', () => {
    const p = policy(`
rules:
  - { id: one, when: sql.writes, effect: review, approvers: [dba] }
  - { id: two, when: sql.writes, effect: review, approvers: [dba], approvals: 2 }
  - { id: three, when: 'sql.writes && false', effect: review, approvals: 3 }
  - { id: allow-three, effect: allow, approvals: 3 }
`);
    assert.equal(decide(p, action({ writes: true }), limits).requiredApprovals, 2);
  });

  it('combines limits to the tightest and fills reason templates from the facts', () => {
    const p = policy(`
rules:
  - { id: a, effect: allow, limits: { timeout: 5s, maxRows: 50 } }
  - { id: b, effect: allow, limits: { maxRows: 10, maxBytes: 2kb }, reason: 'failed: {sql.error} / {sql.missing}' }
`);
    const d = decide(p, action({ error: 'boom' }), limits);
    assert.deepEqual(d.limits, { timeoutMs: 5000, maxRows: 10, maxBytes: 2048 });
    assert.match(d.reason, /failed: boom \/ \?/);
  });

  it('says where it cut a long quoted fact, so a padded list cannot hide its end from the approver', () => {
    const p = policy(`
rules:
  - { id: a, effect: review, reason: 'statements: {sql.kinds}; review.' }
`);
    const kinds = [...Array.from({ length: 60 }, () => 'select'), 'drop_table'];
    const d = decide(p, action({ kinds }), limits);
    assert.match(d.reason, /^statements: select, select, .*… \(\d+ more characters\); review\.$/);
    assert.ok(!d.reason.includes('drop_table'), 'still cut');
    // A short value is quoted whole, with no note.
    assert.equal(decide(p, action({ kinds: ['select', 'drop_table'] }), limits).reason, 'statements: select, drop_table; review.');
  });
});

describe('tool visibility', () => {
  it('hides a tool only when every call by the principal is denied outright', async () => {
    const { toolCouldRun } = await import('../../src/policy/visibility.ts');
    const p = policy(`
default: deny
rules:
  - { id: contractors-no-sql, match: { tools: ['postgres_*'], groups: [contractors] }, effect: deny }
  - { id: reads, match: { tools: [postgres_query] }, when: '!sql.writes', effect: allow }
`);
    const targets = [{ name: 'shop', type: 'postgres', labels: {} }];
    const dev = { id: 'a', name: 'a', groups: ['dev'], kind: 'agent' as const };
    const contractor = { id: 'c', name: 'c', groups: ['contractors'], kind: 'agent' as const };
    assert.equal(toolCouldRun(p, 'postgres_query', dev, targets), true);
    assert.equal(toolCouldRun(p, 'postgres_query', contractor, targets), false);
    assert.equal(toolCouldRun(p, 'postgres_schema', dev, targets), false);
  });
});
