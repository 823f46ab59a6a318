// The SSH executor against a real OpenSSH server: output, exit status, limits that stop the
// remote command, host key checks, login failures without secrets, and connection reuse.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ExecuteContext, Secrets } from '../../src/pipeline/toolpack.ts';
import { ToolError } from '../../src/pipeline/toolpack.ts';
import { SshConnectionConfigSchema, sshSecretKeys } from '../../tools/ssh/config.ts';
import { SshConnection } from '../../tools/ssh/connection.ts';
import type { SshConnectionOptions } from '../../tools/ssh/connection.ts';
import { executeSshCommand } from '../../tools/ssh/execute.ts';
import { Utf8EscapingDecoder, decodeUtf8Escaped } from '../../tools/shared/utf8-escaping.ts';
import { knownHostKeys } from '../../tools/ssh/hostkey-known-hosts.ts';
import type { WarningLogger } from '../../tools/ssh/hostkey-check.ts';
import { generateKey, sshdSkipReason, startSshd } from '../fixtures/sshd.ts';
import type { Sshd } from '../fixtures/sshd.ts';

// Compile-time check that a pino logger can be passed where a WarningLogger is expected.
export const pinoFitsWarningLogger = (logger: Logger): WarningLogger => logger;

const target = { name: 'web-1', type: 'ssh', labels: {} };

