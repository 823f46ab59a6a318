// Install exactly as written: the package as npm would ship it (`npm pack`), installed into an empty
// folder with `npm install <tarball>`, then started with the exact command lines the README's
// "Connecting clients" section and every client config in examples/clients/ show (stdio and HTTP),
// through the SDK's own client: each lists the tools and runs one postgres_query against the real
// PostgreSQL. The only changes made to those lines are the two the README tells the reader to make:
// the config path (/etc/gatehouse/gatehouse.yaml) and, so that tests may run side by side, the port.
//
// Two stand-ins, because the package is not fetched from the public registry here:
// - `npx -y gatehouse-mcp-server ...` runs with the install folder as its working directory, where
//   npx finds the installed tarball exactly as it would find the package fetched from the registry;
//   npm_config_offline=true makes sure it can never fetch anything (a stranger's package above all).
// - better-sqlite3 normally downloads a prebuilt binary from GitHub, which this network does not
//   reach, and compiling it takes minutes on CI. The test hands prebuild-install the binary the
//   repository's own `npm ci` compiled for the same pinned version, as a local prebuild (the
//   documented npm_config_<package>_local_prebuilds). Every other dependency comes from the
//   registry (through npm's cache, which `npm ci` has warmed: --prefer-offline).
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { stringify } from 'yaml';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { freePort, ROOT, runsBuilt } from '../fixtures/gatehouse.ts';

const run = promisify(execFile);
const PACKAGE = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string }).name;
/** What the README says to replace with your config file's path, and the port its lines use. */
const CONFIG_PLACEHOLDER = '/etc/gatehouse/gatehouse.yaml';
const README_PORT = '7070';

type ClientEntry =
  | { source: string; kind: 'stdio'; command: string; args: string[]; env: Record<string, string> }
  | { source: string; kind: 'http'; url: string };

/** The text of a `## heading` section of a Markdown file. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

function codeBlocks(markdown: string): Array<{ lang: string; body: string }> {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', body: m[2] ?? '' }));
}

function words(line: string): string[] {
  assert.doesNotMatch(line, /["'\\]/, `a command line the test splits on spaces has quotes: ${line}`);
  return line.trim().split(/\s+/);
}

/** The servers of an `mcpServers` file (Claude Desktop, Cursor and the like). */
function mcpServerEntries(source: string, json: string): ClientEntry[] {
  const servers = (JSON.parse(json) as { mcpServers?: Record<string, Record<string, unknown>> }).mcpServers;
  assert.ok(servers && Object.keys(servers).length > 0, `${source}: no mcpServers`);
  return Object.entries(servers).map(([name, s]): ClientEntry => {
    if (typeof s.url === 'string') return { source: `${source} ${name}`, kind: 'http', url: s.url };
    assert.equal(typeof s.command, 'string', `${source} ${name}: neither url nor command`);
    return { source: `${source} ${name}`, kind: 'stdio', command: s.command as string, args: (s.args as string[] | undefined) ?? [], env: (s.env as Record<string, string> | undefined) ?? {} };
  });
}

