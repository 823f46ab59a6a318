// The security core, cut into areas that are mutated one after another, each against the test
// files that exercise it in-process. The tap runner learns which test file covers which mutant
// only from the test file's own process: a mutant reached only inside a server child process
// (the e2e tests) would be reported as not covered, so each area lists the tests that call its
// code directly. The classifier areas also run the fact reference, which holds every fact's
// description against docs/facts.md.
export interface MutationArea {
  name: string;
  mutate: string[];
  testFiles: string[];
}

export const areas: MutationArea[] = [
  {
    name: 'approval-decisions',
    mutate: ['src/approval/decide.ts', 'src/approval/model.ts'],
    testFiles: ['test/approval/decide.test.ts', 'test/approval/service.test.ts'],
  },
  {
    name: 'approval-service',
    mutate: ['src/approval/*.ts', '!src/approval/decide.ts', '!src/approval/model.ts'],
    // The people API and the console decide, withdraw and suspend through the same in-process server.
    testFiles: ['test/approval/*.test.ts', 'test/server/people-kill-switch.test.ts', 'test/server/people-keys.test.ts', 'test/console/approvals.test.ts'],
  },
  {
    // What a store insider meets: the seals on approvals, grants, revocation rows and kill switch acts.
    name: 'store-seals',
    mutate: ['src/store/sealed-approvals.ts', 'src/store/sealed-revocations.ts', 'src/kill-switch/acts-on-record.ts', 'src/kill-switch/sealed-acts.ts'],
    testFiles: ['test/store/sqlite.test.ts', 'test/kill-switch/state.test.ts'],
  },
  {
    name: 'pipeline-guards',
    mutate: ['src/pipeline/scrub.ts', 'src/pipeline/secret-arguments.ts', 'src/pipeline/argument-depth.ts'],
    testFiles: ['test/masking/scrub.test.ts', 'test/pipeline/scrub-weak.test.ts', 'test/pipeline/secret-arguments.test.ts', 'test/pipeline/argument-depth.test.ts'],
  },
  {
    // What decides whether a call runs and what leaves it: the call's path, execution with masking,
    // the refusals, the masked preview and the decision. result.ts holds only types (no mutants).
    name: 'pipeline-core',
    mutate: ['src/pipeline/pipeline.ts', 'src/pipeline/execute.ts', 'src/pipeline/errors.ts', 'src/pipeline/refusal.ts', 'src/pipeline/preview-masking.ts', 'src/pipeline/evaluate.ts'],
    testFiles: ['test/pipeline/unexpected-failure.test.ts', 'test/pipeline/evaluation-budget.test.ts', 'test/pipeline/fail-closed.test.ts', 'test/pipeline/preview-masking.test.ts', 'test/pipeline/evaluate.test.ts'],
  },
  {
    name: 'pipeline',
    mutate: [
      'src/pipeline/*.ts',
      '!src/pipeline/scrub.ts',
      '!src/pipeline/secret-arguments.ts',
      '!src/pipeline/argument-depth.ts',
      '!src/pipeline/pipeline.ts',
      '!src/pipeline/execute.ts',
      '!src/pipeline/errors.ts',
      '!src/pipeline/refusal.ts',
      '!src/pipeline/preview-masking.ts',
      '!src/pipeline/evaluate.ts',
    ],
    testFiles: ['test/pipeline/*.test.ts', 'test/masking/scrub.test.ts', 'test/masking/render.test.ts', 'test/postgres/query-guards.test.ts'],
  },
  {
    name: 'masking',
    mutate: ['src/masking/**/*.ts'],
    // The reference test holds the profile schema's descriptions to docs/config.md.
    testFiles: ['test/masking/**/*.test.ts', 'test/config/reference.test.ts'],
  },
  {
    name: 'audit-chain',
    mutate: ['src/audit/chain.ts', 'src/audit/canonical.ts', 'src/audit/checkpoint-verify.ts'],
    testFiles: ['test/audit/canonical.test.ts', 'test/audit/chain.test.ts', 'test/audit/chain-verify.test.ts', 'test/audit/checkpoints.test.ts', 'test/audit/checkpoint-witness.test.ts'],
  },
  {
    name: 'audit',
    mutate: ['src/audit/*.ts', '!src/audit/chain.ts', '!src/audit/canonical.ts', '!src/audit/checkpoint-verify.ts'],
    testFiles: ['test/audit/*.test.ts', 'test/console/audit.test.ts'],
  },
  {
    name: 'identity-edge',
    mutate: ['src/identity/api-keys.ts', 'src/identity/jwt-verifier.ts', 'src/identity/principal.ts', 'src/identity/claims.ts'],
    testFiles: ['test/identity/*.test.ts'],
  },
  {
    name: 'identity',
    mutate: ['src/identity/*.ts'],
    testFiles: ['test/identity/*.test.ts', 'test/config/reference.test.ts'],
  },
  {
    name: 'http-edge',
    mutate: ['src/server/http.ts'],
    // legacy-clients: which requests name their session from what their principal's initialize said.
    testFiles: ['test/server/http-door.test.ts', 'test/console/approvals.test.ts', 'test/console/oidc.test.ts', 'test/e2e/legacy-clients.test.ts'],
  },
  {
    name: 'postgres-query',
    mutate: ['tools/postgres/query.ts', 'tools/postgres/connection.ts', 'tools/postgres/relations.ts', 'tools/postgres/lease.ts', 'tools/shared/abort.ts'],
    testFiles: [
      'test/postgres/builtin-namesakes.test.ts',
      'test/postgres/query-guards.test.ts',
      'test/postgres/session-isolation.test.ts',
      'test/postgres/result-caps.test.ts',
      'test/postgres/errors.test.ts',
      'test/postgres/column-source.test.ts',
      'test/postgres/catalog-changes.test.ts',
      'test/postgres/stored-values.test.ts',
      'test/postgres/session-state.test.ts',
      'test/postgres/connection.test.ts',
      'test/postgres/cancel-waiting.test.ts',
      'test/postgres/lease-faults.test.ts',
      'test/postgres/masked-views.test.ts',
      'test/server/abort.test.ts',
    ],
  },
  {
    name: 'lineage',
    mutate: ['tools/postgres/lineage/**/*.ts'],
    testFiles: ['test/lineage/*.test.ts', 'test/postgres/builtin-namesakes.test.ts', 'test/postgres/catalog-changes.test.ts', 'test/postgres/column-source.test.ts', 'test/postgres/stored-values.test.ts', 'test/postgres/session-state.test.ts'],
  },
  {
    name: 'classify-postgres',
    mutate: ['tools/postgres/classify/**/*.ts'],
    testFiles: ['test/postgres/classify*.test.ts', 'test/policy/fact-reference.test.ts'],
  },
  {
    name: 'classify-ssh',
    mutate: ['tools/ssh/classify/**/*.ts'],
    testFiles: ['test/ssh/classify*.test.ts', 'test/ssh/shape-structure.test.ts', 'test/policy/fact-reference.test.ts'],
  },
  {
    name: 'classify-kubernetes',
    mutate: ['tools/kubernetes/classify/**/*.ts'],
    testFiles: [
      'test/kubernetes/classify.test.ts',
      'test/kubernetes/classify-facts.test.ts',
      'test/kubernetes/classify-refs.test.ts',
      'test/kubernetes/classify-manifest.test.ts',
      'test/kubernetes/classify-summary.test.ts',
      'test/kubernetes/pod-risk.test.ts',
      'test/policy/fact-reference.test.ts',
    ],
  },
];
