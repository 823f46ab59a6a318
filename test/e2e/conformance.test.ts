// The MCP conformance suite (@modelcontextprotocol/conformance) against the real server over HTTP:
// the server scenarios that apply to a tool server, on both protocol generations (the suite's
// --spec-version chooses the revision its client speaks). Left out, as they test what gatehouse does
// not offer or need a tool of the suite's own (test_image_content, slow_compute...): logging,
// completion, resources, prompts, sampling, elicitation, the content-type tools, progress, SSE
// resumption, custom headers and the task lifecycle scenarios. In the scenarios run, the checks
// that need such a tool are named below with why; every other check must pass.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const NEEDS_SUITE_TOOL = "needs a tool of the suite's own test server";
/** By the revision the suite's client speaks; the tasks extension's scenarios run on 2026-07-28 unasked. */
const SCENARIOS: Record<'2025-11-25' | '2026-07-28' | 'tasks extension', Array<{ scenario: string; notApplicable?: Record<string, string> }>> = {
  '2025-11-25': [
    { scenario: 'server-initialize' },
    { scenario: 'ping' },
    { scenario: 'tools-list' },
    // A call the server cannot serve (here: a tool it does not have) is a result with isError, not a protocol error.
    { scenario: 'tools-call-error' },
    { scenario: 'dns-rebinding-protection' },
  ],
  '2026-07-28': [
    {
      scenario: 'server-stateless',
      notApplicable: {
        'sep-2575-server-rejects-undeclared-capability': NEEDS_SUITE_TOOL,
        'sep-2575-missing-capability-http-400': NEEDS_SUITE_TOOL,
        // Changes the tool list through a diagnostic tool; test/e2e/hot-reload.test.ts covers it by a policy edit.
        'sep-2575-server-sends-tools-list-changed-on-subscription': NEEDS_SUITE_TOOL,
      },
    },
    { scenario: 'tools-list' },
    { scenario: 'tools-call-error' },
    { scenario: 'dns-rebinding-protection' },
    { scenario: 'http-header-validation' },
    { scenario: 'server-sse-multiple-streams' },
    {
      scenario: 'caching',
      notApplicable: {
        'sep-2549-prompts-list-caching-hints': 'gatehouse offers no prompts',
        'sep-2549-resources-list-caching-hints': 'gatehouse offers no resources',
        'sep-2549-resources-templates-list-caching-hints': 'gatehouse offers no resources',
      },
    },
    { scenario: 'input-required-result-unsupported-methods' },
  ],
  'tasks extension': [
    { scenario: 'tasks-capability-negotiation', notApplicable: { 'tasks-per-request-meta-opt-in': NEEDS_SUITE_TOOL } },
    {
      scenario: 'tasks-dispatch-and-envelope',
      notApplicable: { 'tasks-server-directed-creation-no-hint': NEEDS_SUITE_TOOL, 'sep-2663-durable-create-strong-consistency': NEEDS_SUITE_TOOL },
    },
  ],
};
const NODE20_FS = join(ROOT, 'test/fixtures/conformance/register.mjs');

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

/** The suite's command, or undefined with the reason it is missing (a failure under CI). */
function suiteEntry(): { entry?: string; skip?: string } {
  try {
    const manifest = createRequire(join(ROOT, 'package.json')).resolve('@modelcontextprotocol/conformance/package.json');
    const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin.conformance as string;
    return { entry: join(dirname(manifest), bin) };
  } catch {
    const skip = '@modelcontextprotocol/conformance is not installed (a devDependency)';
    if (process.env.CI) throw new Error(skip);
    return { skip };
  }
}

function runScenario(entry: string, url: string, scenario: string, version: string | undefined): Promise<{ output: string; checks: Check[] }> {
  const out = mkdtempSync(join(tmpdir(), 'gatehouse-conformance-'));
  const args = ['--import', NODE20_FS, entry, 'server', '--url', url, '--scenario', scenario, '-o', out, ...(version ? ['--spec-version', version] : [])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT }, (_error, stdout, stderr) => {
      const file = readdirSync(out).map((run) => join(out, run, 'checks.json')).find((f) => existsSync(f));
      const checks = file ? (JSON.parse(readFileSync(file, 'utf8')) as Check[]) : [];
      // It exits 1 when any check fails, the not-applicable ones included: the checks decide.
      resolve({ output: `${stdout}${stderr}`, checks });
    });
  });
}

const suite = suiteEntry();

describe('the MCP conformance suite, server scenarios for a tool server', { skip: suite.skip }, () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;

  before(async () => {
    db = await createTestDatabase();
    gh = await startGatehouse({ connections: { shop: { type: 'postgres', url: db.url } } }, 'http');
  });
  after(async () => {
    await gh?.stop();
    await db?.drop();
  });

  for (const [version, scenarios] of Object.entries(SCENARIOS)) {
    for (const { scenario, notApplicable = {} } of scenarios) {
      it(`passes ${scenario} on ${version}`, async () => {
        const run = await runScenario(suite.entry as string, gh.url as string, scenario, version === 'tasks extension' ? undefined : version);
        assert.ok(run.checks.some((c) => c.status === 'SUCCESS'), `no check passed:\n${run.output}`);
        const failed = run.checks.filter((c) => (c.status === 'FAILURE' || c.status === 'WARNING') && !(c.id in notApplicable));
        assert.deepEqual(failed.map((c) => `${c.id}: ${c.status} ${c.errorMessage ?? ''}`), []);
      });
    }
  }
});
