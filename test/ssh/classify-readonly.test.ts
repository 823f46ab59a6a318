// Why a line is not read-only, reason by reason: the read-only diagnostics and the arguments that
// keep them so (pagers, top, ip, journalctl, systemctl, hostname, date, sort, uniq, dmesg, rg, ss,
// file, mount), the variables that change what runs, and the wrappers that change who or where.
// Each row is a line and its exact readOnlyBlockers (an empty list: read-only).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

const ROWS: Array<[string, string[]]> = [
  ['less +F /var/log/syslog', ['less +F runs commands or writes a file']],
  ['less -o /tmp/x /etc/hosts', ['less -o runs commands or writes a file', 'writes /tmp/x']],
  ['less -O /tmp/x /etc/hosts', ['less -O runs commands or writes a file', 'writes /tmp/x']],
  ['less -k keys /etc/hosts', ['less -k runs commands or writes a file']],
  ['less -Nk keys /etc/hosts', ['less -Nk runs commands or writes a file']],
  ['more +/x /etc/hosts', ['more +/x runs commands or writes a file']],
  ['less -N /etc/hosts', []],
  ['top -b -n 1', []],
  ['top -bn1', []],
  ['top -b', ['top needs -b and -n to finish']],
  ['top', ['top needs -b and -n to finish']],
  ['top -n 1', ['top needs -b and -n to finish']],
  ['ip addr', []],
  ['ip -4 -br addr show', []],
  ['ip -s link', []],
  ['ip -j route list', []],
  ['ip route get 1.1.1.1', []],
  ['ip addr get 1', ['ip addr get changes the network']],
  ['ip neigh', []],
  ['ip rule ls', []],
  ['ip -f inet addr', ['ip -f is not a read-only option']],
  ['ip link set eth0 down', ['ip link set changes the network']],
  ['ip addr add 1.2.3.4/24 dev eth0', ['ip addr add changes the network']],
  ['ip netns exec x id', ['ip netns is not a read-only object']],
  ['ip', ['ip  is not a read-only object']],
  ['journalctl -u nginx', []],
  ['journalctl --vacuum-time=1d', ['journalctl --vacuum-time=1d changes the journal or writes a file']],
  ['journalctl --vac=1d', ['journalctl --vac=1d changes the journal or writes a file']],
  ['journalctl --rotate', ['journalctl --rotate changes the journal or writes a file']],
  ['journalctl --flush', ['journalctl --flush changes the journal or writes a file']],
  ['journalctl --cursor-file=/tmp/c', ['journalctl --cursor-file=/tmp/c changes the journal or writes a file', 'writes /tmp/c']],
  ['systemctl', []],
  ['systemctl status nginx', []],
  ['systemctl show nginx', []],
  ['systemctl list-units', []],
  ['systemctl is-active nginx', []],
  ['systemctl is-enabled nginx', []],
  ['systemctl is-failed nginx', []],
  ['systemctl list-unit-files', []],
  ['systemctl list-timers', []],
  ['systemctl list-sockets', []],
  ['systemctl list-dependencies nginx', []],
  ['systemctl -t service list-units', []],
  ['systemctl --type=service list-units', []],
  ['systemctl restart nginx', ['systemctl restart changes services']],
  ['systemctl start nginx', ['systemctl start changes services']],
  ['hostname', []],
  ['hostname -f', []],
  ['hostname -I', []],
  ['hostname --fqdn', []],
  ['hostname --all-ip-addresses', []],
  ['hostname newname', ['hostname with an operand sets the host name']],
  ['date', []],
  ['date -u', []],
  ['date -d yesterday', []],
  ['date -s \'2020-01-01\'', ['date -s sets the clock']],
  ['date --set=\'2020-01-01\'', ['date -s sets the clock']],
  ['sort f', []],
  ['sort -o out f', ['sort -o writes a file', 'writes out']],
  ['sort --output=out f', ['sort -o writes a file', 'writes out']],
  ['sort -k2 f', []],
  ['sort --compress-program=gzip f', ['sort --compress-program runs a program', 'gzip is not a known read-only command']],
  ['uniq f', []],
  ['uniq f out', ['uniq with two operands writes the second', 'writes out']],
  ['uniq -f 1 f', []],
  ['dmesg', []],
  ['dmesg -T', []],
  ['dmesg -c', ['dmesg -c changes the kernel log']],
  ['dmesg -C', ['dmesg -C changes the kernel log']],
  ['dmesg -D', ['dmesg -D changes the kernel log']],
  ['dmesg -E', ['dmesg -E changes the kernel log']],
  ['dmesg -n 1', ['dmesg -n changes the kernel log']],
  ['dmesg --clear', ['dmesg --clear changes the kernel log']],
  ['dmesg --read-clear', ['dmesg --read-clear changes the kernel log']],
  ['dmesg --console-off', ['dmesg --console-off changes the kernel log']],
  ['dmesg --console-on', ['dmesg --console-on changes the kernel log']],
  ['dmesg --console-level 1', ['dmesg --console-level changes the kernel log']],
  ['dmesg --frob', ['dmesg --frob is not a known option']],
  ['dmesg -l err', []],
  ['rg x /srv', []],
  ['rg --pre cat x /srv', ['rg --pre runs a program']],
  ['rg --pre=cat x /srv', ['rg --pre runs a program']],
  ['ss -tlnp', []],
  ['ss -K dst 1.2.3.4', ['ss -K closes sockets']],
  ['ss -tK', ['ss -K closes sockets']],
  ['ss --kill', ['ss -K closes sockets']],
  ['file /etc/hosts', []],
  ['file -C -m magic', ['file -C writes a compiled magic file']],
  ['file --compile', ['file -C writes a compiled magic file']],
  ['mount', []],
  ['mount -l', []],
  ['mount /dev/sdb /mnt', ['mount with arguments mounts', 'writes /mnt', 'reads /dev/sdb, which may hold secrets']],
  ['mount /tmp/disk.img /mnt', ['mount with arguments mounts', 'writes /mnt']],
  ['ls -la /etc', []],
  ['cat /etc/hosts', []],
  ['echo hi', []],
  ['printf x', []],
  ['uname -a', []],
  ['id', []],
  ['wc -l /etc/hosts', []],
  ['df -h', []],
  ['free -m', []],
  ['ps aux', []],
  ['cd /tmp && ls', []],
  ['sleep 1', []],
  ['seq 3', []],
  ['nproc', []],
  ['readlink -f x', []],
  ['printenv', ['reads /proc/self/environ, which may hold secrets']],
  ['printenv LANG', []],
  ['type ls', []],
  ['command -v ls', []],
  ['export A=1', ['sets A, which may change what runs or what is read']],
  ['export lines=1', []],
  ['declare -a x', []],
  ['unset x', []],
  ['true', []],
  ['false', []],
  ['test -f x', []],
  ['[ -f x ]', []],
  [': noop', []],
  ['tac f', []],
  ['column -t f', []],
  ['vmstat 1 2', []],
  ['lscpu', []],
  ['lsblk', []],
  ['whoami', []],
  ['env', ['reads /proc/self/environ, which may hold secrets']],
  ['PATH=/tmp ls', ['sets PATH, which may change what runs or what is read']],
  ['LD_PRELOAD=/tmp/x.so ls', ['sets LD_PRELOAD, which may change what runs or what is read']],
  ['BASH_ENV=/tmp/x bash -c ls', ['sets BASH_ENV, which may change what runs or what is read']],
  ['IFS=x ls', ['sets IFS, which may change what runs or what is read']],
  ['PS4=\'$(id)\' ls', ['runs code known only at run time (PS4 holds code)', 'sets PS4, which may change what runs or what is read']],
  // an array index is arithmetic: a name in it may hold a[$(cmd)], which bash runs
  ['echo "${a[$i]}"', ['runs code known only at run time (arithmetic on i, whose value the line does not fix)']],
  ['echo "${a[1]}"', []],
  ['PROMPT_COMMAND=id ls', ['sets PROMPT_COMMAND, which may change what runs or what is read']],
  ['HOME=/tmp ls', ['sets HOME, which may change what runs or what is read']],
  ['PAGER=sh less f', ['sets PAGER, which may change what runs or what is read']],
  ['LESSOPEN=\'|id\' less f', ['sets LESSOPEN, which may change what runs or what is read']],
  ['GIT_SSH_COMMAND=id ls', ['sets GIT_SSH_COMMAND, which may change what runs or what is read']],
  ['PYTHONPATH=/tmp ls', ['sets PYTHONPATH, which may change what runs or what is read']],
  ['NODE_OPTIONS=x ls', ['sets NODE_OPTIONS, which may change what runs or what is read']],
  ['GLIBC_TUNABLES=x ls', ['sets GLIBC_TUNABLES, which may change what runs or what is read']],
  ['LANG=C ls', []],
  ['sudo ls', ['sudo runs a command as another user']],
  ['doas ls', ['doas runs a command as another user']],
  ['su -c ls', ['su runs a command as another user']],
  ['runuser -u x ls', ['runuser runs a command as another user']],
  ['pkexec ls', ['pkexec runs a command as another user']],
  ['sshpass -p x ssh h ls', ['sshpass runs a command as another user', 'ssh runs a command on another host or container']],
  ['ssh h ls', ['ssh runs a command on another host or container']],
  ['kubectl exec p -- ls', ['kubectl runs a command on another host or container']],
  ['docker exec c ls', ['docker runs a command on another host or container']],
  ['podman exec c ls', ['podman runs a command on another host or container']],
  ['chroot /mnt ls', ['chroot runs a command in another root or namespace']],
  ['nsenter -t 1 ls', ['nsenter runs a command in another root or namespace']],
  ['unshare -r ls', ['unshare runs a command in another root or namespace']],
  ['nohup ls', []],
  ['timeout 5 ls', []],
  ['nice ls', []],
  ['xargs ls', []],
  ['watch ls', []],
  ['env ls', []],
  ['stdbuf -o0 ls', []],
  ['vim f', ['vim is not a known read-only command', 'writes f']],
  ['foo', ['foo is not a known read-only command']],
  ['ls > /dev/null', []],
  ['ls > /dev/stderr', []],
  ['ls 2>/dev/null >/tmp/x', ['writes /tmp/x']],
  ['cat ~/.ssh/id_rsa', ['reads ~/.ssh/id_rsa, which may hold secrets']],
  ['cat "$F"', ['reads $F, known only at run time']],
];

