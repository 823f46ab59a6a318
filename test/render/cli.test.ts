// What a person reads in a terminal, whatever an agent sent: a real `gatehouse serve --stdio` with a
// real PostgreSQL (and sshd when installed), an MCP client whose name is an escape sequence, and
// calls carrying every hostile string (in SQL comments and literals, in result cells, in database
// and parser error messages, in a held UPDATE, in command output). Then `approvals list`,
// `approvals show`, `sessions list` and `replay` (text, --speed playback, JSON) run as real CLI
// processes on that store: no ESC, C1, bidi or invisible character from agent text is printed,
// no forged line stands where gatehouse's own labels are, and each says it escaped something.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { gatehouseCli, ROOT, runCli, writeConfig } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { sshdAvailable, startSshd, type Sshd } from '../fixtures/sshd.ts';
import { EVERYTHING_IN_SQL as EVERYTHING, forgedLines, IN_SQL, unsafe } from './hostile.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

/** SQL carries every hostile string but NUL and lone surrogates: the client's name and version carry those. */
const CLIENT_NAME = '\u001b[2K\u001b[1A\rclaude\u202e\u200d\u001b]8;;https://evil.example\u0007\ud800';

/** A forged label padded one column longer than an 80-column row, 81 times: one of them starts a row, whatever precedes the line. */
const PADDED_LABELS = Array.from({ length: 81 }, () => 'decision:   deny by dana FORGED'.padEnd(81, '.')).join('');

/**
 * The rows a terminal `columns` wide draws: a line wider than that goes on at the first column of
 * the next row. `wide`: every character outside ASCII takes two columns (a CJK terminal's
 * ambiguous width), else one; marks take none.
 */
function terminalRows(output: string, columns: number, wide: boolean): string[] {
  return output.split('\n').flatMap((line) => {
    const rows = [''];
    let column = 0;
    for (const char of line) {
      const width = char === '\t' ? 8 - (column % 8) : /\p{M}/u.test(char) ? 0 : char < '\x7f' || !wide ? 1 : 2;
      if (column + width > columns) [column] = [0, rows.push('')];
      rows[rows.length - 1] += char;
      column += width;
    }
    return rows;
  });
}

function assertNoForgedRow(label: string, output: string): void {
  for (const wide of [false, true]) {
    const rows = terminalRows(output, 80, wide);
    assert.deepEqual(forgedLines(rows.join('\n')), [], `${label}: a row of an 80-column terminal starts with a forged label`);
  }
}

function assertClean(label: string, output: string): void {
  assert.equal(unsafe(output, IN_SQL.flatMap((h) => h.raw ?? [])), undefined, `${label} printed what it must not`);
  assert.deepEqual(forgedLines(output), [], `${label} printed a forged line where gatehouse's labels are`);
}

