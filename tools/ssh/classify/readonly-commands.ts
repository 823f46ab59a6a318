// The documented read-only diagnostics: commands an agent may run without review, each with
// the arguments that keep it read-only. A checker returns null when the call is safe, or the
// reason it is not. Beyond the product's list: cd/pushd/popd, sleep, seq, nproc, lscpu, vmstat,
// iostat, tac, nl, rev, readlink, realpath, printenv, groups, arch, tty, type, column, locale,
// command (-v), ":" and the shell's own declarations (export, declare, local, readonly, typeset,
// unset); ip also shows neigh/rule and `route get`; systemctl also is-enabled, is-failed and the
// list-* verbs; hostname takes its read-only flags (-f, -I, ...); mount takes -l. Options that
// write or run something are refused in any spelling getopt accepts (--vac for --vacuum-time).
import { awkOf } from './awk.ts';
import { findInfo } from './find.ts';
import type { Found } from './model.ts';
import { SORT_OPTIONS } from './option-specs.ts';
import { isLong, longPrefixOf, operandFields, parseArgs } from './options.ts';
import { sedScriptsOf } from './sed.ts';
import { SHELLS } from './wrappers-shell.ts';
import { own } from './own.ts';

type Checker = (f: Found) => string | null;

const texts = (f: Found): string[] => f.args.map((a) => a.text);
const safe: Checker = () => null;

const PAGER_UNSAFE_LONG = ['log-file', 'LOG-FILE', 'lesskey-file', 'lesskey-src', 'lesskey-content'];

function pager(f: Found): string | null {
  const bad = texts(f).find((t) => t.startsWith('+') || (/^-[a-zA-Z]*[oOk]/.test(t) && !t.startsWith('--')) || longPrefixOf(t, PAGER_UNSAFE_LONG));
  return bad ? `${f.name} ${bad} runs commands or writes a file` : null;
}

function find(f: Found): string | null {
  const actions = [...findInfo(f.args).actions];
  return actions.length > 0 ? `find ${actions.join(' ')} changes files or runs commands` : null;
}

function top(f: Found): string | null {
  const parsed = parseArgs(f.args, { flags: 'bcHiSs1E', values: 'dnopuUwEe' });
  return parsed.seen.has('b') && parsed.seen.has('n') ? null : 'top needs -b and -n to finish';
}

const IP_OBJECTS = ['address', 'link', 'route', 'neighbour', 'rule'];
const IP_SAFE_OPTIONS = /^-(4|6|0|br|brief|s|stats|statistics|d|details|j|json|p|pretty|c|color|o|oneline|h|human|human-readable|r|resolve|a|all)$/;

function ip(f: Found): string | null {
  const words = texts(f);
  let i = 0;
  while (i < words.length && (words[i] ?? '').startsWith('-')) {
    if (!IP_SAFE_OPTIONS.test(words[i] ?? '')) return `ip ${words[i]} is not a read-only option`;
    i++;
  }
  const object = words[i] ?? '';
  const verb = words[i + 1] ?? 'show';
  if (!object || !IP_OBJECTS.some((o) => o.startsWith(object))) return `ip ${object} is not a read-only object`;
  const reading = ['show', 'list', 'lst', 'ls'].some((v) => v.startsWith(verb)) || (verb === 'get' && 'route'.startsWith(object));
  return reading ? null : `ip ${object} ${verb} changes the network`;
}

const JOURNAL_CHANGES = ['vacuum-size', 'vacuum-time', 'vacuum-files', 'rotate', 'flush', 'sync', 'relinquish-var',
  'smart-relinquish-var', 'setup-keys', 'update-catalog', 'cursor-file'];

function journalctl(f: Found): string | null {
  const bad = texts(f).find((t) => longPrefixOf(t, JOURNAL_CHANGES));
  return bad ? `journalctl ${bad} changes the journal or writes a file` : null;
}

const SYSTEMCTL_READS = new Set(['', 'status', 'show', 'list-units', 'is-active', 'is-enabled', 'is-failed', 'list-unit-files', 'list-timers', 'list-sockets', 'list-dependencies']);

function systemctl(f: Found): string | null {
  const parsed = parseArgs(f.args, { values: 'tpsHMno', longValues: ['type', 'property', 'signal', 'host', 'machine', 'lines', 'output', 'state', 'root', 'what'] });
  const verb = operandFields(f.args, parsed)[0]?.text ?? '';
  return SYSTEMCTL_READS.has(verb) ? null : `systemctl ${verb} changes services`;
}

function hostname(f: Found): string | null {
  const bad = texts(f).find((t) => !/^(-[fsiIdAay]+|--(fqdn|long|short|ip-address|all-ip-addresses|domain|all-fqdns|alias|yp|nis))$/.test(t));
  return bad === undefined ? null : 'hostname with an operand sets the host name';
}

function date(f: Found): string | null {
  const parsed = parseArgs(f.args, { flags: 'uRh', values: 'dfrs', optional: 'I', longValues: ['date', 'file', 'reference', 'set'] });
  return parsed.seen.has('s') || parsed.seen.has('set') ? 'date -s sets the clock' : null;
}

function sort(f: Found): string | null {
  const parsed = parseArgs(f.args, SORT_OPTIONS);
  if (parsed.seen.has('o') || parsed.seen.has('output')) return 'sort -o writes a file';
  return parsed.seen.has('compress-program') ? 'sort --compress-program runs a program' : null;
}

function uniq(f: Found): string | null {
  return operandFields(f.args, parseArgs(f.args, { values: 'fsw' })).length > 1 ? 'uniq with two operands writes the second' : null;
}

