// The internal record of a scanned line: every command found with where it sits, every
// redirection, and what stdin carries. The analyses read this; the public facts come from it.
import type { Field } from './fields.ts';
import type { ShellCommand } from './schema.ts';
import type { Word } from './word.ts';

/** What a command reads on stdin, when the line says. */
export type Stdin =
  | { kind: 'text'; text: string } // a static heredoc, here-string or piped static output
  | { kind: 'runtime' } // known only at run time: a pipe from another command, an expanded heredoc
  | { kind: 'file'; path: Field };

export interface PipeRef {
  id: number;
  stage: number;
}

export interface RedirectUse {
  op: string;
  target: Field | null;
  /** Target as shown in facts: unquoted, or the descriptor for duplications. */
  text: string;
  /** Duplicates or closes a descriptor (2>&1, <&3, >&-) instead of opening a file. */
  descriptor: boolean;
  write: boolean;
  read: boolean;
  /** The descriptor written before the operator (0<, 2>); null when the operator's default applies. */
  fd: number | null;
  /** What it feeds to stdin, when it redirects descriptor 0 (heredocs, here-strings, < file, <&3). */
  stdin?: Stdin;
  /** Id of the statement or command the redirection applies to (see Context.owners). */
  owner: number;
  /** Working directory when the redirection is set up; null when unknown. */
  cwd: string | null;
}

export interface Assignment {
  name: string;
  value: Word | null;
  /** The subscript as written when an array element is set through a builtin (`printf -v 'a[i]'`): arithmetic for an indexed array. */
  index?: string;
}

/** Where a command sits in the line. Contexts are copied, never mutated, when descending. */
export interface Context {
  /** Re-parse depth: 0 for the line itself. */
  depth: number;
  via: string[];
  /** Enclosing pipeline stages, outermost first. */
  pipes: PipeRef[];
  /** Ids of commands or statements whose words or redirections hold this command ($(...), <(...)). */
  hosts: number[];
  /** Ids of the enclosing redirected statements: their redirections apply here too. */
  owners: number[];
  redirects: RedirectUse[];
  stdin: Stdin | undefined;
  background: boolean;
  /** The function whose body holds this command. */
  functionName: string | null;
}

export type Role = 'command' | 'wrapper' | 'function' | 'marker';

/** One command the line would run. */
export interface Found {
  fact: ShellCommand;
  name: string;
  nameField: Field;
  args: Field[];
  assignments: Assignment[];
  ctx: Context;
  /** Syntax node id; wrappers share it with the commands they run. */
  nodeId: number;
  role: Role;
  /** The command also gets operands the line does not show (xargs, find -exec {}). */
  unknownOperands: boolean;
  /** Working directory when it runs; null when a cd went somewhere unknown. */
  cwd: string | null;
  /** Redirections on the command node itself. */
  ownRedirects: RedirectUse[];
  /** For a wrapper: where its own options end and the command or code it runs begins. */
  optionsEnd?: number;
}

export function rootContext(): Context {
  return {
    depth: 0,
    via: [],
    pipes: [],
    hosts: [],
    owners: [],
    redirects: [],
    stdin: undefined,
    background: false,
    functionName: null,
  };
}
