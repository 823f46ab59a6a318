// The CLI in pipes and in its reports: a reader that goes away (`| head`) ends a command quietly
// with exit 0; `config check` lists every problem of a connection, not the first; a YAML syntax
// error names the line and column and quotes the line.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { AuditEventInput } from '../../src/audit/events.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { gatehouseCli, ROOT, runCli, writeConfig } from '../fixtures/gatehouse.ts';

/** Runs the CLI and closes its stdout after the first chunk, as `| head -1` does. */
function runIntoHead(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [...gatehouseCli(), ...args], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolveRun({ code, stderr }));
  });
}

describe('the CLI in a pipe', () => {
  const SESSION = 'pipe-session';
  let configFile = '';

  before(async () => {
    const written = writeConfig({});
    configFile = written.configFile;
    const store = openSqliteStore(written.storeFile);
    // Far more than a pipe buffer holds, so the writer is still writing when the reader leaves.
    const events: AuditEventInput[] = [{ type: 'session.started', session: SESSION, principal: 'agent', data: { transport: 'stdio', client: 'test' } }];
    for (let i = 0; i < 400; i++) {
      const base = { session: SESSION, callId: `call-${i}`, principal: 'agent', tool: 'postgres_query', target: 'shop' };
      events.push({ ...base, type: 'call.requested', data: { args: { connection: 'shop', sql: `SELECT ${i} -- ${'x'.repeat(2000)}` } } });
      events.push({ ...base, type: 'call.result', data: { result: { content: [{ type: 'text', text: 'y'.repeat(2000) }], structuredContent: {} }, durationMs: 1 } });
    }
    await store.append(events);
    await store.close();
  });

  for (const args of [['audit', 'export'], ['replay', SESSION], ['replay', SESSION, '--format', 'json'], ['sessions', 'list']]) {
    it(`gatehouse ${args.join(' ')} | head ends quietly`, async () => {
      const r = await runIntoHead([...args, '--config', configFile]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
    });
  }
});

describe('config check reports', () => {
  it('every problem of a connection, each with its path, also when another section is wrong', async () => {
    const { configFile } = writeConfig({
      connections: { shop: { type: 'postgres', url: 'postgres://app@db/shop', pasword: 'env:X', password: 'vault:pg', poolSize: 'many' } },
      limits: { timeout: 'soon' },
    });
    const r = await runCli(['config', 'check', '--config', configFile]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /connections\.shop: unknown key "pasword"/);
    assert.match(r.stderr, /connections\.shop\.poolSize: /);
    assert.match(r.stderr, /connections\.shop\.password: unknown secret reference scheme "vault:"/);
    assert.match(r.stderr, /limits\.timeout: invalid duration "soon"/);
  });

  it('policy problems along with the config problems', async () => {
    const { configFile, dir } = writeConfig({ connections: { shop: { type: 'postgres', url: 'postgres://app@db/shop', password: 'env:GATEHOUSE_TEST_UNSET_VAR' } }, policies: ['bad.yaml'] });
    writeFileSync(`${dir}/bad.yaml`, 'rules:\n  - id: broken\n    when: sql.nonexistent_fact\n    effect: deny\n');
    const r = await runCli(['config', 'check', '--config', configFile]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /2 problems/);
    assert.match(r.stderr, /connections\.shop\.password: environment variable GATEHOUSE_TEST_UNSET_VAR is not set/);
    assert.match(r.stderr, /bad\.yaml: rule broken: when: .*nonexistent_fact/);
  });

  it('a YAML syntax error with its line and column, quoting the line', async () => {
    const { configFile } = writeConfig({});
    writeFileSync(configFile, 'log:\n  level: info\nconnections:\n  shop: {type: postgres\nlimits: {}\n');
    const r = await runCli(['config', 'check', '--config', configFile]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /gatehouse\.yaml:5:1: invalid YAML: Flow map .*end with a \}\n/);
    assert.match(r.stderr, /\n +4 \| {3}shop: \{type: postgres\n +5 \| limits: \{\}\n +\| \^\n/);
    assert.doesNotMatch(r.stderr, /:\n*$/);
  });
});
