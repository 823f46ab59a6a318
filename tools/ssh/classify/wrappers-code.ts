// Wrappers that take code as a string or run commands given later (watch, flock, parallel, trap,
// alias, script, at, tar --to-command, split --filter, kubectl/docker exec), and the table of every code-taking
// wrapper; the strings are parsed again by the caller.
import { fieldFrom, type Field } from './fields.ts';
import { argv, code, joinCode, type Inner, type Unwrapped } from './inner.ts';
import { parseArgs, type OptionSpec } from './options.ts';
import { SORT_OPTIONS, SPLIT_OPTIONS, TAR_OPTIONS } from './option-specs.ts';
import { unbundleTar } from './tar-args.ts';
import { readCopy, readEval, readRsync, readShell, readSource, readSsh, readSu, SHELLS } from './wrappers-shell.ts';

type CodeReader = (name: string, args: readonly Field[]) => Unwrapped;

const none = (uncertain = false): Unwrapped => ({ inners: [], uncertain });

function readWatch(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, {
    flags: 'bcCdeghprtwx',
    values: 'nq',
    longFlags: ['beep', 'color', 'no-color', 'differences', 'errexit', 'chgexit', 'exec', 'help', 'no-title', 'no-wrap', 'no-linewrap', 'precise', 'version'],
    longValues: ['interval', 'equexit'],
    stopAtOperand: true,
  });
  const uncertain = parsed.unknown.length > 0;
  const start = parsed.operands[0];
  if (start === undefined) return none(uncertain);
  if (parsed.seen.has('x') || parsed.seen.has('exec')) return { inners: [argv(name, start, args.length)], uncertain };
  return { inners: [{ kind: 'code', label: name, text: joinCode(args.slice(start)), rest: start }], uncertain };
}

function readFlock(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, {
    flags: 'sxunoFhV',
    values: 'Ewc',
    longFlags: ['shared', 'exclusive', 'unlock', 'nonblock', 'close', 'no-fork', 'verbose', 'help', 'version'],
    longValues: ['timeout', 'conflict-exit-code', 'command'],
    stopAtOperand: true,
  });
  const uncertain = parsed.unknown.length > 0;
  const file = parsed.operands[0];
  const early = [...(parsed.values.get('c') ?? []), ...(parsed.values.get('command') ?? [])];
  if (early.length > 0) return { inners: early.map((text) => ({ kind: 'code' as const, label: `${name} -c`, text })), uncertain };
  if (file === undefined) return none(uncertain);
  const next = args[file + 1]?.text;
  if (next === '-c' || next === '--command') return { inners: [code(`${name} -c`, args[file + 2])], uncertain };
  if (file + 1 < args.length) return { inners: [argv(name, file + 1, args.length)], uncertain };
  return none(uncertain);
}

const PARALLEL_SEPARATORS = new Set([':::', '::::', ':::+', '::::+']);

function readParallel(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, {
    values: 'jSNnLIaEdX',
    longValues: ['jobs', 'sshlogin', 'arg-file', 'max-args', 'max-lines', 'colsep', 'delimiter', 'eof', 'joblog', 'results', 'timeout', 'tmpdir', 'workdir', 'env'],
    stopAtOperand: true,
  });
  const start = parsed.operands[0];
  let end = start ?? args.length;
  while (end < args.length && !PARALLEL_SEPARATORS.has(args[end]?.text ?? '')) end++;
  if (start === undefined || end === start) return { inners: [{ kind: 'unknown', label: name }], uncertain: false };
  // parallel runs the command once per argument after :::; all of them together over-approximate what runs.
  // A glob among them expands before parallel sees it, so it stays a glob in the code read again.
  const items = args.slice(end).filter((f) => !PARALLEL_SEPARATORS.has(f.text));
  const command = joinCode(args.slice(start, end));
  const text = command === null ? null : [command, ...items.map((f) => f.text)].join(' ');
  return { inners: [{ kind: 'code', label: name, text: items.some((f) => f.dynamic) ? null : text, rest: start }], uncertain: false };
}

function readTrap(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, { flags: 'lpP', stopAtOperand: true });
  const [action, ...signals] = parsed.operands;
  if (action === undefined || signals.length === 0 || parsed.seen.has('l') || parsed.seen.has('p')) return none();
  if (args[action]?.text === '-') return none();
  return { inners: [code(name, args[action])], uncertain: false };
}

function readAlias(name: string, args: readonly Field[]): Unwrapped {
  const inners: Inner[] = [];
  for (const field of args) {
    const eq = field.text.indexOf('=');
    if (eq > 0 && !field.text.startsWith('-')) inners.push({ kind: 'code', label: name, text: field.dynamic ? null : field.text.slice(eq + 1) });
  }
  return { inners, uncertain: false };
}

