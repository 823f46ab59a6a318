// The MCP conformance suite (@modelcontextprotocol/conformance) against the real server over HTTP:
// the server scenarios that apply to a tool server. The suite's own client (SDK 1.x) speaks up to
// 2025-11-25; it has no 2026-07-28 scenarios yet, which the SDK v2 client tests cover.
// Left out, as they test a feature gatehouse does not offer or need a test tool of the suite's own
// (test_image_content, test_sampling, test_reconnection...): logging, completion, resources,
// prompts, sampling, elicitation, the content-type tools, progress and SSE resumption.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  // A call the server cannot serve (here: a tool it does not have) is a result with isError, not a protocol error.
  'tools-call-error',
  'dns-rebinding-protection',
];
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

function runScenario(entry: string, url: string, scenario: string): Promise<{ code: number; output: string; checks: Check[] }> {
  const out = mkdtempSync(join(tmpdir(), 'gatehouse-conformance-'));
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', NODE20_FS, entry, 'server', '--url', url, '--scenario', scenario, '-o', out], { cwd: ROOT }, (error, stdout, stderr) => {
      const runs = readdirSync(out);
      const checks = runs.length === 1 ? (JSON.parse(readFileSync(join(out, runs[0] as string, 'checks.json'), 'utf8')) as Check[]) : [];
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}`, checks });
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

  for (const scenario of SCENARIOS) {
    it(`passes ${scenario}`, async () => {
      const run = await runScenario(suite.entry as string, gh.url as string, scenario);
      const verdicts = run.checks.filter((c) => c.status !== 'INFO');
      assert.ok(verdicts.length > 0, `no checks ran:\n${run.output}`);
      const failed = verdicts.filter((c) => c.status !== 'SUCCESS').map((c) => `${c.id}: ${c.status} ${c.errorMessage ?? ''}`);
      assert.deepEqual(failed, []);
      assert.equal(run.code, 0, run.output);
    });
  }
});
