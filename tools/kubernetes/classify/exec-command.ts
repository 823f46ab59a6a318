// Turns an exec command, given as a shell line or as an argv list, into what runs and what is
// classified. A line runs as /bin/sh -c LINE (a container has no login shell to hand it to); an
// argv runs as given and is classified as its words quoted for the shell, so the shell
// classifier sees exactly the words that run, no more, no less.
import { classifyShellLine, failedShellFacts, type ShellFacts } from '../../ssh/classify/index.ts';
import type { KubernetesExecFacts } from './facts-schema.ts';

export interface ExecCommand {
  argv: string[];
  line: string;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one argv word for a POSIX shell: bare when it holds no special character. */
export function shellWord(word: string): string {
  return SAFE_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function execCommand(command: string | readonly string[]): ExecCommand {
  if (typeof command === 'string') return { argv: ['/bin/sh', '-c', command], line: command };
  return { argv: [...command], line: command.map(shellWord).join(' ') };
}

/** Facts for exec. A classifier failure is a fact (hasError), never an exception. */
export function execFacts(command: string | readonly string[], container: string): KubernetesExecFacts {
  const { argv, line } = execCommand(command);
  // classifyShellLine never throws: a line it cannot read comes back with hasError set.
  return { container, command: argv, line, shell: classifyShellLine(line) };
}

/** Shell facts of a call that runs no command: nothing found, nothing read-only either. */
export const EMPTY_SHELL_FACTS: ShellFacts = { ...failedShellFacts(''), hasError: false, readOnlyBlockers: [] };

export const NO_EXEC: KubernetesExecFacts = { container: '', command: [], line: '', shell: EMPTY_SHELL_FACTS };