/** mapfile/readarray -C CODE runs CODE as shell code every -c lines it reads. */
function readMapfile(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, { flags: 't', values: 'dnOsuCc' });
  const inners = (parsed.valueFields.get('C') ?? []).map((field) => code(`${name} -C`, field));
  return { inners, uncertain: parsed.unknown.length > 0 };
}

function readScript(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, { flags: 'aefqhVkr', values: 'cEIOBTmt', longValues: ['command', 'echo', 'log-in', 'log-out', 'log-io', 'log-timing', 'logging-format', 'output-limit'] });
  const commands = [...(parsed.values.get('c') ?? []), ...(parsed.values.get('command') ?? [])];
  return { inners: commands.map((text) => ({ kind: 'code' as const, label: `${name} -c`, text })), uncertain: false };
}

function readAt(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, { flags: 'lrcdmMvVbq', values: 'fqt' });
  if (['f', 'l', 'r', 'c', 'd'].some((o) => parsed.seen.has(o)) || name === 'atq' || name === 'atrm') return none();
  return { inners: [{ kind: 'stdin', label: name }], uncertain: false };
}

/** tar's options that name a command it runs; its short -I (compress program) and -F (volume script) too. */
const TAR_COMMANDS = ['to-command', 'use-compress-program', 'info-script', 'new-volume-script', 'rsh-command', 'I', 'F'];
/**
 * tar's options, with those whose value runs (--checkpoint-action=exec=CMD among them) taking it
 * as argp does, attached or as the next word, under any unambiguous abbreviation; --checkpoint's
 * own value is only ever attached.
 */
const TAR_CODE_OPTIONS: OptionSpec = {
  ...TAR_OPTIONS,
  longValues: [...(TAR_OPTIONS.longValues ?? []), 'info-script', 'new-volume-script', 'rsh-command', 'checkpoint-action'],
  longFlags: [...(TAR_OPTIONS.longFlags ?? []), 'checkpoint'],
};

function readTar(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(unbundleTar(args), TAR_CODE_OPTIONS);
  const inners = TAR_COMMANDS.flatMap((key) => (parsed.valueFields.get(key) ?? []).map((field) => code(`${name} ${key.length === 1 ? '-' : '--'}${key}`, field)));
  for (const action of parsed.valueFields.get('checkpoint-action') ?? []) {
    if (action.text.startsWith('exec=')) inners.push(code(`${name} --checkpoint-action=exec`, fieldFrom(action, 5)));
  }
  return { inners, uncertain: false };
}

/** split --filter=COMMAND runs COMMAND in a shell, sort --compress-program=PROGRAM runs PROGRAM. */
function optionCode(spec: OptionSpec, option: string): CodeReader {
  return (name, args) => {
    const inners = (parseArgs(args, spec).valueFields.get(option) ?? []).map((field) => code(`${name} --${option}`, field));
    return { inners, uncertain: false };
  };
}

function readKubectl(name: string, args: readonly Field[]): Unwrapped {
  const dashes = args.findIndex((f) => f.text === '--');
  if (args[0]?.text !== 'exec' || dashes < 0 || dashes + 1 >= args.length) return none();
  return { inners: [argv(`${name} exec`, dashes + 1, args.length)], uncertain: false };
}

function readContainerExec(name: string, args: readonly Field[]): Unwrapped {
  if (args[0]?.text !== 'exec') return none();
  const parsed = parseArgs(args.slice(1), {
    flags: 'dit',
    values: 'euw',
    longFlags: ['detach', 'interactive', 'tty', 'privileged'],
    longValues: ['env', 'env-file', 'user', 'workdir', 'detach-keys'],
    stopAtOperand: true,
  });
  const container = parsed.operands[0];
  if (container === undefined || container + 2 > args.length - 1) return none(parsed.unknown.length > 0);
  return { inners: [argv(`${name} exec`, container + 2, args.length)], uncertain: parsed.unknown.length > 0 };
}

export const CODE_WRAPPERS: Record<string, CodeReader> = {
  eval: readEval,
  source: readSource,
  '.': readSource,
  ssh: readSsh,
  scp: readCopy,
  sftp: readCopy,
  rsync: readRsync,
  su: readSu,
  runuser: readSu,
  watch: readWatch,
  flock: readFlock,
  parallel: readParallel,
  trap: readTrap,
  alias: readAlias,
  mapfile: readMapfile,
  readarray: readMapfile,
  script: readScript,
  at: readAt,
  batch: readAt,
  tar: readTar,
  split: optionCode(SPLIT_OPTIONS, 'filter'),
  sort: optionCode(SORT_OPTIONS, 'compress-program'),
  kubectl: readKubectl,
  docker: readContainerExec,
  podman: readContainerExec,
  ...Object.fromEntries([...SHELLS].map((shell) => [shell, readShell])),
};
