// Builtins that point a command name at another program for the rest of the shell's life:
// `hash -p PATH NAME` runs PATH whenever NAME is called (hash -p /bin/rm ls; ls -rf / is rm -rf /),
// and `enable -f FILE NAME` loads NAME as a builtin from a shared object (code no one can read).
// Loops and functions make "the rest of the line" hard to place, so every command of that name
// anywhere in the line, before or after, also counts as what it may run.
import type { Field } from './fields.ts';
import { parseArgs } from './options.ts';

export interface Rebinding {
  /** The names pointed elsewhere; null when the line fixes them only at run time. */
  names: string[] | null;
  /** What they run now; null for code known only at run time (a loaded builtin, a path not fixed by the line). */
  program: Field | null;
}

export function rebindingOf(name: string, args: readonly Field[]): Rebinding | undefined {
  if (name !== 'hash' && name !== 'enable') return undefined;
  const parsed = parseArgs(args, name === 'hash' ? { flags: 'lrdt', values: 'p' } : { flags: 'adnps', values: 'f' });
  const given = name === 'hash' ? parsed.valueFields.get('p') : parsed.valueFields.get('f');
  const from = given?.[given.length - 1];
  if (from === undefined) return undefined;
  const operands = parsed.operands.map((i) => args[i] as Field);
  const names = operands.some((f) => f.dynamic || f.glob) ? null : operands.map((f) => f.text);
  const program = name === 'hash' && !from.dynamic && !from.glob ? from : null;
  return { names, program };
}