describe('read-only blockers, exactly', () => {
  for (const [line, blockers] of ROWS) {
    it(line, () => {
      const facts = classifyShellLine(line);
      assert.deepEqual(facts.readOnlyBlockers, blockers);
      assert.equal(facts.readOnly, blockers.length === 0);
    });
  }
});

describe('variables that change what runs, name by name', () => {
  for (const name of ['DYLD_INSERT_LIBRARIES', 'BASH_FUNC_x', 'ENV', 'BASHOPTS', 'SHELLOPTS', 'PS1', 'PS0', 'GLOBIGNORE', 'CDPATH', 'SHELL', 'MANPAGER', 'SYSTEMD_PAGER', 'EDITOR', 'VISUAL', 'PERL5LIB', 'RUBYLIB', 'GCONV_PATH', 'LOCPATH', 'NLSPATH', 'HOSTALIASES', 'SSH_ASKPASS', 'SUDO_ASKPASS', 'TMOUT', 'TERMINFO', 'TERMINFO_DIRS', 'TZDIR', 'MALLOC_CHECK_', 'OPENSSL_CONF', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'XDG_CONFIG_HOME', 'ZDOTDIR', 'LD_LIBRARY_PATH', 'LESSKEY']) {
    it(`${name}=1 ls`, () => assert.deepEqual(classifyShellLine(`${name}=1 ls`).readOnlyBlockers, [`sets ${name}, which may change what runs or what is read`]));
  }
  it('variables a program reads for its options, files or helpers are not on the allowlist', () => {
    for (const name of ['GREP_OPTIONS', 'TAR_OPTIONS', 'WGETRC', 'CURL_HOME', 'GIT_CONFIG_GLOBAL', 'MYPATH', 'XPATH', 'PS5', 'ENVX', 'path', 'Ifs', 'home']) {
      assert.deepEqual(classifyShellLine(`${name}=1 ls`).readOnlyBlockers, [`sets ${name}, which may change what runs or what is read`], name);
    }
  });
  it('variables that only change how output looks, and the shell\'s own lowercase names, change nothing', () => {
    for (const name of ['LANG', 'LC_ALL', 'TERM', 'TZ', 'COLUMNS', 'NO_COLOR', 'TIME_STYLE', 'x', 'my_var']) assert.deepEqual(classifyShellLine(`${name}=1 ls`).readOnlyBlockers, [], name);
  });
  it('a pager may be turned off, never replaced', () => {
    for (const line of ['PAGER=cat git log', 'SYSTEMD_PAGER= journalctl', "GIT_PAGER='' git log", 'MANPAGER=cat man ls']) assert.deepEqual(classifyShellLine(line).readOnlyBlockers.filter((b) => b.startsWith('sets')), [], line);
    for (const line of ['PAGER=less git log', 'SYSTEMD_PAGER=sh journalctl', 'GIT_PAGER="$X" git log']) assert.match(classifyShellLine(line).readOnlyBlockers.join(), /sets \w*PAGER/, line);
  });
});

