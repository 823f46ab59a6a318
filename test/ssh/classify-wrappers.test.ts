// Wrappers read with their real option syntax: each row is a line, the commands found behind
// the wrapper (name, arguments, wrappers it was found behind) and the files the line writes. An
// option value taken for the command, or a command taken for an option value, shows as a wrong row.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser, widenedShellShape } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

type Inner = [string, string[], string[]];

const ROWS: Array<[string, Inner[], string[]]> = [
  ['sudo -u root rm /tmp/a', [['rm', ['/tmp/a'], ['sudo']]], ['/tmp/a']],
  ['sudo -g wheel -C 3 rm /tmp/a', [['rm', ['/tmp/a'], ['sudo']]], ['/tmp/a']],
  ['sudo -E -H rm /tmp/a', [['rm', ['/tmp/a'], ['sudo']]], ['/tmp/a']],
  ['sudo --user=root rm /tmp/a', [['rm', ['/tmp/a'], ['sudo']]], ['/tmp/a']],
  ['sudo --user root rm /tmp/a', [['rm', ['/tmp/a'], ['sudo']]], ['/tmp/a']],
  ['sudo -D /srv rm a', [['rm', ['a'], ['sudo']]], ['/srv/a']],
  ['sudo --chdir=/srv rm a', [['rm', ['a'], ['sudo']]], ['/srv/a']],
  ['sudo -l', [], []],
  ['sudo -e /etc/hosts', [], ['/etc/hosts']],
  ['sudo --edit /etc/hosts', [], ['/etc/hosts']],
  ['runuser -u bob -- rm /tmp/a', [['rm', ['/tmp/a'], ['runuser']]], ['/tmp/a']],
  ['runuser --user=bob rm /tmp/a', [['rm', ['/tmp/a'], ['runuser']]], ['/tmp/a']],
  ['runuser -u bob', [], []],
  ['sudo -p x -r r -t t -T 5 -U u -R /x rm /tmp/a', [['rm', ['/tmp/a'], ['sudo']]], ['/tmp/a']],
  ['sudo -s', [], []],
  ['doas -u root rm /tmp/a', [['rm', ['/tmp/a'], ['doas']]], ['/tmp/a']],
  ['doas -C /etc/doas.conf rm', [], []],
  ['doas -n rm /tmp/a', [['rm', ['/tmp/a'], ['doas']]], ['/tmp/a']],
  ['pkexec --user root rm /tmp/a', [['rm', ['/tmp/a'], ['pkexec']]], ['/tmp/a']],
  ['nohup rm /tmp/a', [['rm', ['/tmp/a'], ['nohup']]], ['/tmp/a']],
  ['timeout 5 rm /tmp/a', [['rm', ['/tmp/a'], ['timeout']]], ['/tmp/a']],
  ['timeout -s KILL 5 rm /tmp/a', [['rm', ['/tmp/a'], ['timeout']]], ['/tmp/a']],
  ['timeout -k 1 5 rm /tmp/a', [['rm', ['/tmp/a'], ['timeout']]], ['/tmp/a']],
  ['timeout --signal=KILL --kill-after 2 5 rm /tmp/a', [['rm', ['/tmp/a'], ['timeout']]], ['/tmp/a']],
  ['timeout --preserve-status --foreground -v 5 rm /tmp/a', [['rm', ['/tmp/a'], ['timeout']]], ['/tmp/a']],
  ['nice -n 5 rm /tmp/a', [['rm', ['/tmp/a'], ['nice']]], ['/tmp/a']],
  ['nice -5 rm /tmp/a', [['rm', ['/tmp/a'], ['nice']]], ['/tmp/a']],
  ['nice --adjustment=5 rm /tmp/a', [['rm', ['/tmp/a'], ['nice']]], ['/tmp/a']],
  ['ionice -c 3 rm /tmp/a', [['rm', ['/tmp/a'], ['ionice']]], ['/tmp/a']],
  ['ionice -c2 -n7 rm /tmp/a', [['rm', ['/tmp/a'], ['ionice']]], ['/tmp/a']],
  ['ionice -p 1 rm', [], []],
  ['time -f %e -o /tmp/t rm /tmp/a', [['rm', ['/tmp/a'], ['time']]], ['/tmp/t', '/tmp/a']],
  ['time -p rm /tmp/a', [['rm', ['/tmp/a'], ['time']]], ['/tmp/a']],
  ['command rm /tmp/a', [['rm', ['/tmp/a'], ['command']]], ['/tmp/a']],
  ['command -v rm', [], []],
  ['command -p rm /tmp/a', [['rm', ['/tmp/a'], ['command']]], ['/tmp/a']],
  ['exec -a x rm /tmp/a', [['rm', ['/tmp/a'], ['exec']]], ['/tmp/a']],
  ['exec -cl rm /tmp/a', [['rm', ['/tmp/a'], ['exec']]], ['/tmp/a']],
  ['builtin echo x', [['echo', ['x'], ['builtin']]], []],
  ['unbuffer -p rm /tmp/a', [['rm', ['/tmp/a'], ['unbuffer']]], ['/tmp/a']],
  ['stdbuf -o0 -e L rm /tmp/a', [['rm', ['/tmp/a'], ['stdbuf']]], ['/tmp/a']],
  ['stdbuf --output=0 rm /tmp/a', [['rm', ['/tmp/a'], ['stdbuf']]], ['/tmp/a']],
  ['setsid -f rm /tmp/a', [['rm', ['/tmp/a'], ['setsid']]], ['/tmp/a']],
  ['chroot /mnt rm /tmp/a', [['rm', ['/tmp/a'], ['chroot']]], ['/tmp/a']],
  ['chroot --userspec=1:1 /mnt rm /tmp/a', [['rm', ['/tmp/a'], ['chroot']]], ['/tmp/a']],
  ['chroot /mnt', [], []],
  ['taskset 0x1 rm /tmp/a', [['rm', ['/tmp/a'], ['taskset']]], ['/tmp/a']],
  ['taskset -c 0 rm /tmp/a', [['rm', ['/tmp/a'], ['taskset']]], ['/tmp/a']],
  ['taskset -p 1 2', [], []],
  ['chrt -f 10 rm /tmp/a', [['rm', ['/tmp/a'], ['chrt']]], ['/tmp/a']],
  ['chrt -p 10 1', [], []],
  ['chrt -m', [], []],
  ['nsenter -t 1 -m -u rm /tmp/a', [['rm', ['/tmp/a'], ['nsenter']]], ['/tmp/a']],
  ['nsenter -t 1 --mount rm /tmp/a', [['rm', ['/tmp/a'], ['nsenter']]], ['/tmp/a']],
  ['nsenter -t 1 -w/srv rm a', [['rm', ['a'], ['nsenter']]], ['/srv/a']],
  ['nsenter -t 1', [], []],
  ['unshare -r rm /tmp/a', [['rm', ['/tmp/a'], ['unshare']]], ['/tmp/a']],
  ['unshare --propagation private -m rm /tmp/a', [['rm', ['/tmp/a'], ['unshare']]], ['/tmp/a']],
  ['unshare -f', [], []],
  ['sshpass -p pw rm /tmp/a', [['rm', ['/tmp/a'], ['sshpass']]], ['/tmp/a']],
  ['sshpass -f /tmp/pw rm /tmp/a', [['rm', ['/tmp/a'], ['sshpass']]], ['/tmp/a']],
  ['systemd-run --unit=x -p A=B rm /tmp/a', [['rm', ['/tmp/a'], ['systemd-run']]], ['/tmp/a']],
  ['systemd-run --working-directory=/srv rm a', [['rm', ['a'], ['systemd-run']]], ['/srv/a']],
  ['systemd-run --on-calendar daily rm /tmp/a', [['rm', ['/tmp/a'], ['systemd-run']]], ['/tmp/a']],
  ['strace -f -o /tmp/o rm /tmp/a', [['rm', ['/tmp/a'], ['strace']]], ['/tmp/o', '/tmp/a']],
  ['strace -p 1', [], []],
  ['ltrace -e x rm /tmp/a', [['rm', ['/tmp/a'], ['ltrace']]], ['/tmp/a']],
  ['env rm /tmp/a', [['rm', ['/tmp/a'], ['env']]], ['/tmp/a']],
  ['env -i A=1 rm /tmp/a', [['rm', ['/tmp/a'], ['env']]], ['/tmp/a']],
  ['env -u X -C /srv rm a', [['rm', ['a'], ['env']]], ['/srv/a']],
  ['env --chdir=/srv rm a', [['rm', ['a'], ['env']]], ['/srv/a']],
  ['env -S \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['env -S']]], ['/tmp/a']],
  ['xargs rm', [['rm', [], ['xargs']]], []],
  ['xargs -0 -n 1 rm', [['rm', [], ['xargs']]], []],
  ['xargs -I {} rm {}', [['rm', ['{}'], ['xargs']]], ['$?']],
  ['xargs -a /tmp/l rm', [['rm', [], ['xargs']]], []],
  ['xargs', [['echo', [], ['xargs']]], []],
  ['busybox rm /tmp/a', [['rm', ['/tmp/a'], ['busybox']]], ['/tmp/a']],
  ['toybox rm /tmp/a', [['rm', ['/tmp/a'], ['toybox']]], ['/tmp/a']],
  ['busybox sh -c \'rm /tmp/a\'', [['sh', ['-c', 'rm /tmp/a'], ['busybox']], ['rm', ['/tmp/a'], ['busybox', 'sh -c']]], ['/tmp/a']],
  ['watch rm /tmp/a', [['rm', ['/tmp/a'], ['watch']]], ['/tmp/a']],
  ['watch -n 5 rm /tmp/a', [['rm', ['/tmp/a'], ['watch']]], ['/tmp/a']],
  ['env -C /srv rm a', [['rm', ['a'], ['env']]], ['/srv/a']],
  ['sudo -D /srv rm a', [['rm', ['a'], ['sudo']]], ['/srv/a']],
  // a directory known only at run time (or a glob) leaves the path unresolved, never under its text
  ['env -C "$D" rm a', [['rm', ['a'], ['env']]], ['a']],
  ['env -C /s* rm a', [['rm', ['a'], ['env']]], ['a']],
  ['sudo -D "$D" rm a', [['rm', ['a'], ['sudo']]], ['a']],
];

const inner = (line: string) => {
  const facts = classifyShellLine(line);
  return { commands: facts.commands.slice(1).map((c): Inner => [c.name, c.args, c.via]), writes: facts.writePaths };
};

describe('the command behind each wrapper, exactly', () => {
  for (const [line, commands, writes] of ROWS) it(line, () => assert.deepEqual(inner(line), { commands, writes }));
});

describe('options that only change how a wrapper runs its command still run it', () => {
  // sudo -k with a command ignores cached credentials and runs the command; strace -p and
  // ltrace -p attach to a process and also run a command given after them
  const rows: Array<[string, string]> = [
    ['sudo -k rm -rf /', 'sudo'],
    ['sudo --reset-timestamp rm -rf /', 'sudo'],
    ['sudo -k -u root rm -rf /', 'sudo'],
    ['strace -p 1 rm -rf /', 'strace'],
    ['ltrace -p 1 rm -rf /', 'ltrace'],
  ];
  for (const [line, wrapper] of rows) {
    it(line, () => {
      const facts = classifyShellLine(line);
      assert.deepEqual(inner(line).commands, [['rm', ['-rf', '/'], [wrapper]]]);
      assert.deepEqual(facts.danger, ['recursive_delete_root']);
      assert.equal(decideShell(facts).effect, 'deny');
    });
  }
  it('sudo -k and sudo -K alone, and strace -p alone, run nothing', () => {
    for (const line of ['sudo -k', 'sudo -K', 'strace -p 1', 'ltrace -p 1']) assert.deepEqual(inner(line).commands, [], line);
  });
});

// Wrappers that take code as a string or after a separator: watch, flock, parallel, trap, alias,
// script, at, tar's command options, split --filter, sort --compress-program, kubectl/docker/podman
// exec, eval, shells, ssh, su, rsync -e.
const CODE_ROWS: Array<[string, Inner[], string[]]> = [
  ['watch \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['watch']]], ['/tmp/a']],
  ['watch -n 1 -d rm /tmp/a', [['rm', ['/tmp/a'], ['watch']]], ['/tmp/a']],
  ['watch -x rm /tmp/a', [['rm', ['/tmp/a'], ['watch']]], ['/tmp/a']],
  ['watch --exec rm /tmp/a', [['rm', ['/tmp/a'], ['watch']]], ['/tmp/a']],
  ['watch', [], []],
  ['flock /tmp/l rm /tmp/a', [['rm', ['/tmp/a'], ['flock']]], ['/tmp/a']],
  ['flock -c \'rm /tmp/a\' /tmp/l', [['rm', ['/tmp/a'], ['flock -c']]], ['/tmp/a']],
  ['flock --command=\'rm /tmp/a\' /tmp/l', [['rm', ['/tmp/a'], ['flock -c']]], ['/tmp/a']],
  ['flock /tmp/l -c \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['flock -c']]], ['/tmp/a']],
  ['flock -w 5 /tmp/l --command \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['flock -c']]], ['/tmp/a']],
  ['flock /tmp/l', [], []],
  ['parallel rm ::: /tmp/a /tmp/b', [['rm', ['/tmp/a', '/tmp/b'], ['parallel']]], ['/tmp/a', '/tmp/b']],
  ['trap \'rm /tmp/a\' EXIT', [['rm', ['/tmp/a'], ['trap']]], ['/tmp/a']],
  ['trap - EXIT', [], []],
  ['trap -l', [], []],
  ['trap \'rm /tmp/a\'', [], []],
  ['alias x=\'rm /tmp/a\'', [['rm', ['/tmp/a'], ['alias']]], ['/tmp/a']],
  ['script -c \'rm /tmp/a\' /dev/null', [['rm', ['/tmp/a'], ['script -c']]], ['/tmp/a']],
  ['script --command \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['script -c']]], ['/tmp/a']],
  ['at now', [], []],
  ['at -l', [], []],
  ['atq', [], []],
  ['batch', [], []],
  ['tar --to-command=\'rm /tmp/a\' -xf a.tar', [['rm', ['/tmp/a'], ['tar --to-command']]], ['/tmp/a']],
  ['tar -I \'rm /tmp/a\' -xf a.tar', [['rm', ['/tmp/a'], ['tar -I']]], ['~', '/tmp/a']],
  ['tar --checkpoint-action=exec=\'rm /tmp/a\' -cf a.tar .', [['rm', ['/tmp/a'], ['tar --checkpoint-action=exec']]], ['~/a.tar', '/tmp/a']],
  ['split --filter=\'rm /tmp/a\' f', [['rm', ['/tmp/a'], ['split --filter']]], ['/tmp/a']],
  ['split -l 9 --filter \'rm /tmp/a\' f', [['rm', ['/tmp/a'], ['split --filter']]], ['/tmp/a']],
  ['split --fil=\'rm /tmp/a\' f', [['rm', ['/tmp/a'], ['split --filter']]], ['/tmp/a']],
  ['split -l 9 f', [], ['~/x']],
  ['sort --compress-program=shutdown f', [['shutdown', [], ['sort --compress-program']]], []],
  ['sort -S 1 --compress-prog reboot f', [['reboot', [], ['sort --compress-program']]], []],
  ['sort -k2 f', [], []],
  ['kubectl exec p -- rm /tmp/a', [['rm', ['/tmp/a'], ['kubectl exec']]], ['/tmp/a']],
  ['kubectl exec p', [], []],
  ['kubectl get pods', [], []],
  ['docker exec -it c rm /tmp/a', [['rm', ['/tmp/a'], ['docker exec']]], ['/tmp/a']],
  ['docker exec -u root -w /srv c rm /tmp/a', [['rm', ['/tmp/a'], ['docker exec']]], ['/tmp/a']],
  ['docker exec c', [], []],
  ['docker ps', [], []],
  ['podman exec c rm /tmp/a', [['rm', ['/tmp/a'], ['podman exec']]], ['/tmp/a']],
  ['eval \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['eval']]], ['/tmp/a']],
  ['bash -c \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['bash -c']]], ['/tmp/a']],
  ['sh -ec \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['sh -c']]], ['/tmp/a']],
  ['bash -x -c \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['bash -c']]], ['/tmp/a']],
  ['bash script.sh', [], []],
  ['zsh -c \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['zsh -c']]], ['/tmp/a']],
  ['ssh h \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['ssh']]], ['/tmp/a']],
  ['ssh -p 22 -i k h rm /tmp/a', [['rm', ['/tmp/a'], ['ssh']]], ['/tmp/a']],
  ['ssh -o X=Y h rm /tmp/a', [['rm', ['/tmp/a'], ['ssh']]], ['/tmp/a']],
  ['su -c \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['su -c']]], ['/tmp/a']],
  ['su root -c \'rm /tmp/a\'', [['rm', ['/tmp/a'], ['su -c']]], ['/tmp/a']],
  ['su - root', [], []],
  ['rsync -e \'rm /tmp/a\' x h:y', [['rm', ['/tmp/a'], ['rsync -e']]], ['/tmp/a']],
  ['rsync --rsh=\'rm /tmp/a\' x h:y', [['rm', ['/tmp/a'], ['rsync -e']]], ['/tmp/a']],
  ['rsync --rsh \'rm /tmp/a\' x h:y', [['rm', ['/tmp/a'], ['rsync -e']]], ['/tmp/a']],
  ['rsync \'-erm /tmp/a\' x h:y', [['rm', ['/tmp/a'], ['rsync -e']]], ['/tmp/a']],
  // -eCODE whose code ends in "--" is still code: only a word that starts with "--" is a long option
  ['rsync \'-erm /tmp/a --\' x h:y', [['rm', ['/tmp/a', '--'], ['rsync -e']]], ['/tmp/a']],
  ['rsync --exclude=x a h:y', [], []],
  ['rsync /tmp/my-export h:y', [], []],
];

describe('the command inside each code wrapper, exactly', () => {
  for (const [line, commands, writes] of CODE_ROWS) it(line, () => assert.deepEqual(inner(line), { commands, writes }));
});

describe('a wrapper whose command xargs gives at run time', () => {
  it('flock with only its lock file runs what xargs appends: no command the line shows', () => {
    const facts = classifyShellLine('xargs flock /tmp/l');
    assert.deepEqual(facts.readOnlyBlockers, ['flock gets arguments known only at run time', 'runs code known only at run time (xargs > flock)']);
    assert.deepEqual(facts.names, ['xargs', 'flock', '<dynamic>']);
  });
});

describe('xargs with a stdin the line writes out', () => {
  it('gets its words as operands', () => {
    assert.deepEqual(classifyShellLine('echo /tmp/a /tmp/b | xargs cat').readsPaths, ['/tmp/a', '/tmp/b']);
    assert.deepEqual(classifyShellLine('xargs rm <<< "/tmp/x /tmp/y"').writePaths, ['/tmp/x', '/tmp/y']);
  });
  it('are all seen, or the line fails: a secret past the words it takes is no unseen read', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `/tmp/f${i}`).join(' ');
    const atLimit = classifyShellLine(`xargs cat <<< "${words(255)} /etc/shadow"`);
    assert.equal(atLimit.hasError, false);
    assert.deepEqual(atLimit.sensitiveReads, ['/etc/shadow']);
    const past = classifyShellLine(`xargs cat <<< "${words(256)} /etc/shadow"`);
    assert.equal(past.hasError, true);
    assert.equal(decideShell(past).effect, 'deny');
  });
  it('are words the line shows: no run-time read, a file a grant may free, an assignment seen', () => {
    // only that xargs reads stdin blocks read-only: the file itself is known
    assert.deepEqual(classifyShellLine('echo /etc/hosts | xargs cat').readOnlyBlockers, ['cat reads files named at run time']);
    assert.equal(widenedShellShape('echo /tmp/a | xargs cat'), 'files free: echo "/tmp/a" ; xargs ; xargs > cat <file> :: (program (pipeline (command _ _ ) | (command _ _ ) ) )');
    assert.deepEqual(classifyShellLine("echo 'LD_PRELOAD=/tmp/x.so' | xargs export").readOnlyBlockers, ['sets LD_PRELOAD, which may change what runs or what is read']);
  });
});

describe('a wrapper that changes directory puts the command\'s files there', () => {
  it('a passwd file written from /etc is denied', () => {
    for (const line of ['env -C /etc rm -f passwd', 'sudo -D /etc tee passwd', 'sudo --chdir=/etc rm -f shadow']) {
      const facts = classifyShellLine(line);
      assert.deepEqual(facts.danger, ['passwd_write'], line);
      assert.equal(decideShell(facts).effect, 'deny', line);
    }
  });
});

describe("watch's options end at its command", () => {
  it("the command's own options are not watch's, so a read-only command stays read-only", () => {
    for (const [line, name] of [['watch ls -la', 'ls'], ['watch -n 1 ps -ef', 'ps'], ['watch df -hT', 'df']] as const) {
      assert.deepEqual(inner(line).commands.map((c) => c[0]), [name], line);
      assert.equal(decideShell(classifyShellLine(line)).effect, 'allow', line);
    }
  });
});
