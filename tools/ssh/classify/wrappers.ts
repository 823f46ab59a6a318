// Wrappers: commands that run another command given in their arguments (sudo, env, timeout,
// xargs, ...). Each is read with its real option syntax, so that `sudo -u root rm` finds rm and
// `timeout -s KILL 5 rm` skips the duration. An option a reader does not know makes it uncertain.
import { withRuntimePart, type Field } from './fields.ts';
import { argv, chdirValue, joinCode, type Inner, type Unwrapped } from './inner.ts';
import type { Assignment } from './model.ts';
import { parseArgs, type OptionSpec } from './options.ts';
import { CODE_WRAPPERS } from './wrappers-code.ts';
import { assignmentIn } from './declared.ts';
import { readFind } from './find.ts';
import { literalWord } from './word.ts';
import { own } from './own.ts';

interface SimpleWrapper {
  spec: OptionSpec;
  /** Operands before the command: timeout's duration, chroot's directory, taskset's mask. */
  skip?: number;
  /** Options with which nothing is run (command -v, ionice -p). */
  noCommand?: string[];
  /** What runs when no command is given. */
  whenEmpty?: 'stdin' | 'none';
  /** Options that set the directory the command runs in (sudo -D, systemd-run --working-directory). */
  chdir?: string[];
}

export const SUDO_OPTIONS: OptionSpec = {
  flags: 'AbEeHhiKklnPSsVvNB',
  values: 'CDgpRrTtUu',
  longFlags: ['askpass', 'background', 'bell', 'edit', 'help', 'login', 'remove-timestamp', 'reset-timestamp',
    'list', 'non-interactive', 'preserve-groups', 'stdin', 'shell', 'validate', 'version', 'preserve-env'],
  longValues: ['chdir', 'close-from', 'group', 'host', 'prompt', 'chroot', 'role', 'type', 'command-timeout',
    'other-user', 'user', 'login-class'],
  stopAtOperand: true,
};