describe('a variable set in any spelling is checked as an assignment', () => {
  const setsVariable = (name: string) => `sets ${name}, which may change what runs or what is read`;
  const ROWS_SET: Array<[string, string]> = [
    ['export "PATH=/tmp"; ls', 'PATH'],
    ["export 'P'ATH=/tmp; ls", 'PATH'],
    ['export P"ATH"=/tmp; ls', 'PATH'],
    ["export $'PATH=/tmp'; ls", 'PATH'],
    ['declare -x "GREP_OPTIONS=-f /etc/shadow"; grep a f', 'GREP_OPTIONS'],
    ['typeset -x "LD_PRELOAD=/tmp/x.so"; ls', 'LD_PRELOAD'],
    ['local "PATH=/tmp"', 'PATH'],
    ['readonly "IFS=/"; ls', 'IFS'],
    ['export {GREP_OPTIONS,x}=1; grep a f', 'GREP_OPTIONS'],
    ['export {x,PATH}=/tmp; ls', 'PATH'],
    ['export "PATH+=:/tmp"; ls', 'PATH'],
    ['declare -x "PATH[0]=/tmp"; ls', 'PATH'],
    ['export "PAGER=$X"; man ls', 'PAGER'],
    ['unset PATH; ls', 'PATH'],
    ['unset -v PATH; ls', 'PATH'],
    ['unset "PATH"; ls', 'PATH'],
    ['printf -v PATH /tmp; ls', 'PATH'],
    ['printf -vPATH /tmp; ls', 'PATH'],
    ['printf -v "GREP_OPTIONS" x; export GREP_OPTIONS; grep a f', 'GREP_OPTIONS'],
    ['export $V=1; ls', 'a variable named at run time'],
    ['export ${V}=1', 'a variable named at run time'],
    ['export "$V"; ls', 'a variable named at run time'],
    ['declare -x $(echo PATH)=/tmp; ls', 'a variable named at run time'],
    ['unset "$V"; ls', 'a variable named at run time'],
    ['printf -v "$V" /tmp; ls', 'a variable named at run time'],
    // a name reference sets the variable it names, or any when it names none plainly
    ['declare -n r=PATH; r=/tmp; ls', 'PATH'],
    ['declare -n r; r=PATH; r=/tmp; ls', 'a variable named at run time'],
    ['declare -n r=$V; r=/tmp; ls', 'a variable named at run time'],
    ["declare -n r='a[i]'; r=1; ls", 'a variable named at run time'],
    ['typeset -n r=IFS', 'IFS'],
    ['local -n r=PATH', 'PATH'],
    ['declare -xn r=PATH', 'PATH'],
    // a default assignment sets its variable wherever it stands
    ['echo ${LD_PRELOAD:=/tmp/x.so}', 'LD_PRELOAD'],
    ['ls ${BASH_ENV=/tmp/x}', 'BASH_ENV'],
    ['echo "${PROMPT_COMMAND:=id}"', 'PROMPT_COMMAND'],
    [': ${GIT_SSH_COMMAND:=id}; git fetch', 'GIT_SSH_COMMAND'],
    ['cat <<EOF\n${LD_PRELOAD:=/tmp/x.so}\nEOF', 'LD_PRELOAD'],
    ['echo ${x#${PATH:=/tmp}}', 'PATH'],
    ['echo ${!V:=x}', 'a variable named at run time'],
    // loops, getopts, read and mapfile set the names they are given
    ['for PATH in /tmp; do ls; done', 'PATH'],
    ['select PATH in /tmp; do ls; done', 'PATH'],
    ['getopts o PATH', 'PATH'],
    ['wait -n -p PATH', 'PATH'],
    ['ls {PATH}>/dev/null', 'PATH'],
    ['export -p "PATH=/tmp"; ls', 'PATH'],
    ['read -aPATH <<< /tmp; ls', 'PATH'],
    ['mapfile -t PATH < /dev/null; ls', 'PATH'],
    ['time PATH=/tmp', 'PATH'],
  ];
  for (const [line, name] of ROWS_SET) {
    it(line, () => {
      const facts = classifyShellLine(line);
      assert.ok(facts.readOnlyBlockers.includes(setsVariable(name)), `${line}: ${JSON.stringify(facts.readOnlyBlockers)}`);
      assert.equal(facts.readOnly, false);
    });
  }
  it('arithmetic hidden in a subscript or an integer value is arithmetic like ((...))', () => {
    for (const line of ['echo ${x:(PATH=0)}', 'x=( [LD_PRELOAD=1]=1 )', "printf -v 'a[PATH=0]' x", "unset 'a[LD_PRELOAD=1]'", 'declare -i x=PATH=1', 'x=PATH=1; echo $((x))', "test -v 'a[PATH=0]'"]) {
      const facts = classifyShellLine(line);
      assert.equal(facts.readOnly, false, line);
      assert.ok(facts.readOnlyBlockers.some((b) => b.includes('arithmetic on PATH') || b.includes('arithmetic on LD_PRELOAD')), `${line}: ${JSON.stringify(facts.readOnlyBlockers)}`);
    }
  });
  it('arithmetic on the shell variables that always hold a number stays read-only, one by one; on another name it does not', () => {
    const numeric = ['RANDOM', 'SRANDOM', 'LINENO', 'SECONDS', 'BASHPID', 'PPID', 'UID', 'EUID', 'OPTIND', 'COLUMNS', 'LINES', 'SHLVL', 'HISTCMD', 'EPOCHSECONDS'];
    const notReadOnly = numeric.filter((name) => !classifyShellLine(`echo $(( ${name} % 6 + 1 ))`).readOnly);
    assert.deepEqual(notReadOnly, []);
    assert.equal(classifyShellLine('echo $(( COUNT % 6 + 1 ))').readOnly, false);
  });
  it('a name reference, subscript or loop over names that change nothing stays read-only', () => {
    for (const line of ['declare -n r=other; r=1', "declare -A m; printf -v 'm[key]' x", 'a=(1 2 3); echo ${a[1]}', 'for f in *.log; do echo $f; done', 'for ((i=0; i<3; i++)); do echo $i; done', 'echo ${HOME:-/root}', 'echo "${x:=y}"', 'echo ${x:1:2} ${x: -1}', 'n=2; echo ${x:n}', '[[ $x =~ ^(a|b)$ ]]']) {
      assert.deepEqual(classifyShellLine(line).readOnlyBlockers, [], line);
    }
  });
  it('declaring, exporting or unsetting what changes nothing stays read-only', () => {
    for (const line of ['export LANG', 'export "LANG=C"; ls', 'declare -x TZ=UTC', 'declare -f', 'declare -F', 'declare -p PATH', 'unset x', 'unset -f ls', 'local "x=1"', 'printf -v x %s 1', 'export {LANG,LC_ALL}=C']) {
      assert.deepEqual(classifyShellLine(line).readOnlyBlockers, [], line);
    }
  });
});

