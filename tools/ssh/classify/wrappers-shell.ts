// Wrappers that hand a string to a shell: bash/sh -c, eval, ssh host CMD (and -o ProxyCommand),
// scp/sftp -o ProxyCommand, rsync -e, su/runuser -c; and shells reading code from stdin.
import type { Field } from './fields.ts';
import { argv, code, joinCode, type Inner, type Unwrapped } from './inner.ts';
import { SSH_OPTIONS } from './option-specs.ts';
import { parseArgs, resolveLong } from './options.ts';

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'rbash', 'lksh', 'pdksh', 'fish', 'csh', 'tcsh']);

const none = (uncertain = false): Unwrapped => ({ inners: [], uncertain });

/** How a shell is invoked: its option letters, where its options end, and the files it loads first (--rcfile). */
export interface ShellInvocation {
  seen: Set<string>;
  /** Index of the first operand: the -c string or the script. */
  end: number;
  rcFiles: Field[];
  /** An option it does not know. */
  uncertain: boolean;
}

/** bash [options] [-c STRING [NAME [ARGS]] | SCRIPT [ARGS]]; options may start with "+" too. */
export function shellInvocation(args: readonly Field[]): ShellInvocation {
  const result: ShellInvocation = { seen: new Set(), end: args.length, rcFiles: [], uncertain: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]?.text ?? '';
    if (arg === '--' || arg === '-') return { ...result, end: i + 1 };
    if (!/^[-+]./.test(arg)) return { ...result, end: i };
    if (arg.startsWith('--')) {
      const long = resolveLong(arg.slice(2), ['norc', 'noprofile', 'login', 'posix', 'noediting', 'verbose', 'version', 'help', 'debugger', 'dump-strings', 'dump-po-strings', 'restricted', 'rcfile', 'init-file', 'pretty-print']);
      if (long === null) result.uncertain = true;
      if (long === 'rcfile' || long === 'init-file') {
        const file = args[++i];
        if (file) result.rcFiles.push(file);
      }
      continue;
    }
    for (let k = 1; k < arg.length; k++) {
      const letter = arg[k] ?? '';
      if (letter === 'o' || letter === 'O') {
        if (k === arg.length - 1) i++; // the option name is the next word
        break;
      }
      if (!/[a-zA-Z]/.test(letter)) result.uncertain = true;
      result.seen.add(letter);
    }
  }
  return result;
}

/** The files a shell loads as code: its --rcfile and its script, unless -c or -s gives the code. */
export function shellFiles(args: readonly Field[]): Field[] {
  const { seen, end, rcFiles } = shellInvocation(args);
  const script = seen.has('c') || seen.has('s') ? undefined : args[end];
  return script ? [...rcFiles, script] : rcFiles;
}

/** Script operands that name the process's own stdin. */
export const STDIN_FILES = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);
/** Another open descriptor, of this process or any: what it holds is known only at run time. */
const DESCRIPTOR = /^\/(dev\/fd|proc\/[^/]+\/fd)\/\d+$/;

export function readShell(name: string, args: readonly Field[]): Unwrapped {
  const { seen, end, uncertain } = shellInvocation(args);
  if (seen.has('c')) return { inners: [code(`${name} -c`, args[end])], uncertain };
  if (seen.has('s') || end >= args.length) return { inners: [{ kind: 'stdin', label: `${name} stdin` }], uncertain };
  return { inners: programFile(name, args, end), uncertain };
}

/** source FILE and . FILE: the file's text runs in this very shell. */
export function readSource(name: string, args: readonly Field[]): Unwrapped {
  const at = sourcedAt(args);
  return args[at] === undefined ? none() : { inners: programFile(name, args, at), uncertain: false };
}

/** Where source's file operand stands. */
export const sourcedAt = (args: readonly Field[]): number => (args[0]?.text === '--' ? 1 : 0);

/**
 * The program a shell runs from the file operand args[at]: what its stdin holds (/dev/stdin), code
 * known only at run time (another descriptor, a process substitution, a name the line does not
 * fix), or nothing more for a script file: opaque, but not hidden (its file is a read).
 */
