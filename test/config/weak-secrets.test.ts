// Secrets too short or too common to scrub safely: `config check` and `serve` refuse them with the
// config path (never the value) unless the path is listed under allowWeakSecrets; a weak secret so
// allowed is scrubbed only where it stands as a whole word, a strong one anywhere and in its encodings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createScrubber } from '../../src/pipeline/scrub.ts';
import { gatehouseCli, ROOT, runCli, writeConfig } from '../fixtures/gatehouse.ts';

const shop = (password: string) => ({ shop: { type: 'postgres', url: 'postgres://app@db.internal:5432/shop', password } });

describe('weak secrets', () => {
  it('config check names each weak secret by its path and never prints it', async () => {
    const { configFile } = writeConfig({
      connections: { ...shop('env:WEAK_SHORT'), ci: { type: 'postgres', url: 'postgres://app@db/ci', password: 'env:WEAK_COMMON' } },
      pseudonymKey: 'env:WEAK_PSEUDONYM',
    });
    const r = await runCli(['config', 'check', '--config', configFile], { WEAK_SHORT: 'Zq9!', WEAK_COMMON: 'Postgres', WEAK_PSEUDONYM: 'changeme' });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /3 problems/);
    assert.match(r.stderr, /connections\.shop\.password: the secret is shorter than 8 characters/);
    assert.match(r.stderr, /connections\.ci\.password: the secret is a common password or word/);
    assert.match(r.stderr, /pseudonymKey: the secret is a common password or word/);
    assert.match(r.stderr, /allowWeakSecrets/);
    for (const value of ['Zq9!', 'Postgres', 'changeme']) assert.ok(!r.stderr.includes(value) && !r.stdout.includes(value), `printed ${value}`);
  });

  it('config check accepts a weak secret whose path is listed under allowWeakSecrets, and refuses a listed path that names no secret', async () => {
    const ok = writeConfig({ connections: shop('env:WEAK_SHORT'), allowWeakSecrets: ['connections.shop.password'] });
    const r = await runCli(['config', 'check', '--config', ok.configFile], { WEAK_SHORT: 'x' });
    assert.equal(r.code, 0, r.stderr);
    const typo = writeConfig({ connections: shop('env:WEAK_SHORT'), allowWeakSecrets: ['connections.shop.password', 'connections.shpo.password'] });
    const r2 = await runCli(['config', 'check', '--config', typo.configFile], { WEAK_SHORT: 'x' });
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /allowWeakSecrets\.1: "connections\.shpo\.password" names no secret in this config/);
  });

  it('serve refuses to start with a weak secret', () => {
    const { configFile } = writeConfig({ connections: shop('env:WEAK_COMMON') });
    const r = spawnSync(process.execPath, [...gatehouseCli(), 'serve', '--stdio', '--config', configFile], { cwd: ROOT, input: '', encoding: 'utf8', timeout: 30_000, env: { ...process.env, WEAK_COMMON: 'letmein' } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /connections\.shop\.password: the secret is a common password or word/);
    assert.ok(!r.stderr.includes('letmein'));
  });
});

describe('scrubbing', () => {
  it('replaces a weak secret only where it stands as a whole word', () => {
    const scrub = createScrubber(['x', 'postgres']);
    assert.equal(scrub('postgresql runs as postgres, x-ray max x_y x'), 'postgresql runs as [REDACTED:secret], [REDACTED:secret]-ray max x_y [REDACTED:secret]');
    assert.equal(scrub('user=postgres;'), 'user=[REDACTED:secret];');
    assert.equal(scrub('Postgres and xx'), 'Postgres and xx');
  });

  it('replaces a strong secret anywhere, plain and encoded', () => {
    const secret = 'probe-S3cret/"q+Vz';
    const scrub = createScrubber([secret]);
    const b64 = Buffer.from(secret).toString('base64').replace(/=+$/, '');
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), b64, Buffer.from(secret).toString('hex')]) {
      assert.equal(scrub(`a${form}b`), 'a[REDACTED:secret]b', form);
    }
  });
});