function awk(f: Found): string | null {
  const { call, program } = awkOf(f.args);
  if (call.opaque || program === null) return 'awk runs a program the line does not show';
  if (program.runsCommands) return 'awk program runs commands';
  if (program.writesFiles) return 'awk program writes files';
  if (program.reads === null) return 'awk program reads a file named at run time';
  return f.args.some((a) => isLong(a.text, 'inplace')) ? 'awk edits files in place' : null;
}

const SED_OPTIONS = {
  flags: 'nrsuzEb',
  values: 'efl',
  optional: 'i',
  longFlags: ['in-place', 'null-data', 'zero-terminated', 'separate', 'sandbox', 'silent', 'quiet', 'regexp-extended',
    'follow-symlinks', 'posix', 'unbuffered', 'debug', 'binary', 'help', 'version'],
  longValues: ['expression', 'file', 'line-length'],
};

function sed(f: Found): string | null {
  const parsed = parseArgs(f.args, SED_OPTIONS);
  if (parsed.seen.has('i') || parsed.seen.has('in-place')) return 'sed -i edits files';
  if (parsed.unknown.length > 0) return `sed ${parsed.unknown[0]} is not a known option`;
  const scripts = sedScriptsOf(f.args);
  if (scripts === null) return 'sed runs a script the line does not show';
  return scripts.some((read) => read.writes || read.executes || read.reads || read.unclear) ? 'sed script writes, reads files or runs commands' : null;
}

function dmesg(f: Found): string | null {
  const parsed = parseArgs(f.args, {
    flags: 'CcDdEeHhkLPrSTtuwxV',
    values: 'fFlns',
    longFlags: ['clear', 'read-clear', 'console-off', 'console-on', 'decode', 'ctime', 'human', 'json', 'kernel', 'color',
      'nopager', 'raw', 'show-delta', 'reltime', 'notime', 'userspace', 'follow', 'follow-new', 'noescape', 'syslog', 'help', 'version', 'since', 'until'],
    longValues: ['facility', 'file', 'level', 'console-level', 'buffer-size', 'time-format'],
  });
  if (parsed.unknown.length > 0) return `dmesg ${parsed.unknown[0]} is not a known option`;
  const bad = ['c', 'C', 'D', 'E', 'n', 'clear', 'read-clear', 'console-off', 'console-on', 'console-level'].find((o) => parsed.seen.has(o));
  return bad ? `dmesg ${bad.length === 1 ? '-' : '--'}${bad} changes the kernel log` : null;
}

/** Blocks a short letter in any cluster, or a long option or any prefix of it. */
const flagBlocker = (letter: string, long: string, reason: string): Checker => (f) =>
  texts(f).some((t) => (/^-[a-zA-Z]+$/.test(t) && t.includes(letter)) || isLong(t, long)) ? reason : null;

const CHECKERS: Record<string, Checker> = {
  less: pager, more: pager, find, top, ip, journalctl, systemctl, hostname, date, sort, uniq, dmesg, sed,
  awk, gawk: awk, mawk: awk, nawk: awk,
  rg: (f) => (texts(f).some((t) => /^--pre(=|$)/.test(t)) ? 'rg --pre runs a program' : null),
  ss: flagBlocker('K', 'kill', 'ss -K closes sockets'),
  file: flagBlocker('C', 'compile', 'file -C writes a compiled magic file'),
  mount: (f) => (texts(f).every((t) => t === '-l') ? null : 'mount with arguments mounts'),
};

for (const name of [
  'ls', 'cat', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'df', 'du', 'free', 'uptime', 'ps', 'netstat', 'uname',
  'whoami', 'id', 'wc', 'cut', 'echo', 'printf', 'pwd', 'stat', 'which', 'env', 'lsblk', 'last', 'w', 'who', 'tr',
  'basename', 'dirname', 'true', 'false', 'test', '[', ':', 'cd', 'pushd', 'popd', 'sleep', 'seq', 'nproc', 'lscpu',
  'vmstat', 'iostat', 'tac', 'nl', 'rev', 'readlink', 'realpath', 'printenv', 'groups', 'arch', 'tty', 'type',
  'column', 'locale', 'command', 'export', 'declare', 'local', 'readonly', 'typeset', 'unset',
]) {
  CHECKERS[name] = safe;
}

/**
 * True when no argument changes what the command does (ls, echo, ps), so operands xargs adds at run
 * time cannot make it write or run something (env and command given no command to run are wrappers
 * whose command is named at run time: a marker, see command.ts).
 */
export function ignoresItsArguments(name: string): boolean {
  return own(CHECKERS, name) === safe;
}

/** True when the command is one of the read-only diagnostics, whose checker knows every option that writes. */
export function isReadOnlyCommand(name: string): boolean {
  return own(CHECKERS, name) !== undefined;
}

/** Null when the command is a read-only diagnostic with safe arguments; otherwise why not. */
export function readOnlyCommandBlocker(f: Found): string | null {
  const checker = own(CHECKERS, f.name);
  return checker ? checker(f) : `${f.name} is not a known read-only command`;
}

/** Wrappers that change neither privileges nor where the command runs. */
export const TRANSPARENT_WRAPPERS = new Set([
  'command', 'builtin', 'exec', 'nohup', 'time', 'timeout', 'nice', 'ionice', 'stdbuf', 'setsid', 'env', 'xargs',
  'watch', 'eval', 'busybox', 'toybox', 'taskset', 'chrt', 'trap', 'alias', 'coproc', 'unbuffer', ...SHELLS,
]);
