// parted runs the commands its words after the device give, each named in full or by any prefix
// that names one command alone (`p` prints, `mkl gpt` writes a new label, `u s p` prints in
// sectors). Only the printing commands are read with their arguments; any other word (a writing
// command, one parted cannot tell apart, one known only at run time) counts as a write. With no
// command words parted runs the commands on its stdin.
import type { Found } from './model.ts';
import { operandFields, parseArgs, resolveLong, type OptionSpec } from './options.ts';

/** Only the options that print and exit, and the one with a value, change what parted does. */
const PARTED_OPTIONS: OptionSpec = { values: 'a', longFlags: ['help', 'list', 'version'], longValues: ['align'] };
/** Each printing command and how many words after it are its arguments. */
const PRINTING: Record<string, number> = { print: 0, unit: 1, help: 1, select: 1, 'align-check': 2, version: 0, quit: 0 };
/** What print may be told to print, its one optional argument. */
const PRINT_WHAT = new Set(['free', 'all', 'devices', 'list']);
/**
 * The names a word is resolved among: the printing commands, and set, the one writing command of
 * parted 1.8 to 3.6 that shares a prefix with one of them (`se` is select or set, which parted
 * refuses). A word that resolves to none names a writing command, an ambiguous one or none.
 */
const COMMANDS = [...Object.keys(PRINTING), 'set'];

export function partedWrites(f: Found): boolean {
  const parsed = parseArgs(f.args, PARTED_OPTIONS);
  const words = operandFields(f.args, parsed).slice(1);
  if (words.length === 0) return f.ctx.stdin !== undefined && !['l', 'list', 'h', 'help', 'v', 'version'].some((o) => parsed.seen.has(o));
  for (let i = 0; i < words.length; i++) {
    // a word the line does not show whole keeps its `$` or glob character, and names no command
    const command = resolveLong(words[i]?.text ?? '', COMMANDS);
    const takes = command === null ? undefined : PRINTING[command];
    if (takes === undefined) return true;
    if (command === 'print' && PRINT_WHAT.has(words[i + 1]?.text ?? '')) i++;
    i += takes;
  }
  return false;
}
