// What a wrapper runs: the shapes every wrapper reader returns (see wrappers.ts).
import type { Field } from './fields.ts';
import type { Assignment } from './model.ts';

export type Inner =
  /** args[start..end) form a command (sudo rm -rf /). */
  | {
      kind: 'argv';
      label: string;
      start: number;
      end: number;
      /** The command also gets operands the line does not show (xargs input). */
      unknownOperands?: boolean;
      /** Command to run when no operand names one (xargs runs echo). */
      defaultName?: string;
      assignments?: Assignment[];
      /** Argument fields to use instead of args[start..end) (find -exec with {} filled in). */
      fields?: Field[];
      /** The command runs in this directory (env -C, sudo -D); null when it is only known at run time. */
      cwd?: string | null;
    }
  /**
   * A string parsed again as shell code (bash -c, eval, ssh host CMD); null when only known at run
   * time. `rest`: the code is args[rest..] joined (ssh host CMD ARGS, eval ARGS), so those words are
   * the inner command's, not the wrapper's. Without it the code is one word (an option's value,
   * bash -c CODE) and every word of the line stays the wrapper's: the operands after it (the files
   * rsync copies, the user su runs as, the arguments bash -c gives its code) are its own.
   */
  | { kind: 'code'; label: string; text: string | null; rest?: number }
  /** A shell reading its commands from stdin (bash with no -c, su, sudo -s, at). */
  | { kind: 'stdin'; label: string }
  /** Runs commands the line does not show (parallel reading commands from stdin). */
  | { kind: 'unknown'; label: string };

export interface Unwrapped {
  inners: Inner[];
  /** An option the reader does not know: which word is the command is uncertain. */
  uncertain: boolean;
}

/** Joins fields into one code string; null when any is only known at run time. */
export function joinCode(fields: readonly Field[]): string | null {
  if (fields.some((f) => f.dynamic || f.glob)) return null;
  return fields.map((f) => f.text).join(' ');
}

export function argv(label: string, start: number, end: number, extra: Partial<Extract<Inner, { kind: 'argv' }>> = {}): Inner {
  return { kind: 'argv', label, start, end, ...extra };
}

/** Code that is one word of the line (see Inner). */
export function code(label: string, field: Field | undefined): Inner {
  const text = field && !field.dynamic && !field.glob ? field.text : null;
  return { kind: 'code', label, text };
}

/** The directory an option like env -C or sudo -D names: undefined when not given, null when unknown. */
export function chdirValue(values: readonly string[], args: readonly Field[]): string | null | undefined {
  const dir = values[values.length - 1];
  if (dir === undefined) return undefined;
  return args.some((f) => f.dynamic || f.glob) ? null : dir;
}
