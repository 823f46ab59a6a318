// Reload on file change, with files as editors and Kubernetes change them: a temporary renamed over
// the file, and a ConfigMap volume, whose files are symlinks through `..data` that the kubelet swaps
// for a new directory on update (the files' own names never change there).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { Reloader } from '../../src/server/reload.ts';
import { watchForChanges } from '../../src/server/reload-watch.ts';
import { until } from '../fixtures/until.ts';

/** A reloader that counts its reloads; the watcher is what is under test. */
function countingReloader(files: string[]): Reloader & { triggers: string[] } {
  const triggers: string[] = [];
  return {
    triggers,
    files: () => files,
    reload: async (trigger) => {
      triggers.push(trigger);
      return { ok: false, problems: [] };
    },
    recordRunning: async () => undefined,
  };
}

describe('watching policy files', () => {
  it('reloads when a temporary is renamed over a watched file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-watch-'));
    writeFileSync(join(dir, 'policy.yaml'), 'a');
    const reloader = countingReloader([join(dir, 'policy.yaml')]);
    const watcher = watchForChanges(reloader, pino({ enabled: false }), 20);
    try {
      writeFileSync(join(dir, 'policy.yaml.tmp'), 'b');
      renameSync(join(dir, 'policy.yaml.tmp'), join(dir, 'policy.yaml'));
      await until('a reload', async () => (reloader.triggers.length > 0 ? true : undefined));
      assert.deepEqual(reloader.triggers, ['file change']);
    } finally {
      watcher.close();
    }
  });

  it('reloads when a Kubernetes ConfigMap volume swaps its ..data link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-configmap-'));
    mkdirSync(join(dir, '..2026_12_04_old'));
    writeFileSync(join(dir, '..2026_12_04_old', 'policy.yaml'), 'a');
    symlinkSync('..2026_12_04_old', join(dir, '..data'));
    symlinkSync('..data/policy.yaml', join(dir, 'policy.yaml'));
    const reloader = countingReloader([join(dir, 'policy.yaml')]);
    const watcher = watchForChanges(reloader, pino({ enabled: false }), 20);
    try {
      // What the kubelet's atomic writer does: a new directory, a new link beside ..data, renamed over it.
      mkdirSync(join(dir, '..2026_12_04_new'));
      writeFileSync(join(dir, '..2026_12_04_new', 'policy.yaml'), 'b');
      symlinkSync('..2026_12_04_new', join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
      await until('a reload', async () => (reloader.triggers.length > 0 ? true : undefined));
      assert.deepEqual(reloader.triggers, ['file change']);
    } finally {
      watcher.close();
    }
  });
});
