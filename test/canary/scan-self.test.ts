// The canary scan checked against itself, on temporary directories only (never the run's capture
// directory, which this test must not touch): a canary planted in any form a leak takes is found
// and named by kind, file and encoding but never quoted; clean captures pass; an empty or thin
// capture directory fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { canaryNeedles } from '../fixtures/canary.ts';
import { ROOT } from '../fixtures/gatehouse.ts';
import { scanCaptures } from './scanner.ts';

const dirs: string[] = [];
function directoryWith(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-canary-self-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Leaks as they would look in captured output, each built here the way the leaking code would build it. */
const leaks: Record<string, (secret: string) => string | Buffer> = {
  plain: (s) => `{"level":50,"msg":"connect failed: ${s}"}\n`,
  'base64 at offset 0': (s) => `Authorization: Basic ${Buffer.from(s).toString('base64')}`,
  'base64 at offset 1': (s) => `data: ${Buffer.from(`u${s}!`).toString('base64')}`,
  'base64 at offset 2': (s) => `data: ${Buffer.from(`us${s}?!`).toString('base64')}`,
  'base64url at offset 1': (s) => `token=${Buffer.from(`{${s}}`).toString('base64url')}`,
  'base64url at offset 2': (s) => `token=${Buffer.from(`a:${s}`).toString('base64url')}`,
  hex: (s) => `bytes ${Buffer.from(`x${s}`).toString('hex')} end`,
  'upper-case hex': (s) => `\\x${Buffer.from(s).toString('hex').toUpperCase()}`,
  'URL-encoded': (s) => `GET /hooks?secret=${encodeURIComponent(s)} 404`,
  'JSON-escaped': (s) => JSON.stringify({ result: JSON.stringify({ password: s }) }),
  'inside binary bytes': (s) => Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe]), Buffer.from(s), Buffer.from([0, 0, 7])]),
};

describe('canary scan', () => {
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('finds every canary in every form a leak takes, naming kind and file only', () => {
    for (const canary of canaryNeedles()) {
      const files = Object.fromEntries(Object.values(leaks).map((leak, i) => [`leak-${i}.capture`, leak(canary.value)]));
      const report = scanCaptures(directoryWith(files), canaryNeedles(), 1);
      for (const [i, form] of Object.keys(leaks).entries()) {
        const found = report.findings.filter((f) => f.file === `leak-${i}.capture`);
        assert.deepEqual(found.map((f) => f.kind), [canary.kind], `${canary.kind} ${form}`);
      }
      assert.ok(!JSON.stringify(report).includes(canary.value));
    }
  });

  it('passes captures that hold no canary, near misses included', () => {
    const [first] = canaryNeedles();
    assert.ok(first);
    const report = scanCaptures(
      directoryWith({
        'log.capture': '{"level":30,"msg":"connected to gh-canary-pg-[REDACTED:secret]"}\n',
        'mcp.capture': JSON.stringify({ result: { content: [{ type: 'text', text: `almost ${first.value.slice(0, -1)}` }] } }),
        'store.capture': Buffer.from([0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0, 0, 1]),
      }),
      canaryNeedles(),
      3,
    );
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.problems, []);
    assert.equal(report.files, 3);
    assert.equal(report.canaries, 10);
  });

  it('fails a capture directory that is missing, empty, or thinner than the floor', () => {
    assert.equal(scanCaptures(join(tmpdir(), 'gatehouse-canary-no-such-dir'), canaryNeedles(), 1).problems.length, 1);
    assert.match(scanCaptures(directoryWith({}), canaryNeedles(), 1).problems.join(), /holds 0 files/);
    assert.match(scanCaptures(directoryWith({ 'a.capture': 'x' }), canaryNeedles(), 2).problems.join(), /holds 1 files, fewer than the 2/);
  });

  it('as the posttest script: exit 1 naming file and kind without the value; a clean run prints its summary', () => {
    const [canary] = canaryNeedles();
    assert.ok(canary);
    const scan = (dir: string, minFiles: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/canary/scan.ts')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, GATEHOUSE_TEST_CAPTURE: dir, GATEHOUSE_CANARY_MIN_FILES: minFiles } });
    const leaked = scan(directoryWith({ 'clean.capture': 'ok', 'gatehouse-output-1-1.capture': `password=${encodeURIComponent(canary.value)}` }), '1');
    assert.equal(leaked.status, 1);
    assert.match(leaked.stderr, new RegExp(`LEAK of the ${canary.kind} canary \\(URL-encoded\\) in .*gatehouse-output-1-1\\.capture`));
    assert.ok(!`${leaked.stdout}${leaked.stderr}`.includes(canary.value) && !`${leaked.stdout}${leaked.stderr}`.includes(encodeURIComponent(canary.value)));
    const clean = scan(directoryWith({ 'a.capture': 'ok', 'b.capture': 'fine' }), '2');
    assert.equal(clean.status, 0, clean.stderr);
    assert.match(clean.stdout, /^canary scan: 2 files, 6 bytes, 10 canaries, no leak$/m);
    assert.equal(scan(directoryWith({ 'a.capture': 'ok' }), '2').status, 1, 'too few files fails');
  });
});
