// The shell classifier's tables, entry by entry: files whose contents are secrets (and the copies
// left beside them), find's actions that write, the pager options that run commands or write, the
// firewall units, and code handed to a shell on stdin. Each case asserts the fact itself, not only
// the shipped policy's effect: another rule often reaches the same effect, which would hide a
// table that lost an entry.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

describe('copies of files that hold secrets are secrets too', () => {
  // Backups, editor saves, package-manager leftovers and rotations hold what the original holds.
  const copies = [
    '~/.pgpass.bak', '.pgpass.bak', '~/.netrc.1', '~/.netrc~', '~/.git-credentials.old', '~/.npmrc.orig', '~/.pypirc.save',
    '~/.vault-token.swp', '~/.my.cnf.tmp', '~/.aws/credentials.bak', '~/.aws/config.backup', '~/.kube/config.orig', '~/.kube/config-1',
    '~/.docker/config.json~', '/etc/kubernetes/admin.conf.dpkg-old', '/etc/rancher/k3s/k3s.yaml.dpkg-dist', '/etc/mysql/debian.cnf.ucf-old',
    '/etc/ssh/ssh_host_ed25519_key.save', 'server.key.bak', '/etc/ssl/certs/site.pem.rpmsave', '.htpasswd.bak', '~/.bash_history.1',
    '/etc/shadow.bak', '/etc/security/opasswd.old', '~/.env~', 'app.env.bak', 'terraform.tfstate.backup.1', '~/.pgpass.bak.1',
  ];
  for (const path of copies) {
    it(`cat ${path}: a secret read, denied`, () => {
      const facts = classifyShellLine(`cat ${path}`);
      assert.equal(facts.sensitiveReads.length, 1, JSON.stringify(facts.sensitiveReads));
      assert.equal(decideShell(facts).effect, 'deny');
    });
  }

  it('a pattern that reaches a copy is a secret read', () => {
    for (const line of ['cat ~/.pgpass.*', 'cat ~/.aws/credentials.b?k', 'grep -h . ~/.kube/config.*']) {
      assert.equal(classifyShellLine(line).sensitiveReads.length, 1, line);
    }
  });

  it('a longer name is not a copy, and a template of .env is not a secret', () => {
    for (const path of ['~/.netrcx', '~/.pgpass-notes.md', '~/.aws/credentialsfile', '.env.example', '~/.kube/configs/README', 'server.keynote']) {
      const facts = classifyShellLine(`cat ${path}`);
      assert.deepEqual(facts.sensitiveReads, [], path);
      assert.equal(decideShell(facts).effect, 'allow', path);
    }
  });
});

describe("find's actions that write", () => {
  for (const action of ['-fprint', '-fprint0', '-fls']) {
    it(`find ${action} FILE writes FILE`, () => {
      const facts = classifyShellLine(`find /var/log ${action} /tmp/out -name x`);
      assert.deepEqual(facts.writePaths, ['/tmp/out']);
      assert.equal(facts.readOnly, false);
    });
  }
  it('find -fprintf FILE FORMAT writes FILE, not FORMAT', () => {
    assert.deepEqual(classifyShellLine('find . -fprintf /tmp/out %p').writePaths, ['/tmp/out']);
  });
  it('find with -print only writes nothing and is read-only', () => {
    const facts = classifyShellLine('find /var/log -name "*.gz" -print');
    assert.deepEqual(facts.writePaths, []);
    assert.equal(facts.readOnly, true);
  });
});

describe('pager options that run commands or write a file', () => {
  for (const option of ['--log-file=/tmp/x', '--LOG-FILE=/tmp/x', '--lesskey-file=/tmp/k', '--lesskey-src=/tmp/k', '--lesskey-content=x', '--log-f=/tmp/x']) {
    it(`less ${option} is not read-only`, () => {
      const facts = classifyShellLine(`less ${option} /etc/hosts`);
      assert.equal(facts.readOnly, false);
      assert.ok(facts.readOnlyBlockers.some((b) => b.startsWith(`less ${option}`)), JSON.stringify(facts.readOnlyBlockers));
    });
  }
  it('less with harmless options is read-only', () => {
    for (const line of ['less /etc/hosts', 'less -N /etc/hosts', 'less --quit-if-one-screen /etc/hosts']) assert.equal(classifyShellLine(line).readOnly, true, line);
  });
});

