// The Containerfile, checked for its structure (no container builder or base image can be fetched
// where the tests run, so it is not built here): two stages, a runtime stage that runs as a
// non-root user with a health check on /healthz, and nothing secret baked into the image.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../fixtures/gatehouse.ts';

const text = readFileSync(join(ROOT, 'Containerfile'), 'utf8');
/** Instructions, continuation lines joined, comments dropped. */
const instructions = text
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const stages: string[][] = [];
for (const line of instructions) {
  if (/^FROM\s/i.test(line)) stages.push([]);
  stages[stages.length - 1]?.push(line);
}
const runtime = stages[stages.length - 1] ?? [];
const keyword = (l: string) => l.split(/\s+/)[0]?.toUpperCase();

describe('Containerfile', () => {
  it('builds in one stage and runs from another', () => {
    assert.ok(stages.length >= 2, 'multi-stage');
    assert.ok(stages[0]?.some((l) => /npm ci\b/.test(l)), 'the build stage runs npm ci');
    assert.ok(runtime.some((l) => /^COPY\s+--from=/i.test(l)), 'the runtime stage copies from the build stage');
    assert.ok(!runtime.some((l) => /npm (ci|install)\b(?!.*--omit=dev)/.test(l)), 'no dev dependencies installed in the runtime stage');
    assert.ok(stages[0]?.some((l) => /--omit=dev/.test(l)), 'production dependencies only');
  });

  it('runs as a non-root user', () => {
    const users = runtime.filter((l) => keyword(l) === 'USER');
    assert.ok(users.length > 0, 'USER in the runtime stage');
    const user = (users[users.length - 1] as string).split(/\s+/)[1] as string;
    assert.doesNotMatch(user, /^(root|0)(:|$)/, `USER ${user}`);
  });

  it('has a health check on /healthz and the gatehouse command as entry point', () => {
    const health = runtime.find((l) => keyword(l) === 'HEALTHCHECK');
    assert.ok(health, 'HEALTHCHECK');
    assert.match(health, /\/healthz/);
    assert.match(runtime.find((l) => keyword(l) === 'ENTRYPOINT') ?? '', /gatehouse/);
  });

  it('bakes in no secret and no config', () => {
    for (const l of instructions) {
      if (keyword(l) === 'ENV' || keyword(l) === 'ARG') assert.doesNotMatch(l, /PASSWORD|SECRET|TOKEN|KEY|postgres:\/\/[^@\s]*:[^@\s]*@/i, l);
      if (keyword(l) === 'COPY' || keyword(l) === 'ADD') assert.doesNotMatch(l, /\.env\b|\.pem\b|\.key\b|id_rsa|kubeconfig|gatehouse\.yaml|\bdata\b/i, l);
    }
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const p of ['.git', 'node_modules', 'data', '*.db']) assert.ok(ignore.includes(p), `.dockerignore leaves out ${p}`);
  });

  it('is the build the Kubernetes examples reference', () => {
    const readme = readFileSync(join(ROOT, 'examples/kubernetes/README.md'), 'utf8');
    assert.match(readme, /build -t gatehouse -f Containerfile \./);
  });
});