describe('the CLI shows agent text escaped', () => {
  let db: TestDatabase;
  let sshd: Sshd | undefined;
  let client: Client;
  let configFile: string;
  let approvalId: string;
  let lookalikeId: string;
  let paddedId: string;
  let session: string;

  before(async () => {
    [db, sshd] = await Promise.all([createTestDatabase(), sshdAvailable() ? startSshd() : Promise.resolve(undefined)]);
    const written = writeConfig({
      identity: { stdio: { id: 'agent-1', groups: ['dev'] }, cli: { id: 'dana', groups: ['dba'] } },
      connections: {
        shop: { type: 'postgres', url: db.url },
        ...(sshd ? { 'web-1': { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, privateKey: `file:${sshd.clientKeyPath}`, hostKey: sshd.hostPublicKey } } : {}),
      },
      approvals: { wait: '100ms' },
    });
    configFile = written.configFile;
    client = new Client({ name: CLIENT_NAME, version: '1.0.0\u0000\u202e\udc00' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [...gatehouseCli(), 'serve', '--config', configFile, '--stdio'], env: process.env as Record<string, string>, stderr: 'ignore', cwd: ROOT }));
    const query = (sql: string) => client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }) as Promise<CallResult>;

    // A held write: a bidi comment, a literal carrying everything ($$ quoting takes any character),
    // then blank-line padding before a second statement.
    const held = await query(`/* \u202e } \u2066if (isAdmin)\u2069 \u2066 begin admins only */\nUPDATE orders SET note = $$${EVERYTHING}$$ WHERE id = 1;${'\n'.repeat(80)}UPDATE orders SET status = 'gone' WHERE id > 0`);
    approvalId = String((held.structuredContent?.error as { approvalId?: string } | undefined)?.approvalId);
    assert.match(approvalId, /^[0-9a-f-]{36}$/, JSON.stringify(held));
    // A held write whose code holds punctuation and a space drawn like ASCII ones, a Cyrillic word
    // drawn all in ASCII-like letters and a Roman numeral standing for a letter.
    const lookalike = await query(`UPDATE orders SET note = 'a \u2013\u2013dry-run\u00a0b \u02bcc\u02bc \u0455\u04bb\u043e\u0440 \u217durl' WHERE id = 2`);
    lookalikeId = String((lookalike.structuredContent?.error as { approvalId?: string } | undefined)?.approvalId);
    assert.match(lookalikeId, /^[0-9a-f-]{36}$/, JSON.stringify(lookalike));
    // A held write whose one long line puts a forged label at every column in turn, so that one
    // starts a row wherever the terminal wraps the line.
    const padded = await query(`UPDATE orders SET note = '${PADDED_LABELS}\u202e' WHERE id = 3`);
    paddedId = String((padded.structuredContent?.error as { approvalId?: string } | undefined)?.approvalId);
    assert.match(paddedId, /^[0-9a-f-]{36}$/, JSON.stringify(padded));
    // Result cells: one call per hostile string.
    for (const h of IN_SQL) {
      const selected = await query(`SELECT $h$${h.text}$h$ AS cell`);
      assert.equal(selected.isError, undefined, `${h.name}: ${JSON.stringify(selected).slice(0, 300)}`);
    }
    // A database error quoting agent text, and a parser error around it.
    await query(`SELECT $h$${EVERYTHING}$h$::int`);
    // (under the parser's fast path: a longer text whose literal is never closed fails at the scanner, quoting nothing)
    await query(`SELECT 1 FROM ${IN_SQL.slice(0, 12).map((h) => h.text).join(' ')}`);
    // Command output, played back by replay --speed: printf writes the bytes from a plain ASCII line.
    if (sshd) {
      const ran = (await client.callTool({ name: 'ssh_exec', arguments: { host: 'web-1', command: String.raw`printf '\033[2Kerased\033[1A\rCR\342\200\256bidi\033]52;c;eA==\007\nFORGED\n'` } })) as CallResult;
      assert.equal(ran.isError, undefined, JSON.stringify(ran).slice(0, 300));
    }

    const listed = await runCli(['sessions', 'list', '--format', 'json', '--config', configFile]);
    session = (JSON.parse(listed.stdout) as Array<{ id: string }>)[0]?.id as string;
    assert.ok(session, listed.stdout + listed.stderr);
  });
  after(async () => {
    await client?.close();
    await Promise.all([db?.drop(), sshd?.stop()]);
  });

  it('approvals show prints every statement escaped, behind the gutter, with a warning first', async () => {
    const run = await runCli(['approvals', 'show', approvalId, '--config', configFile]);
    assert.equal(run.code, 0, run.stderr);
    assertClean('approvals show', run.stdout);
    assert.match(run.stdout, /^WARNING: {4}This text contains (?=[^\n]*control characters)(?=[^\n]*bidi controls)[^\n]*shown escaped/);
    assert.match(run.stdout, /via \\u001b\[2K\\u001b\[1A\\rclaude\\u202e\\u200d\\u001b\]8;;https:\/\/evil\.example\\u0007/, 'the client name, escaped');
    assert.match(run.stdout, /│ \[\d+ blank lines\]\n {4}│ UPDATE orders SET status = 'gone' WHERE id > 0/, 'the second statement, after the padding shown as a count');
    assert.match(run.stdout, /\\u202e \} \\u2066if \(isAdmin\)\\u2069/);
    assert.match(run.stdout, /\n {4}│ decision: {3}deny by dana .*FORGED/, 'a forged decision line stays inside the agent text');
    assert.match(run.stdout, /\nfacts: {6}\S[^\n]*(\n {12}\S[^\n]*)*\n {12}It changes orders\./, 'the facts in sentences, under the summary');
  });

  it('approvals show escapes punctuation and spaces drawn like ASCII ones in the code it shows, and says so', async () => {
    const run = await runCli(['approvals', 'show', lookalikeId, '--config', configFile]);
    assert.equal(run.code, 0, run.stderr);
    // The code (summary and arguments) shows escapes; the dry run's rows are data, shown as they are.
    const code = [/^summary:.*$/m.exec(run.stdout)?.[0] ?? '', run.stdout.slice(run.stdout.indexOf('\narguments:'), run.stdout.indexOf('\nrules:'))].join('\n');
    assert.doesNotMatch(code, /[\u2013\u00a0\u02bc\u0455\u04bb\u043e\u0440\u217d]/, code);
    assert.match(code, /sql:\n {4}│ UPDATE orders SET note = 'a \\u2013\\u2013dry-run\\u00a0b \\u02bcc\\u02bc \\u0455\\u04bb\\u043e\\u0440 \\u217durl' WHERE id = 2/);
    assert.match(run.stdout, /^WARNING: {4}This text contains [^\n]*punctuation and spaces drawn like ASCII ones/);
  });

  it('approvals list and show --json print no hidden character either', async () => {
    for (const args of [['list'], ['list', '--json'], ['show', approvalId, '--json']]) {
      const run = await runCli(['approvals', ...args, '--config', configFile]);
      assert.equal(run.code, 0, run.stderr);
      assertClean(`approvals ${args.join(' ')}`, run.stdout);
    }
    const json = await runCli(['approvals', 'show', approvalId, '--json', '--config', configFile]);
    assert.ok((JSON.parse(json.stdout) as { args: { sql: string } }).args.sql.includes('\u202e'), 'JSON keeps the data, escaped');
  });

  it('replay prints the timeline with agent text escaped and each such call flagged', async () => {
    const run = await runCli(['replay', session, '--config', configFile]);
    assert.equal(run.code, 0, run.stderr);
    assertClean('replay', run.stdout);
    assert.match(run.stdout, /client \\u001b\[2K/);
    assert.match(run.stdout, /warning: the client named itself with hidden characters/, 'the header says the client name was escaped');
    const calls = run.stdout.split(/\n(?=\[\d+\] )/).slice(1);
    assert.equal(calls.length, IN_SQL.length + (sshd ? 6 : 5));
    for (const call of calls) assert.match(call, /\n {4}warning {3}This text contains .* shown escaped/, call.slice(0, 200));
    assert.match(run.stdout, /agent saw │ Refused \(\w+\): .*\\u001b/, 'an error message quoting agent text, escaped');
  });

  it('wraps each line at the width of the terminal itself, so padding cannot start a row with a forged label', async () => {
    const columns = { COLUMNS: '80' };
    const runs = [
      ['approvals show', await runCli(['approvals', 'show', paddedId, '--config', configFile], columns)],
      ['approvals list', await runCli(['approvals', 'list', '--config', configFile], columns)],
      ['replay', await runCli(['replay', session, '--config', configFile], columns)],
      ['replay --speed', await runCli(['replay', session, '--speed', '1000', '--config', configFile], columns)],
      ['sessions list', await runCli(['sessions', 'list', '--config', configFile], columns)],
    ] as const;
    for (const [label, run] of runs) {
      assert.equal(run.code, 0, run.stderr);
      assertNoForgedRow(label, run.stdout);
      assertClean(label, run.stdout);
    }
    // Piped, with no width told and no terminal anywhere (a pager, a file read later): rows of 80.
    const piped = await runCli(['approvals', 'show', paddedId, '--config', configFile], { COLUMNS: '' });
    assertNoForgedRow('approvals show, piped', piped.stdout);
    assert.equal(piped.stdout, runs[0][1].stdout, 'piped, the rows are those of an 80-column terminal');
    const shown = runs[0][1].stdout;
    assert.match(shown, /\n↪ /, 'a continued row says so');
    // Undone, the rows give back the line as it was escaped.
    assert.ok(shown.replaceAll('\n↪ ', '').includes(`│ UPDATE orders SET note = '${PADDED_LABELS}\\u202e' WHERE id = 3`));
  });

  it('replay --speed plays recorded output back escaped, and --format json stays clean', async () => {
    const played = await runCli(['replay', session, '--speed', '1000', '--config', configFile]);
    assert.equal(played.code, 0, played.stderr);
    assertClean('replay --speed', played.stdout + played.stderr);
    if (sshd) assert.match(played.stdout, /played back at 1000x\)\n {14}│ .*\\u001b\[2K/);
    const json = await runCli(['replay', session, '--format', 'json', '--config', configFile]);
    assertClean('replay --format json', json.stdout);
    const sessions = await runCli(['sessions', 'list', '--config', configFile]);
    assertClean('sessions list', sessions.stdout);
  });
});