function context(limits: Partial<ExecuteContext['limits']> = {}, signal = new AbortController().signal): ExecuteContext {
  return { limits: { timeoutMs: 10_000, maxRows: 1000, maxBytes: 1_000_000, ...limits }, readOnly: false, signal };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Concurrency seen from the host, not from a clock: each command marks itself running in a shared
// directory, waits, then reports how many were running at that moment and unmarks itself.
const RUNNING = mkdtempSync(join(tmpdir(), 'gatehouse-running-'));
const running = (n: number, group: string) =>
  `d=${RUNNING}/${group}; mkdir -p $d; touch $d/${n}; sleep 0.5; c=$(ls $d | wc -l); rm $d/${n}; echo "${n} $c"`;
const runningAtOnce = (result: { stdout: string }) => Number(result.stdout.trim().split(' ')[1]);

async function rejectsWith(work: Promise<unknown>, code: string): Promise<ToolError> {
  const error = await work.then(
    () => assert.fail(`expected ToolError ${code}, but the call succeeded`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ToolError, `expected a ToolError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  return error;
}

function fingerprintOf(publicKeyPath: string): string {
  const line = execFileSync('/usr/bin/ssh-keygen', ['-l', '-f', publicKeyPath], { encoding: 'utf8' });
  const match = /SHA256:\S+/.exec(line);
  assert.ok(match, line);
  return match[0];
}

describe('executeSshCommand against a real sshd', { skip: sshdSkipReason() }, () => {
  let sshd: Sshd;
  const opened: SshConnection[] = [];

  before(async () => {
    sshd = await startSshd();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((conn) => conn.close()));
  });
  after(async () => {
    await sshd?.stop();
  });

  function connect(
    overrides: Record<string, unknown> = {},
    secrets: Secrets = { privateKey: sshd.clientPrivateKey },
    options: SshConnectionOptions = {},
  ): SshConnection {
    const config = SshConnectionConfigSchema.parse({
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      privateKey: `file:${sshd.clientKeyPath}`,
      hostKey: sshd.hostPublicKey,
      ...overrides,
    });
    const conn = new SshConnection(target, config, secrets, options);
    opened.push(conn);
    return conn;
  }

  describe('output and status', () => {
    it('runs a command and returns stdout, exit code 0 and replay events', async () => {
      const result = await executeSshCommand(connect(), 'echo hello', context());
      assert.equal(result.kind, 'process');
      assert.equal(result.stdout, 'hello\n');
      assert.equal(result.stderr, '');
      assert.equal(result.exitCode, 0);
      assert.equal(result.truncated, undefined);
      const [event] = result.events ?? [];
      assert.ok(event);
      assert.equal(event[1], 'o');
      assert.equal(event[2], 'hello\n');
      assert.ok(event[0] >= 0 && event[0] < 5);
    });

    it('reports non-zero exit codes', async () => {
      const conn = connect();
      assert.equal((await executeSshCommand(conn, 'exit 3', context())).exitCode, 3);
      assert.equal((await executeSshCommand(conn, 'false', context())).exitCode, 1);
    });

    it('keeps stderr apart from stdout, in the result and in the events', async () => {
      const result = await executeSshCommand(connect(), 'echo out; echo err >&2', context());
      assert.equal(result.stdout, 'out\n');
      assert.equal(result.stderr, 'err\n');
      assert.deepEqual(
        (result.events ?? []).map(([, stream, text]) => [stream, text]).sort(),
        [
          ['e', 'err\n'],
          ['o', 'out\n'],
        ],
      );
    });

    it('runs without a PTY and with stdin closed', async () => {
      const result = await executeSshCommand(connect(), '[ -t 1 ] && echo tty || echo no-tty; cat; echo done', context());
      assert.equal(result.stdout, 'no-tty\ndone\n');
    });

    it('passes the command to the login shell unchanged (quotes, $, newlines)', async () => {
      const result = await executeSshCommand(connect(), `x='it'"'"'s'; echo "$x \\$HOME"\necho line2`, context());
      assert.equal(result.stdout, "it's $HOME\nline2\n");
    });

    it('escapes invalid UTF-8 bytes visibly and keeps valid text', async () => {
      const result = await executeSshCommand(connect(), "printf 'ok \\377\\376 caf\\303\\251 \\342\\202\\254\\n'", context());
      assert.equal(result.stdout, 'ok \\xFF\\xFE café €\n');
    });

    it('reports a signal death: 128+N under the watchdog, the signal name without it', async () => {
      const watched = await executeSshCommand(connect(), 'kill -s TERM $$', context());
      assert.equal(watched.exitCode, 143);
      const bare = await executeSshCommand(connect({ commandWatchdog: false }), 'kill -s TERM $$', context());
      assert.equal(bare.exitCode, null);
      assert.equal(bare.signal, 'SIGTERM');
    });
  });

  describe('limits stop the remote command', () => {
    it('control: without a limit the marker command does create its file', async () => {
      const marker = join(sshd.dir, 'control-marker');
      await executeSshCommand(connect(), `(sleep 0.2; touch ${marker}); true`, context());
      assert.ok(existsSync(marker));
    });

    // Had the call waited for the command, the command would have touched the marker first.
    it('a timeout kills the remote command and all its children', async () => {
      const marker = join(sshd.dir, 'timeout-marker');
      // The subshell is a separate process: killing only the top shell would let it touch the file.
      const error = await rejectsWith(
        executeSshCommand(connect(), `(sleep 1; touch ${marker}); true`, context({ timeoutMs: 5_000 }), { timeoutMs: 300 }),
        'timeout',
      );
      assert.match(error.message, /300 ms/);
      await sleep(1_500);
      assert.equal(existsSync(marker), false, 'the remote command survived the timeout');
    });

    it('the limit from the decision applies when it is shorter than the requested timeout', async () => {
      await rejectsWith(executeSshCommand(connect(), 'sleep 5', context({ timeoutMs: 200 }), { timeoutMs: 60_000 }), 'timeout');
    });

    it('cancelling through ctx.signal kills the remote command', async () => {
      const marker = join(sshd.dir, 'cancel-marker');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      await rejectsWith(
        executeSshCommand(connect(), `(sleep 1; touch ${marker}); true`, context({}, controller.signal)),
        'cancelled',
      );
      await sleep(1_500);
      assert.equal(existsSync(marker), false, 'the remote command survived the cancellation');
    });

    it('caps huge output at maxBytes, says so, and stops the command', async () => {
      const marker = join(sshd.dir, 'bytes-marker');
      const command = `head -c 5000000 /dev/zero | tr '\\0' a; sleep 1; touch ${marker}`;
      const result = await executeSshCommand(connect(), command, context({ maxBytes: 1000 }));
      assert.equal(result.stdout, 'a'.repeat(1000));
      assert.deepEqual(result.truncated, { reason: 'bytes', limit: 1000 });
      await sleep(1_500);
      assert.equal(existsSync(marker), false, 'the remote command ran on after the cap');
    });

    it('counts stdout and stderr together against maxBytes', async () => {
      const command = "head -c 600 /dev/zero | tr '\\0' o; head -c 600 /dev/zero | tr '\\0' e >&2";
      const result = await executeSshCommand(connect(), command, context({ maxBytes: 1000 }));
      assert.equal(result.stdout.length + result.stderr.length, 1000);
      assert.deepEqual(result.truncated, { reason: 'bytes', limit: 1000 });
    });
  });

  describe('host keys', () => {
    it('refuses a server whose key is not the pinned one, showing both fingerprints', async () => {
      const other = generateKey(join(sshd.dir, 'other_host_key'));
      const logins = sshd.acceptedLogins();
      const error = await rejectsWith(executeSshCommand(connect({ hostKey: other.publicKey }), 'echo hi', context()), 'host_key_mismatch');
      assert.ok(error.message.includes(fingerprintOf(join(sshd.dir, 'host_ed25519.pub'))), error.message);
      assert.ok(error.message.includes(fingerprintOf(join(sshd.dir, 'other_host_key.pub'))), error.message);
      assert.equal(sshd.acceptedLogins(), logins, 'no login happened');
    });

    it('refuses a server that has no host key of the pinned type', async () => {
      const path = join(sshd.dir, 'ecdsa_host_key');
      execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ecdsa', '-N', '', '-f', path], { stdio: 'ignore' });
      const ecdsa = readFileSync(`${path}.pub`, 'utf8').trim();
      const error = await rejectsWith(executeSshCommand(connect({ hostKey: ecdsa }), 'echo hi', context()), 'host_key_mismatch');
      assert.match(error.message, /no host key of the expected type \(ecdsa-sha2-nistp256\)/);
    });

    it('accepts the server when one of several pinned keys matches', async () => {
      const other = generateKey(join(sshd.dir, 'other_host_key2'));
      const conn = connect({ hostKey: [other.publicKey, sshd.hostPublicKey] });
      assert.equal((await executeSshCommand(conn, 'echo ok', context())).stdout, 'ok\n');
    });

    it('refuses a host missing from the known_hosts file', async () => {
      const file = join(sshd.dir, 'known_hosts_other');
      writeFileSync(file, `[127.0.0.1]:1 ${sshd.hostPublicKey}\nexample.org ${sshd.hostPublicKey}\n`);
      const error = await rejectsWith(
        executeSshCommand(connect({ hostKey: undefined, knownHostsFile: file }), 'echo hi', context()),
        'host_key_mismatch',
      );
      assert.match(error.message, new RegExp(`no key for \\[127\\.0\\.0\\.1\\]:${sshd.port}`));
      assert.ok(error.message.includes(fingerprintOf(join(sshd.dir, 'host_ed25519.pub'))));
    });

    it('refuses a changed key listed for the host in known_hosts', async () => {
      const other = generateKey(join(sshd.dir, 'other_host_key3'));
      const file = join(sshd.dir, 'known_hosts_changed');
      writeFileSync(file, `[127.0.0.1]:${sshd.port} ${other.publicKey}\n`);
      await rejectsWith(executeSshCommand(connect({ hostKey: undefined, knownHostsFile: file }), 'echo hi', context()), 'host_key_mismatch');
    });

    it('accepts the host through plain and hashed known_hosts entries', async () => {
      const file = join(sshd.dir, 'known_hosts');
      writeFileSync(file, `# comment\n[127.0.0.1]:${sshd.port},other.example ${sshd.hostPublicKey}\n`);
      const plain = connect({ hostKey: undefined, knownHostsFile: file });
      assert.equal((await executeSshCommand(plain, 'echo plain', context())).stdout, 'plain\n');
      execFileSync('/usr/bin/ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
      assert.doesNotMatch(readFileSync(file, 'utf8'), /127\.0\.0\.1/);
      const hashed = connect({ hostKey: undefined, knownHostsFile: file });
      assert.equal((await executeSshCommand(hashed, 'echo hashed', context())).stdout, 'hashed\n');
    });

    it('refuses a key marked @revoked even when the host is also listed with it', async () => {
      const file = join(sshd.dir, 'known_hosts_revoked');
      writeFileSync(file, `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n@revoked * ${sshd.hostPublicKey}\n`);
      const error = await rejectsWith(
        executeSshCommand(connect({ hostKey: undefined, knownHostsFile: file }), 'echo hi', context()),
        'host_key_mismatch',
      );
      assert.match(error.message, /@revoked/);
    });

    it('refuses a key marked @revoked under another host’s name: a revoked key is never accepted, whatever host its line names', async () => {
      const file = join(sshd.dir, 'known_hosts_revoked_elsewhere');
      writeFileSync(file, `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n@revoked retired.example.org ${sshd.hostPublicKey}\n`);
      const error = await rejectsWith(
        executeSshCommand(connect({ hostKey: undefined, knownHostsFile: file }), 'echo hi', context()),
        'host_key_mismatch',
      );
      assert.match(error.message, /@revoked/);
    });

    it('with insecureAcceptAnyHostKey connects and logs a warning with the accepted key', async () => {
      const warnings: Array<{ fields: object; message: string }> = [];
      const logger: WarningLogger = { warn: (fields, message) => warnings.push({ fields, message }) };
      const conn = connect({ hostKey: undefined, insecureAcceptAnyHostKey: true }, undefined, { logger });
      assert.equal((await executeSshCommand(conn, 'echo ok', context())).stdout, 'ok\n');
      const fingerprint = fingerprintOf(join(sshd.dir, 'host_ed25519.pub'));
      assert.ok(warnings.some((warning) => /INSECURE/.test(warning.message) && JSON.stringify(warning.fields).includes(fingerprint)));
    });
  });

  describe('login', () => {
    it('refuses a client key the server does not know, without key material in the error', async () => {
      const stranger = generateKey(join(sshd.dir, 'stranger'));
      const error = await rejectsWith(
        executeSshCommand(connect({}, { privateKey: stranger.privateKey }), 'echo hi', context()),
        'backend_auth_failed',
      );
      assert.equal(error.message, `authentication to web-1 (127.0.0.1:${sshd.port}) as user ${sshd.user} was refused`);
      const keyLines = stranger.privateKey.split('\n').filter((line) => line.length > 10 && !line.startsWith('-----'));
      const visible = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`;
      for (const line of keyLines) assert.ok(!visible.includes(line), 'private key material leaked');
    });

    it('logs in with a passphrase-protected key, and a wrong passphrase fails without showing it', async () => {
      const locked = generateKey(join(sshd.dir, 'locked'), 'correct horse battery');
      sshd.authorize(locked.publicKey);
      const good = connect({ passphrase: 'env:PASS' }, { privateKey: locked.privateKey, passphrase: 'correct horse battery' });
      assert.equal((await executeSshCommand(good, 'echo unlocked', context())).stdout, 'unlocked\n');
      const bad = connect({ passphrase: 'env:PASS' }, { privateKey: locked.privateKey, passphrase: 'wrong staple' });
      const error = await rejectsWith(executeSshCommand(bad, 'echo hi', context()), 'backend_auth_failed');
      assert.ok(!error.message.includes('wrong staple'));
      assert.match(error.message, /passphrase/);
    });

    it('reports an unreachable host', async () => {
      const error = await rejectsWith(executeSshCommand(connect({ port: 1 }), 'echo hi', context()), 'backend_unavailable');
      assert.match(error.message, /ECONNREFUSED/);
    });

    it('refuses to build a handle when a configured secret was not resolved', () => {
      assert.throws(() => connect({}, {}), /secret "privateKey" was not resolved/);
    });
  });

  describe('the connection', () => {
    it('does not connect before the first command', async () => {
      const logins = sshd.acceptedLogins();
      const conn = connect();
      await sleep(100);
      assert.equal(conn.connectCount, 0);
      assert.equal(sshd.acceptedLogins(), logins);
    });

    it('reuses one SSH connection for later calls', async () => {
      const logins = sshd.acceptedLogins();
      const conn = connect();
      await executeSshCommand(conn, 'echo 1', context());
      await executeSshCommand(conn, 'echo 2', context());
      assert.equal(conn.connectCount, 1);
      assert.equal(sshd.acceptedLogins() - logins, 1, 'sshd saw one login');
    });

    it('runs concurrent calls as channels of one connection', async () => {
      const logins = sshd.acceptedLogins();
      const conn = connect();
      const results = await Promise.all([1, 2, 3, 4, 5].map((n) => executeSshCommand(conn, running(n, 'parallel'), context())));
      assert.deepEqual(
        results.map((result) => result.stdout.split(' ')[0]),
        ['1', '2', '3', '4', '5'],
      );
      assert.ok(Math.max(...results.map(runningAtOnce)) > 1, 'the calls ran in parallel');
      assert.equal(conn.connectCount, 1);
      assert.equal(sshd.acceptedLogins() - logins, 1);
    });

    it('queues calls beyond maxSessions instead of failing them', async () => {
      const conn = connect({ maxSessions: 2 });
      const results = await Promise.all([1, 2, 3, 4].map((n) => executeSshCommand(conn, running(n, 'queued'), context())));
      assert.deepEqual(
        results.map((result) => result.exitCode),
        [0, 0, 0, 0],
      );
      assert.ok(Math.max(...results.map(runningAtOnce)) <= 2, 'at most two ran at a time');
    });

    it('closes itself after idleTimeoutMs without calls, and reconnects on the next call', async () => {
      const conn = connect({ idleTimeoutMs: 200 });
      await executeSshCommand(conn, 'echo 1', context());
      assert.equal(conn.connected, true);
      await sleep(500);
      assert.equal(conn.connected, false);
      assert.equal((await executeSshCommand(conn, 'echo 2', context())).stdout, '2\n');
      assert.equal(conn.connectCount, 2);
    });

    it('a long command is not cut by the idle timeout', async () => {
      const conn = connect({ idleTimeoutMs: 100 });
      assert.equal((await executeSshCommand(conn, 'sleep 0.5; echo done', context())).stdout, 'done\n');
      assert.equal(conn.connectCount, 1);
    });

    it('reports a dropped connection and reconnects on the next call', async () => {
      const conn = connect();
      // Kill the sshd process serving this connection: the parent of the watchdog shell.
      await rejectsWith(executeSshCommand(conn, 'kill -KILL $(ps -o ppid= -p $PPID)', context()), 'connection_lost');
      assert.equal((await executeSshCommand(conn, 'echo back', context())).stdout, 'back\n');
      assert.equal(conn.connectCount, 2);
    });

    it('reconnects when the server dropped the connection between calls', async () => {
      const conn = connect();
      const first = await executeSshCommand(conn, 'ps -o ppid= -p $PPID', context());
      const sessionPid = Number(first.stdout.trim());
      assert.ok(sessionPid > 1, first.stdout);
      // The sshd process serving this connection was started by our fixture's sshd.
      process.kill(sessionPid, 'SIGKILL');
      assert.equal((await executeSshCommand(conn, 'echo again', context())).stdout, 'again\n');
      assert.equal(conn.connectCount, 2);
    });

    it('refuses calls after close()', async () => {
      const conn = connect();
      await executeSshCommand(conn, 'true', context());
      await conn.close();
      assert.equal(conn.connected, false);
      await rejectsWith(executeSshCommand(conn, 'true', context()), 'closed');
    });
  });
});

describe('SSH connection config', () => {
  const hostKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHt1ZKtFnlWnq0hTh4T0l7rN6cPq0PXy3ZV4Kx1eQqGc pinned';
  const base = { host: '10.0.0.5', user: 'ops', privateKey: 'file:/run/secrets/key' };

  it('fills the defaults', () => {
    const config = SshConnectionConfigSchema.parse({ ...base, hostKey });
    assert.equal(config.port, 22);
    assert.equal(config.idleTimeoutMs, 60_000);
    assert.equal(config.connectTimeoutMs, 10_000);
    assert.equal(config.maxSessions, 10);
    assert.equal(config.commandWatchdog, true);
  });

  it('describes every field', () => {
    const undescribed = Object.entries(SshConnectionConfigSchema.shape)
      .filter(([, field]) => !field.description)
      .map(([name]) => name);
    assert.deepEqual(undescribed, []);
  });

  it('names its secret keys, each a config field', () => {
    assert.deepEqual([...sshSecretKeys], ['privateKey', 'passphrase', 'password']);
    for (const key of sshSecretKeys) assert.ok(key in SshConnectionConfigSchema.shape);
  });

  it('refuses an unknown key, so a misspelt safety switch is never silently dropped', () => {
    const typo = SshConnectionConfigSchema.safeParse({ ...base, hostKey, commandWatchDog: false });
    assert.equal(typo.success, false);
    assert.match(JSON.stringify(typo.error?.issues), /commandWatchDog/);
  });

  it('needs exactly one way to check the host key', () => {
    assert.equal(SshConnectionConfigSchema.safeParse(base).success, false);
    assert.equal(SshConnectionConfigSchema.safeParse({ ...base, hostKey, knownHostsFile: '/k' }).success, false);
    assert.equal(SshConnectionConfigSchema.safeParse({ ...base, insecureAcceptAnyHostKey: false }).success, false);
    assert.equal(SshConnectionConfigSchema.safeParse({ ...base, knownHostsFile: '/k' }).success, true);
    assert.equal(SshConnectionConfigSchema.safeParse({ ...base, insecureAcceptAnyHostKey: true }).success, true);
  });

  it('rejects host key lines it cannot verify', () => {
    const bad = [
      'ssh-ed25519',
      'ssh-ed25519 not*base64',
      'ssh-dss AAAAB3NzaC1kc3MAAACBAP',
      // An RSA blob labelled as ed25519.
      'ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ==',
    ];
    for (const line of bad) {
      assert.equal(SshConnectionConfigSchema.safeParse({ ...base, hostKey: line }).success, false, line);
    }
    assert.equal(SshConnectionConfigSchema.safeParse({ ...base, hostKey: `${hostKey}\n${hostKey}` }).success, true);
  });

  it('needs a credential, and a private key for a passphrase', () => {
    assert.equal(SshConnectionConfigSchema.safeParse({ host: 'h', user: 'u', hostKey }).success, false);
    assert.equal(SshConnectionConfigSchema.safeParse({ host: 'h', user: 'u', hostKey, password: 'env:P' }).success, true);
    assert.equal(
      SshConnectionConfigSchema.safeParse({ host: 'h', user: 'u', hostKey, password: 'env:P', passphrase: 'env:Q' }).success,
      false,
    );
  });
});

describe('UTF-8 decoding with visible escapes', () => {
  it('joins a character split across chunks', () => {
    const decoder = new Utf8EscapingDecoder();
    const euro = Buffer.from('€', 'utf8');
    assert.equal(decoder.write(euro.subarray(0, 1)), '');
    assert.equal(decoder.write(euro.subarray(1, 2)), '');
    assert.equal(decoder.write(Buffer.concat([euro.subarray(2), Buffer.from('!')])), '€!');
    assert.equal(decoder.end(), '');
  });

  it('escapes overlong forms, surrogates, out-of-range and stray bytes', () => {
    assert.equal(decodeUtf8Escaped(Buffer.from([0xc0, 0xaf])), '\\xC0\\xAF');
    assert.equal(decodeUtf8Escaped(Buffer.from([0xed, 0xa0, 0x80])), '\\xED\\xA0\\x80');
    assert.equal(decodeUtf8Escaped(Buffer.from([0xf5, 0x80, 0x80, 0x80])), '\\xF5\\x80\\x80\\x80');
    assert.equal(decodeUtf8Escaped(Buffer.from([0x61, 0x80, 0x62])), 'a\\x80b');
  });

  it('escapes an unfinished character at the end, or drops it where the stream was cut', () => {
    const unfinished = Buffer.from([0x61, 0xe2, 0x82]);
    assert.equal(decodeUtf8Escaped(unfinished), 'a\\xE2\\x82');
    const decoder = new Utf8EscapingDecoder();
    assert.equal(decoder.write(unfinished) + decoder.end(true), 'a');
  });
});

describe('known_hosts matching', () => {
  const key = 'AAAAC3NzaC1lZDI1NTE5AAAAIHt1ZKtFnlWnq0hTh4T0l7rN6cPq0PXy3ZV4Kx1eQqGc';

  it('honours wildcards, negations and the [host]:port form', () => {
    const text = `*.example.org,!bad.example.org ssh-ed25519 ${key}\n[db.internal]:2222 ssh-ed25519 ${key}\n`;
    assert.equal(knownHostKeys(text, 'web.example.org', 22).accepted.length, 1);
    assert.equal(knownHostKeys(text, 'bad.example.org', 22).accepted.length, 0);
    assert.equal(knownHostKeys(text, 'db.internal', 2222).accepted.length, 1);
    assert.equal(knownHostKeys(text, 'db.internal', 22).accepted.length, 0);
    assert.equal(knownHostKeys(text, 'WEB.EXAMPLE.ORG', 22).accepted.length, 1);
  });

  it('skips lines it cannot read and @cert-authority lines', () => {
    const text = `garbage\nhost ssh-ed25519 %%%\n@cert-authority host ssh-ed25519 ${key}\n`;
    assert.deepEqual(knownHostKeys(text, 'host', 22), { accepted: [], revoked: [] });
  });
});