const SIMPLE: Record<string, SimpleWrapper> = {
  sudo: {
    spec: SUDO_OPTIONS,
    chdir: ['D', 'chdir'],
    // -k/--reset-timestamp with a command runs it (ignoring cached credentials); -K takes none
    noCommand: ['e', 'edit', 'K', 'remove-timestamp'],
  },
  doas: { spec: { flags: 'nsL', values: 'uC' }, noCommand: ['C'] },
  pkexec: { spec: { longFlags: ['disable-internal-agent', 'keep-cwd', 'help', 'version'], longValues: ['user'] } },
  nohup: { spec: { longFlags: ['help', 'version'] } },
  timeout: {
    spec: { flags: 'v', values: 'sk', longFlags: ['preserve-status', 'foreground', 'verbose'], longValues: ['signal', 'kill-after'] },
    skip: 1,
  },
  nice: { spec: { flags: '0123456789', values: 'n', longValues: ['adjustment'] } },
  ionice: {
    spec: { flags: 't', values: 'cnpPu', longFlags: ['ignore'], longValues: ['class', 'classdata', 'pid', 'pgid', 'uid'] },
    noCommand: ['p', 'P', 'u', 'pid', 'pgid', 'uid'],
  },
  time: {
    spec: { flags: 'pvaq', values: 'fo', longFlags: ['portability', 'verbose', 'append', 'quiet', 'help', 'version'], longValues: ['format', 'output'] },
  },
  command: { spec: { flags: 'pvV' }, noCommand: ['v', 'V'] },
  exec: { spec: { flags: 'cl', values: 'a' } },
  builtin: { spec: {} },
  coproc: { spec: {} },
  unbuffer: { spec: { flags: 'p' } },
  stdbuf: { spec: { values: 'ioe', longValues: ['input', 'output', 'error'] } },
  setsid: { spec: { flags: 'cfw', longFlags: ['ctty', 'fork', 'wait'] } },
  chroot: { spec: { longFlags: ['skip-chdir'], longValues: ['userspec', 'groups'] }, skip: 1, whenEmpty: 'stdin' },
  taskset: { spec: { flags: 'acp', longFlags: ['all-tasks', 'cpu-list', 'pid'] }, skip: 1, noCommand: ['p', 'pid'] },
  chrt: {
    spec: { flags: 'abdefimoprRv', values: 'TPD', longFlags: ['all-tasks', 'batch', 'deadline', 'fifo', 'idle', 'max', 'other', 'pid', 'rr', 'reset-on-fork', 'verbose'], longValues: ['sched-runtime', 'sched-period', 'sched-deadline'] },
    skip: 1,
    noCommand: ['p', 'pid', 'm', 'max'],
  },
  nsenter: {
    spec: { flags: 'aFZ', values: 'tSG', optional: 'muinpUCTrw', longValues: ['target', 'setuid', 'setgid'], longFlags: ['all', 'no-fork', 'preserve-credentials', 'mount', 'uts', 'ipc', 'net', 'pid', 'user', 'cgroup', 'time', 'root', 'wd'] },
    whenEmpty: 'stdin',
    chdir: ['w', 'wd'],
  },
  unshare: {
    spec: { flags: 'frc', optional: 'muinpUCT', longFlags: ['fork', 'map-root-user', 'map-current-user', 'mount-proc', 'kill-child', 'mount', 'uts', 'ipc', 'net', 'pid', 'user', 'cgroup', 'time'], longValues: ['propagation', 'setgroups', 'root', 'wd', 'map-user', 'map-group'] },
    whenEmpty: 'stdin',
  },
  sshpass: { spec: { flags: 'hvV', values: 'pfdeP' } },
  'systemd-run': {
    spec: {
      flags: 'rtPqGdS',
      values: 'upEHM',
      longFlags: ['user', 'system', 'scope', 'remain-after-exit', 'pty', 'pipe', 'quiet', 'collect', 'same-dir', 'shell',
        'wait', 'no-block', 'no-ask-password', 'send-sighup', 'help', 'version'],
      longValues: ['unit', 'property', 'description', 'slice', 'type', 'uid', 'gid', 'nice', 'working-directory', 'setenv',
        'host', 'machine', 'service-type', 'on-active', 'on-boot', 'on-startup', 'on-unit-active', 'on-unit-inactive',
        'on-calendar', 'on-clock-change', 'on-timezone-change', 'path-property', 'socket-property', 'timer-property'],
    },
    whenEmpty: 'stdin',
    chdir: ['working-directory'],
  },
  // -p PID attaches to a process and still runs a command given after the options
  strace: { spec: { flags: 'cCdDfFhikqrtTvVwxyYzZ', values: 'abeEIoOpPsSuUX' } },
  ltrace: { spec: { flags: 'bcCfhiLrStTV', values: 'aAeEFlnoDpsuwx' } },
};

/** Reads a wrapper; null when `name` is not one. */
export function unwrap(name: string, args: readonly Field[]): Unwrapped | null {
  const simple = own(SIMPLE, name);
  if (simple) return readSimple(name, simple, args);
  if (name === 'busybox' || name === 'toybox') return readMultiCall(name, args);
  if (name === 'env') return readEnv(args);
  if (name === 'xargs') return readXargs(args);
  if (name === 'find') return readFind(args);
  const codeReader = own(CODE_WRAPPERS, name);
  return codeReader ? codeReader(name, args) : null;
}

function readSimple(name: string, wrapper: SimpleWrapper, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, { ...wrapper.spec, stopAtOperand: true });
  const uncertain = parsed.unknown.length > 0;
  if (wrapper.noCommand?.some((o) => parsed.seen.has(o))) return { inners: [], uncertain };
  const start = parsed.operands[wrapper.skip ?? 0];
  if (start === undefined) {
    // sudo -s / sudo -i / doas -s with no command: a root shell reading stdin
    const shell = name === 'sudo' || name === 'doas' ? ['s', 'i', 'shell', 'login'].some((o) => parsed.seen.has(o)) : false;
    const inners: Inner[] = shell || wrapper.whenEmpty === 'stdin' ? [{ kind: 'stdin', label: name }] : [];
    return { inners, uncertain };
  }
  const cwd = chdirValue((wrapper.chdir ?? []).flatMap((o) => parsed.values.get(o) ?? []), args);
  return { inners: [argv(name, start, args.length, cwd === undefined ? {} : { cwd })], uncertain };
}

