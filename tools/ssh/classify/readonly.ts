// Decides whether the whole line only reads, and says why not: every command a known read-only
// diagnostic (wrappers only when they change nothing), no file written (except /dev/null and the
// standard streams), no variable that changes what runs, no run-time names, nothing secret read.
import type { Assignment, Found } from './model.ts';
import { isReader } from './readers.ts';
import type { Read } from './reads.ts';
import { readOnlyCommandBlocker, TRANSPARENT_WRAPPERS } from './readonly-commands.ts';
import type { Touched } from './targets.ts';
import { own } from './own.ts';

/** Variables that change which program runs, what it loads, or what the shell evaluates. */
const UNSAFE_VARIABLE = /^(PATH|LD_\w*|DYLD_\w*|BASH_ENV|ENV|BASH_FUNC_\w*|BASHOPTS|SHELLOPTS|IFS|PS[0-4]|PROMPT_COMMAND|GLOBIGNORE|CDPATH|HOME|SHELL|HIST\w*|PAGER|MANPAGER|SYSTEMD_PAGER|LESS\w*|EDITOR|VISUAL|GIT_\w*|PYTHON\w*|PERL\w*|RUBY\w*|NODE_\w*|GCONV_PATH|LOCPATH|NLSPATH|HOSTALIASES|SSH_ASKPASS|SUDO_ASKPASS|TMOUT|TERMINFO\w*|TZDIR|MALLOC_\w*|GLIBC_TUNABLES|OPENSSL_\w*|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|XDG_CONFIG_HOME|ZDOTDIR|SYSTEMD_\w*)$/;
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
  }
  for (const a of [...line.assignments, ...line.found.flatMap((f) => f.assignments)]) {
    if (UNSAFE_VARIABLE.test(a.name)) add(`sets ${a.name}, which changes what runs`);
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

function commandBlocker(f: Found): string | null {
  switch (f.role) {
    case 'marker':
      return `runs code known only at run time (${f.fact.via.join(' > ') || 'unknown'})`;
    case 'function':
      return null; // its body was classified where it is defined
    case 'wrapper':
      if (TRANSPARENT_WRAPPERS.has(f.name)) return null;
      return own(WRAPPER_REASONS, f.name) ?? readOnlyCommandBlocker(f) ?? `${f.name} runs another command`;
    case 'command':
      if (f.fact.dynamic) return `command name ${f.nameField.text} is only known at run time`;
      if (f.unknownOperands && isReader(f.name)) return `${f.name} reads files named at run time`;
      return readOnlyCommandBlocker(f);
  }
}
