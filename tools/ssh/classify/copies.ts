// A program the line copies, moves or links somewhere and then runs from there runs the program it
// copied: `cp /bin/rm /tmp/x; /tmp/x -rf /` and `ln -s /bin/rm /usr/local/bin/ls; ls -rf /` are
// rm -rf /. Where a copy lands is known only as a path, and a loop may run it before the copy in
// the text, so each command whose program may be loaded from such a path anywhere in the line also
// counts as the original.
import { literalField, type Field } from './fields.ts';
import type { Found } from './model.ts';
import { operandFields, parseArgs, type OptionSpec } from './options.ts';
import { own } from './own.ts';
import { baseName, HOME, resolvePath } from './paths.ts';

const TARGET_DIRECTORY: OptionSpec = { values: 'tS', longValues: ['target-directory', 'suffix'] };
const COPIERS: Record<string, OptionSpec> = {
  cp: TARGET_DIRECTORY,
  mv: TARGET_DIRECTORY,
  ln: TARGET_DIRECTORY,
  install: { values: 'tSmogs', longValues: ['target-directory', 'suffix', 'mode', 'owner', 'group'] },
};

/** Where bash looks a bare command name up: the default PATH, and the bin directories users add. */
const SEARCHED = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin', `${HOME}/bin`, `${HOME}/.local/bin`];

/** A copy's landing path and what was copied there (null: a program known only at run time). */
export type Copies = Map<string, Array<Field | null>>;

/** Landing paths of the line's copies; a landing path known only at run time is `*`, any program. */
export function copiedPrograms(found: readonly Found[]): Copies {
  const copies: Copies = new Map();
  const add = (path: string, program: Field | null) => copies.set(path, [...(copies.get(path) ?? []), program]);
  for (const f of found) {
    const spec = f.role === 'marker' ? undefined : own(COPIERS, f.name);
    if (!spec) continue;
    const parsed = parseArgs(f.args, spec);
    const ops = operandFields(f.args, parsed);
    const directory = (parsed.valueFields.get('t') ?? parsed.valueFields.get('target-directory'))?.at(-1);
    // ln TARGET alone links it into the working directory under its own name
    const lone = f.name === 'ln' && ops.length === 1;
    const sources = directory || lone ? ops : ops.slice(0, -1);
    const dest = directory ?? (lone ? literalField('.') : ops.at(-1));
    if (!dest) continue;
    const landing = dest.dynamic || dest.glob ? null : resolvePath(dest.path, f.cwd, false);
    for (const source of sources) {
      const program = source.dynamic || source.glob ? null : literalField(resolvePath(source.path, f.cwd, false) ?? source.path);
      if (landing === null) add(ANY_PATH, program);
      else {
        // the destination may be a directory the copy goes into under its own name
        add(landing, program);
        add(`${landing}/${baseName(source.text)}`, program);
      }
    }
  }
  // A copy of a copy holds what landed at its source (a few hops; the order in the text does not matter)
  for (let hop = 0; hop < 4; hop++) {
    for (const programs of copies.values()) {
      for (const program of [...programs]) {
        for (const earlier of program ? (copies.get(program.text) ?? []) : []) {
          if (!programs.some((p) => p?.text === earlier?.text)) programs.push(earlier);
        }
      }
    }
  }
  return copies;
}

export const ANY_PATH = '*';

/**
 * The paths a command's program may be loaded from: its path, or where bash looks its bare name up;
 * anywhere once the line sets PATH (PATH=/tmp ls, export PATH=., unset PATH).
 */
export function programPaths(f: Found, pathSet: boolean): string[] {
  const text = f.nameField.text;
  if (!text.includes('/')) return pathSet ? [ANY_PATH] : SEARCHED.map((dir) => `${dir}/${text}`);
  const path = resolvePath(f.nameField.path, f.cwd, false);
  return path === null ? [ANY_PATH] : [path];
}