describe('firewall units', () => {
  const firewall = (line: string) => classifyShellLine(line).danger.includes('firewall_flush');
  for (const unit of ['firewalld', 'ufw', 'nftables', 'iptables', 'ip6tables', 'netfilter-persistent', 'shorewall', 'csf']) {
    it(`stopping ${unit} (and ${unit}.service) turns the firewall off`, () => {
      assert.ok(firewall(`systemctl stop ${unit}`), unit);
      assert.ok(firewall(`systemctl disable --now ${unit}.service`), `${unit}.service`);
    });
  }
  it('a unit that only shares part of a name is not the firewall', () => {
    for (const unit of ['ufw-exporter', 'my-ufw', 'firewalld-helper.service', 'csf.timer', 'nftables.service.d']) assert.equal(firewall(`systemctl stop ${unit}`), false, unit);
  });
});

describe('code a shell reads from stdin', () => {
  it('a here-string to bash is parsed as the script it is', () => {
    const facts = classifyShellLine("bash <<< 'rm -rf /tmp/a'");
    const rm = facts.commands.find((c) => c.name === 'rm');
    assert.deepEqual(rm && { args: rm.args, via: rm.via, depth: rm.depth }, { args: ['-rf', '/tmp/a'], via: ['bash stdin'], depth: 1 });
    assert.deepEqual(facts.writePaths, ['/tmp/a']);
    assert.equal(facts.parseDepth, 1);
  });
});

describe('ANSI-C quoting', () => {
  it('reads each escape as bash does', () => {
    const args = (line: string) => classifyShellLine(line).commands[0]?.args;
    assert.deepEqual(args(`echo $'a\\"b'`), ['a"b']);
    assert.deepEqual(args(`echo $'a\\'b'`), ["a'b"]);
    assert.deepEqual(args(`echo $'\\x72m'`), ['rm']);
  });
});

describe('search tools read recursively', () => {
  const reads = (line: string) => {
    const facts = classifyShellLine(line);
    return { reads: facts.readsPaths, secrets: facts.sensitiveReads };
  };
  it('the first operand is the pattern unless -e or -f gives it', () => {
    assert.deepEqual(reads('rg password /var/log'), { reads: ['/var/log'], secrets: [] });
    assert.deepEqual(reads('rg -e password /var/log /srv/app'), { reads: ['/var/log', '/srv/app'], secrets: [] });
    assert.deepEqual(reads('ag --regexp=token /srv/app'), { reads: ['/srv/app'], secrets: [] });
  });
  it('a directory that holds secrets is a secret read, and no path means the current directory', () => {
    assert.deepEqual(reads('rg password /etc'), { reads: ['/etc'], secrets: ['/etc'] });
    assert.deepEqual(reads('ack token ~/.aws'), { reads: ['~/.aws'], secrets: ['~/.aws'] });
    assert.deepEqual(reads('rg password'), { reads: ['~'], secrets: ['~'] });
  });
});

describe('brace expansion of the files a command writes', () => {
  it('expands sequences (zero-padded, letters, with a step) and lists, and leaves quoted braces alone', () => {
    const writes = (line: string) => classifyShellLine(line).writePaths;
    assert.deepEqual(writes('rm /tmp/f{01..03}'), ['/tmp/f01', '/tmp/f02', '/tmp/f03']);
    assert.deepEqual(writes('rm /tmp/{a..c}.log'), ['/tmp/a.log', '/tmp/b.log', '/tmp/c.log']);
    assert.deepEqual(writes('rm /tmp/x{1..10..4}'), ['/tmp/x1', '/tmp/x5', '/tmp/x9']);
    assert.deepEqual(writes('rm /tmp/{a,"b c"}'), ['/tmp/a', '/tmp/b c']);
    assert.deepEqual(writes("rm '/tmp/{a,b}'"), ['/tmp/{a,b}']);
  });
});
