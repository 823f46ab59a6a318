// Editors: the files a line opens for editing, the files its options load (scripts, settings,
// lists of errors, a file inserted into the buffer) and the files its options write (a log of
// keystrokes, a startup log). Each editor's options are parsed as the editor does, so a value
// never hides the file after it and a loaded secret is a secret read.
import type { Field } from './fields.ts';
import { EDITOR_OPTIONS } from './option-specs.ts';
import { operandFields, parseArgs } from './options.ts';
import { own } from './own.ts';

export const EDITORS = Object.keys(EDITOR_OPTIONS);

/** Options whose value is a file the editor opens as if named as an operand (emacs --visit). */
const OPENS = ['file', 'find-file', 'visit'];
/** Options whose value is a file the editor loads: code, settings, an error list, a viminfo, inserted text. */
const LOADS = ['S', 'u', 'U', 's', 'q', 'i', 'f', 'rcfile', 'l', 'load', 'script', 'insert'];
/** Options whose value is a file the editor writes. */
const WRITES = ['w', 'W', 'startuptime', 'log'];

function valuesOf(args: readonly Field[], name: string, options: readonly string[]): Field[] {
  const spec = own(EDITOR_OPTIONS, name);
  if (!spec) return [];
  const parsed = parseArgs(args, spec);
  return options.flatMap((o) => parsed.valueFields.get(o) ?? []);
}

/** The files `found` opens for editing: its operands (less +commands) and what its options open. */
export function editedFiles(args: readonly Field[], name: string): Field[] {
  const spec = own(EDITOR_OPTIONS, name);
  if (!spec) return [];
  const operands = operandFields(args, parseArgs(args, spec)).filter((f) => !f.text.startsWith('+') && f.text !== '-');
  return [...operands, ...valuesOf(args, name, OPENS)];
}

/** The files an editor's options load. */
export const editorLoads = (args: readonly Field[], name: string): Field[] => valuesOf(args, name, LOADS);

/** The files an editor's options write, besides the files it edits. */
export const editorWrites = (args: readonly Field[], name: string): Field[] => valuesOf(args, name, WRITES);