describe('a program named by a path is read-only only from the system\'s own directories', () => {
  for (const line of ['./ls', '/tmp/ls', '~/bin/ls', '../ls', 'x/ls', '"/tmp/ls"', '/proc/self/cwd/ls', '/usr/bin/../../tmp/ls', '//tmp/ls', 'env ./ls', 'nice /tmp/cat /etc/hosts', '/tmp/env ls', 'cd /tmp && ./ls', '/var/tmp/grep x f']) {
    it(line, () => {
      const blockers = classifyShellLine(line).readOnlyBlockers;
      assert.ok(blockers.some((b) => /a program outside the system's directories/.test(b)), `${line}: ${JSON.stringify(blockers)}`);
    });
  }
  it('the system\'s own directories, however spelled', () => {
    for (const line of ['/bin/ls', '/usr/bin/ls', '/usr/local/bin/ls', '/sbin/ip addr', '/usr/sbin/ss -tln', '/bin/./ls', '/usr//bin/ls', 'env /usr/bin/ls', '/usr/bin/env ls']) {
      assert.deepEqual(classifyShellLine(line).readOnlyBlockers, [], line);
    }
  });
});

describe('arguments xargs adds at run time', () => {
  const ROWS_XARGS: Array<[string, string]> = [
    ['xargs -a f env', 'runs code known only at run time (xargs > env)'],
    ['xargs env < f', 'runs code known only at run time (xargs > env)'],
    ['xargs -a f systemctl', 'systemctl gets arguments known only at run time'],
    ['xargs -a f journalctl', 'journalctl gets arguments known only at run time'],
    ['xargs -a f find', 'find gets arguments known only at run time'],
    ['xargs -a f hostname', 'hostname gets arguments known only at run time'],
    ['cat f | xargs mount', 'mount gets arguments known only at run time'],
    ['xargs -a f nice', 'nice gets arguments known only at run time'],
    ['xargs -a f xargs', 'runs code known only at run time (xargs > xargs)'],
    ['cat f | xargs xargs -0', 'runs code known only at run time (xargs > xargs)'],
    ['xargs -a f timeout 5', 'timeout gets arguments known only at run time'],
    ['xargs -a f ./ls', "runs ./ls, a program outside the system's directories"],
  ];
  for (const [line, blocker] of ROWS_XARGS) {
    it(line, () => assert.ok(classifyShellLine(line).readOnlyBlockers.includes(blocker), JSON.stringify(classifyShellLine(line).readOnlyBlockers)));
  }
  it('commands no argument changes stay read-only', () => {
    for (const line of ['find . | xargs ls -l', 'xargs echo < f', 'find . -name x -print0 | xargs -0 ls', 'xargs -I{} echo {} < f', 'xargs -a f stat', 'find . | xargs timeout 5 ls', 'xargs -a f nice ls']) {
      assert.deepEqual(classifyShellLine(line).readOnlyBlockers, [], line);
    }
  });
});
