// Decides whether the whole line only reads, and says why not: every command a known read-only
// diagnostic (wrappers only when they change nothing), no file written (except /dev/null and the
// standard streams), no variable set but those that only change how output looks, no run-time
// names, nothing secret read.
import { pastBraceCap, staticText } from './fields.ts';
import { MAX_BRACE_FIELDS } from './brace.ts';
import type { Assignment, Found } from './model.ts';
import { isReader } from './readers.ts';
import type { Read } from './reads.ts';
import { ignoresItsArguments, readOnlyCommandBlocker, TRANSPARENT_WRAPPERS } from './readonly-commands.ts';
import type { Touched } from './targets.ts';
import { own } from './own.ts';
import { normalizePath } from './paths.ts';

/**
 * Variables a read-only line may set: they change how output looks, never which program runs, what
 * it loads or reads, or how the shell evaluates (an allowlist: PATH, LD_PRELOAD, LESSOPEN,
 * GIT_SSH_COMMAND, TAR_OPTIONS, WGETRC, CURL_HOME and the like are not on it). Lowercase names are
 * the shell's own variables; the environment that programs read is written in capitals.
 */
const HARMLESS_VARIABLE = /^(LANG|LANGUAGE|LC_[A-Z]+|TZ|TERM|COLUMNS|LINES|NO_COLOR|CLICOLOR|CLICOLOR_FORCE|COLORTERM|TIME_STYLE|QUOTING_STYLE|BLOCK_SIZE|DF_BLOCK_SIZE|DU_BLOCK_SIZE|LS_BLOCK_SIZE|GREP_COLOR|GREP_COLORS|SYSTEMD_COLORS|[a-z_][a-z0-9_]*)$/;
/** A pager turned off (SYSTEMD_PAGER= or PAGER=cat) runs nothing new. */
const PAGER_VARIABLE = /^(PAGER|MANPAGER|GIT_PAGER|SYSTEMD_PAGER|PSQL_PAGER)$/;
/** Shell variables that change how the shell itself reads the rest of the line, whatever their case. */
const SHELL_SPECIAL = /^(ifs|path|home|cdpath)$/i;

function harmlessAssignment(a: Assignment): boolean {
  if (SHELL_SPECIAL.test(a.name)) return false;
  if (HARMLESS_VARIABLE.test(a.name)) return true;
  const value = a.value === null ? '' : staticText(a.value);
  return PAGER_VARIABLE.test(a.name) && (value === '' || value === 'cat');
}

const HARMLESS_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

export interface LineSummary {
  found: readonly Found[];
  assignments: readonly Assignment[];
  writes: readonly Touched[];
  reads: readonly Read[];
  errors: readonly string[];
  danger: readonly string[];
  interpreterCode: boolean;
  downloadPipedToInterpreter: boolean;
}

export function readOnlyBlockers(line: LineSummary): string[] {
  const blockers: string[] = [];
  const add = (reason: string): void => {
    if (!blockers.includes(reason)) blockers.push(reason);
  };
  if (line.errors.length > 0) add('the line did not parse cleanly');
  if (line.danger.length > 0) add(`dangerous: ${line.danger.join(', ')}`);
  if (line.interpreterCode) add('runs interpreter code');
  if (line.downloadPipedToInterpreter) add('runs downloaded code');
  for (const f of line.found) {
    const blocker = commandBlocker(f);
    if (blocker) add(blocker);
    const braces = [f.nameField, ...f.args].find(pastBraceCap);
    if (braces) add(`${braces.text} expands to more than ${MAX_BRACE_FIELDS} words, known only at run time`);
  }
  for (const a of [...line.assignments, ...line.found.flatMap((f) => f.assignments)]) {
    if (!harmlessAssignment(a)) add(`sets ${a.name}, which may change what runs or what is read`);
  }
  for (const w of line.writes) {
    if (w.path === null || !HARMLESS_TARGETS.has(w.path)) add(`writes ${w.text}`);
  }
  for (const r of line.reads) {
    if (r.sensitive) add(`reads ${r.shown}, which may hold secrets`);
    else if (r.path === null) add(`reads ${r.field.text} in a directory the line leaves unknown`);
    else if (r.field.dynamic && r.field.text !== '{}') add(`reads ${r.field.text}, known only at run time`);
  }
  return blockers;
}

const WRAPPER_REASONS: Record<string, string> = Object.fromEntries([
  ...['sudo', 'doas', 'su', 'runuser', 'pkexec', 'sshpass'].map((n) => [n, `${n} runs a command as another user`]),
  ...['ssh', 'scp', 'sftp', 'rsync', 'kubectl', 'docker', 'podman'].map((n) => [n, `${n} runs a command on another host or container`]),
  ...['chroot', 'nsenter', 'unshare'].map((n) => [n, `${n} runs a command in another root or namespace`]),
]);

/** Directories only root may write, where the system's own programs live. */
const SYSTEM_PROGRAM_DIRS = new Set(['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']);

/** A program named by a path runs whatever that file holds, whatever its name says. */
function programOutsideSystem(f: Found): string | null {
  const written = f.nameField.text;
  if (!written.includes('/')) return null;
  const path = normalizePath(written);
  return SYSTEM_PROGRAM_DIRS.has(path.slice(0, path.lastIndexOf('/'))) ? null : `runs ${written}, a program outside the system's directories`;
}

function commandBlocker(f: Found): string | null {
  switch (f.role) {
    case 'marker':
      return `runs code known only at run time (${f.fact.via.join(' > ') || 'unknown'})`;
    case 'function':
      return null; // its body was classified where it is defined
    case 'wrapper':
      if (TRANSPARENT_WRAPPERS.has(f.name)) return programOutsideSystem(f);
      return programOutsideSystem(f) ?? own(WRAPPER_REASONS, f.name) ?? readOnlyCommandBlocker(f) ?? `${f.name} runs another command`;
    case 'command':
      if (f.fact.dynamic) return `command name ${f.nameField.text} is only known at run time`;
      if (f.unknownOperands && isReader(f.name)) return programOutsideSystem(f) ?? `${f.name} reads files named at run time`;
      if (f.unknownOperands && !ignoresItsArguments(f.name)) return programOutsideSystem(f) ?? `${f.name} gets arguments known only at run time`;
      return programOutsideSystem(f) ?? readOnlyCommandBlocker(f);
  }
}