function readMultiCall(name: string, args: readonly Field[]): Unwrapped {
  const first = args[0]?.text ?? '';
  if (args.length === 0 || first.startsWith('-')) return { inners: [], uncertain: false };
  return { inners: [argv(name, 0, args.length)], uncertain: false };
}

function readEnv(args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, {
    flags: '0iv',
    values: 'uCPSa',
    longFlags: ['ignore-environment', 'null', 'debug', 'help', 'version', 'list-signal-handling', 'default-signal', 'ignore-signal', 'block-signal'],
    longValues: ['unset', 'chdir', 'split-string', 'argv0'],
    stopAtOperand: true,
  });
  const assignments: Assignment[] = [];
  const inners: Inner[] = [];
  let start = parsed.end;
  // env takes every operand holding "=" as NAME=VALUE, whatever NAME is
  for (; start < args.length; start++) {
    const field = args[start];
    const m = field ? /^([^=]+)=(.*)$/s.exec(field.text) : null;
    if (!field || !m) break;
    const [, name = '', value = ''] = m;
    // a value with run-time parts keeps its written parts (BASH_ENV=$PWD/x.sh still names x.sh)
    assignments.push({ name, value: field.dynamic ? (assignmentIn(field)?.value ?? null) : literalWord(value) });
    // BASH_FUNC_ls%%='() { ...; }' is a function a bash started below imports as its own ls
    const imported = /^BASH_FUNC_(.+?)(%%|\(\))$/s.exec(name)?.[1];
    if (imported !== undefined) inners.push({ kind: 'code', label: 'env function', text: field.dynamic ? null : `function ${imported} ${value}` });
  }
  const split = parsed.values.get('S') ?? parsed.values.get('split-string');
  if (split) {
    // env -S splits its string into words: read it as shell code, with the operands after it
    const rest = joinCode(args.slice(start));
    const anyDynamic = args.some((f) => f.dynamic);
    const text = rest === null || anyDynamic ? null : [...split, rest].join(' ').trim();
    inners.push({ kind: 'code', label: 'env -S', text, rest: start });
  } else if (start < args.length) {
    const cwd = chdirValue([...(parsed.values.get('C') ?? []), ...(parsed.values.get('chdir') ?? [])], args);
    inners.push(argv('env', start, args.length, cwd === undefined ? { assignments } : { assignments, cwd }));
  }
  return { inners, uncertain: parsed.unknown.length > 0 };
}

function readXargs(args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, {
    flags: '0prtxo',
    values: 'adEILnPs',
    optional: 'eil',
    longFlags: ['null', 'no-run-if-empty', 'interactive', 'verbose', 'exit', 'open-tty', 'show-limits', 'replace', 'eof', 'max-lines'],
    longValues: ['arg-file', 'delimiter', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'],
    stopAtOperand: true,
  });
  const start = parsed.operands[0] ?? args.length;
  // -I R / -i[R] / --replace[=R]: R in the command stands for each input item
  const replace = parsed.values.get('I')?.[0] ?? parsed.values.get('i')?.[0] ?? (parsed.seen.has('replace') ? '' : undefined);
  const marker = replace === undefined ? undefined : replace || '{}';
  const fields = marker === undefined ? undefined : args.slice(start).map((f) => withRuntimePart(f, marker));
  const inner = argv('xargs', start, args.length, { unknownOperands: true, defaultName: 'echo', ...(fields ? { fields } : {}) });
  return { inners: [inner], uncertain: parsed.unknown.length > 0 };
}