function programFile(name: string, args: readonly Field[], at: number): Inner[] {
  const file = args[at] as Field;
  if (STDIN_FILES.has(file.text)) return [{ kind: 'stdin', label: `${name} stdin` }];
  if (file.dynamic || file.glob || DESCRIPTOR.test(file.text)) return [{ kind: 'code', label: `${name} program`, text: null }];
  return [];
}

export function readEval(_name: string, args: readonly Field[]): Unwrapped {
  if (args.length === 0) return none();
  return { inners: [{ kind: 'code', label: 'eval', text: joinCode(args), rest: 0 }], uncertain: false };
}

/** ssh -o ProxyCommand=... and LocalCommand=... run locally. */
function proxyCommands(label: string, values: readonly string[] | undefined): Inner[] {
  const inners: Inner[] = [];
  for (const option of values ?? []) {
    const m = /^\s*(ProxyCommand|LocalCommand|KnownHostsCommand)\s*[=\s]\s*(.*)$/is.exec(option);
    if (m) inners.push({ kind: 'code', label: `${label} -o ${m[1] ?? ''}`, text: m[2] ?? '' });
  }
  return inners;
}

export function readSsh(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, SSH_OPTIONS);
  const inners = proxyCommands(name, parsed.values.get('o'));
  const uncertain = parsed.unknown.length > 0;
  const [host, ...rest] = parsed.operands;
  if (host === undefined || parsed.seen.has('N') || parsed.seen.has('W')) return { inners, uncertain };
  if (rest.length === 0) inners.push({ kind: 'stdin', label: `${name} stdin` });
  else inners.push({ kind: 'code', label: name, text: joinCode(args.slice(rest[0])), rest: rest[0] ?? 0 });
  return { inners, uncertain };
}

export function readCopy(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, { flags: '346ABCpqrRTv', values: 'cFiJlOoPSDX' });
  return { inners: proxyCommands(name, parsed.values.get('o')), uncertain: false };
}

export function readRsync(name: string, args: readonly Field[]): Unwrapped {
  const inners: Inner[] = [];
  args.forEach((field, i) => {
    const arg = field.text;
    if (arg === '-e' || arg === '--rsh') inners.push(code(`${name} -e`, args[i + 1]));
    else if (/^-e./.test(arg) && !arg.startsWith('--')) inners.push({ kind: 'code', label: `${name} -e`, text: field.dynamic ? null : arg.slice(2) });
    else if (arg.startsWith('--rsh=')) inners.push({ kind: 'code', label: `${name} -e`, text: field.dynamic ? null : arg.slice(6) });
  });
  return { inners, uncertain: false };
}

/** su [options] [-] [user [args]] with -c CMD; runuser also takes -u USER -- CMD ARGS. */
export function readSu(name: string, args: readonly Field[]): Unwrapped {
  const parsed = parseArgs(args, {
    flags: 'flmpP',
    values: name === 'runuser' ? 'cgGswu' : 'cgGsw',
    longFlags: ['fast', 'login', 'preserve-environment', 'pty', 'help', 'version'],
    longValues: ['command', 'session-command', 'group', 'supp-group', 'shell', 'whitelist-environment', 'user'],
  });
  const commands = [...(parsed.values.get('c') ?? []), ...(parsed.values.get('command') ?? []), ...(parsed.values.get('session-command') ?? [])];
  const uncertain = parsed.unknown.length > 0;
  if (commands.length > 0) {
    const anyDynamic = args.some((f) => f.dynamic || f.glob);
    return { inners: commands.map((text) => ({ kind: 'code', label: `${name} -c`, text: anyDynamic ? null : text })), uncertain };
  }
  const first = parsed.operands[0];
  if ((parsed.seen.has('u') || parsed.seen.has('user')) && first !== undefined) {
    return { inners: [argv(name, first, args.length)], uncertain };
  }
  return { inners: [{ kind: 'stdin', label: `${name} stdin` }], uncertain };
}