/** `claude mcp add [--transport http] [--env K=V] NAME (URL | -- COMMAND ARGS...)`. */
function claudeEntry(source: string, line: string): ClientEntry {
  const w = words(line);
  assert.deepEqual(w.slice(0, 3), ['claude', 'mcp', 'add'], line);
  const dashes = w.indexOf('--');
  const options = dashes < 0 ? w.slice(3) : w.slice(3, dashes);
  const env: Record<string, string> = {};
  options.forEach((word, i) => {
    if (word === '--env' || word === '-e') {
      const [k, ...v] = (options[i + 1] ?? '').split('=');
      env[k as string] = v.join('=');
    }
  });
  if (dashes >= 0) {
    const [command, ...args] = w.slice(dashes + 1);
    return { source, kind: 'stdio', command: command as string, args, env };
  }
  assert.ok(options.includes('--transport') && options[options.indexOf('--transport') + 1] === 'http', `${source}: ${line}`);
  return { source, kind: 'http', url: w[w.length - 1] as string };
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const connecting = section(readme, 'Connecting clients');
const readmeBlocks = codeBlocks(connecting);
const shLines = readmeBlocks.filter((b) => b.lang === 'sh').flatMap((b) => b.body.split('\n').filter((l) => l.trim() !== ''));

function readmeEntries(): ClientEntry[] {
  const entries: ClientEntry[] = [];
  for (const b of readmeBlocks) if (b.lang === 'json') entries.push(...mcpServerEntries(`README json block`, b.body));
  for (const l of shLines) if (l.startsWith('claude mcp add')) entries.push(claudeEntry('README', l));
  return entries;
}

function exampleEntries(): ClientEntry[] {
  const dir = join(ROOT, 'examples/clients');
  const entries: ClientEntry[] = [];
  for (const file of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (file.endsWith('.json')) entries.push(...mcpServerEntries(`examples/clients/${file}`, text));
    else if (file.endsWith('.sh')) {
      for (const raw of text.split('\n')) {
        const line = raw.replace(/^#\s*/, '');
        if (line.startsWith('claude mcp add')) entries.push(claudeEntry(`examples/clients/${file}`, line));
      }
    }
  }
  return entries;
}

describe('the README and examples name the package', () => {
  it('every npx line and npx client config names gatehouse-mcp-server (or the pinned Inspector)', () => {
    const texts: Array<[string, string]> = readmeBlocks.map((b) => ['README Connecting clients', b.body]);
    for (const file of readdirSync(join(ROOT, 'examples/clients'))) texts.push([file, readFileSync(join(ROOT, 'examples/clients', file), 'utf8')]);
    let seen = 0;
    for (const [source, text] of texts) {
      for (const m of text.matchAll(/\bnpx\s+(?:-y\s+)?(\S+)/g)) {
        seen++;
        assert.ok([PACKAGE, '@modelcontextprotocol/inspector@2'].includes(m[1] as string), `${source}: "${m[0]}" does not name ${PACKAGE}`);
      }
    }
    for (const e of [...readmeEntries(), ...exampleEntries()]) {
      if (e.kind !== 'stdio') continue;
      seen++;
      assert.equal(e.command, 'npx', e.source);
      assert.deepEqual(e.args.slice(0, 2), ['-y', PACKAGE], `${e.source}: npx must name ${PACKAGE}`);
    }
    assert.ok(seen >= 6, `only ${seen} npx uses found`);
  });

  it('the package keeps the command `gatehouse`', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.deepEqual(Object.keys(pkg.bin), ['gatehouse'], 'one bin, so `npx -y PACKAGE` runs it');
  });
});

describe('installed from the packed tarball', { timeout: 12 * 60_000 }, () => {
  let db: TestDatabase;
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-install-'));
  const installDir = join(work, 'app');
  const configFile = join(installDir, 'gatehouse.yaml');
  let port = 0;
  let server: ChildProcess | undefined;
  let serverClosed: Promise<unknown> = Promise.resolve();
  let serverLog = '';
  const timings: string[] = [];
  /** The README's HTTP line, with the config path and port substituted. */
  const substitute = (s: string) => s.replaceAll(CONFIG_PLACEHOLDER, configFile).replaceAll(`:${README_PORT}`, `:${port}`);

  before(async () => {
    db = await createTestDatabase();
    port = await freePort();

    let t = Date.now();
    const packDir = join(work, 'pack');
    mkdirSync(packDir);
    // A dist/ newer than every source (npm ci just built it) is packed as it is, sparing a second
    // compile; otherwise npm pack builds it first (prepare).
    const packing = runsBuilt() ? ['pack', '--ignore-scripts'] : ['pack'];
    await run('npm', [...packing, '--pack-destination', packDir], { cwd: ROOT, maxBuffer: 64 << 20 });
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball && tarball.startsWith(`${PACKAGE}-`), `npm pack wrote ${tarball}`);
    timings.push(`pack ${Date.now() - t} ms`);

    // The repository's compiled better-sqlite3, as the prebuilt binary prebuild-install looks for.
    const sqlite = JSON.parse(readFileSync(join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string };
    const pinned = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies['better-sqlite3'];
    assert.equal(sqlite.version, pinned, 'the repository compiled the pinned better-sqlite3');
    const prebuilds = join(work, 'prebuilds');
    mkdirSync(prebuilds);
    const name = `better-sqlite3-v${sqlite.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
    await run('tar', ['czf', join(prebuilds, name), '-C', join(ROOT, 'node_modules/better-sqlite3'), 'build/Release/better_sqlite3.node']);

    t = Date.now();
    mkdirSync(installDir);
    writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'install-check', private: true }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(packDir, tarball)], {
      cwd: installDir,
      env: { ...process.env, npm_config_better_sqlite3_local_prebuilds: prebuilds },
      maxBuffer: 64 << 20,
    });
    timings.push(`install ${Date.now() - t} ms`);

    writeFileSync(
      configFile,
      stringify({
        identity: { stdio: { id: 'installer', groups: ['dev'] }, http: { id: 'installer', groups: ['dev'] } },
        store: { sqlite: join(installDir, 'audit.db') },
        connections: { shop: { type: 'postgres', url: db.url, password: 'env:SHOP_PG_PASSWORD', labels: { env: 'test' } } },
      }),
    );

    // The README's line that starts gatehouse over HTTP, for the HTTP client configs.
    const serve = shLines.find((l) => l.includes(' serve --http '));
    assert.ok(serve, 'the README shows how to start gatehouse over HTTP');
    const [command, ...args] = words(substitute(serve));
    t = Date.now();
    server = spawn(command as string, args, { cwd: installDir, env: { ...process.env, SHOP_PG_PASSWORD: 'unused-with-trust-auth', npm_config_offline: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const child = server;
    serverClosed = new Promise((r) => child.once('close', r));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${serve} did not start:\n${serverLog}`)), 60_000);
      const onData = (c: Buffer) => {
        serverLog += c.toString();
        if (/MCP endpoint http:/.test(serverLog)) {
          clearTimeout(timer);
          resolve();
        }
      };
      server?.stdout?.on('data', onData);
      server?.stderr?.on('data', onData);
      server?.once('exit', (code) => reject(new Error(`${serve} exited with ${code}:\n${serverLog}`)));
    });
    timings.push(`HTTP server up ${Date.now() - t} ms`);
  });

  after(async () => {
    // npx runs gatehouse as its child: stop the whole process group, and wait until the pipes close
    // (every process holding them has exited).
    if (server?.pid !== undefined) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await serverClosed;
    }
    await db?.drop();
    rmSync(work, { recursive: true, force: true });
    console.log(`install test: ${timings.join(', ')}`);
  });

  async function check(entry: ClientEntry): Promise<void> {
    const client = new Client({ name: 'install-check', version: '1.0.0' });
    let stderr = '';
    if (entry.kind === 'http') {
      assert.ok(entry.url.includes(`:${README_PORT}/`), `${entry.source}: ${entry.url} is not the README's URL`);
      await client.connect(new StreamableHTTPClientTransport(new URL(substitute(entry.url))));
    } else {
      const transport = new StdioClientTransport({
        command: entry.command,
        args: entry.args.map(substitute),
        env: { ...entry.env, npm_config_offline: 'true' },
        cwd: installDir,
        stderr: 'pipe',
      });
      transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      await client.connect(transport);
    }
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'postgres_query'), `${entry.source}: tools ${tools.map((t) => t.name).join(', ')}\n${stderr}`);
      const r = (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT count(*) AS n FROM customers' } })) as {
        isError?: boolean;
        structuredContent?: { rows?: unknown[][] };
      };
      assert.notEqual(r.isError, true, `${entry.source}: ${JSON.stringify(r)}\n${stderr}`);
      assert.equal(Number(r.structuredContent?.rows?.[0]?.[0]), 5, `${entry.source}: ${JSON.stringify(r)}`);
    } finally {
      await client.close();
    }
  }

  it('serves /healthz from the README HTTP line', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
  });

  it('the README client configs (stdio and HTTP) start and answer', async () => {
    const entries = readmeEntries();
    assert.deepEqual([...new Set(entries.map((e) => e.kind))].sort(), ['http', 'stdio']);
    for (const entry of entries) await check(entry);
  });

  it('every client config in examples/clients starts and answers', async () => {
    const entries = exampleEntries();
    assert.ok(entries.length >= 4, `only ${entries.length} configs in examples/clients`);
    for (const entry of entries) await check(entry);
  });

  it('installs the command `gatehouse`, which checks the config', async () => {
    const { stdout, stderr } = await run(join(installDir, 'node_modules/.bin/gatehouse'), ['config', 'check', '--config', configFile], {
      env: { ...process.env, SHOP_PG_PASSWORD: 'replace-with-the-shop-password' },
    });
    assert.match(stdout + stderr, /ok/i);
  });
});
