// A program the classifier does not know may write any file it names, in any argument and any
// spelling: an option's value as the next word or attached (-o F, -oF, -qoF, --out=F), an operand,
// a key's value (of=F), a list (-Wl,-o,F) or a word of code it runs (psql -c '\o F', sqlite3 '.output
// F'). Where such a name is a file whose write is a danger (danger-files.ts), the program is taken to
// write it: `psql -o /etc/passwd` is denied as `> /etc/passwd` is, and an unknown program naming
// /tmp/out writes nothing the line reports. A program the classifier knows (a writer's table, a
// reader, a read-only diagnostic, a name-only use) writes only what its table says.
import { type Field } from './fields.ts';
import type { Found } from './model.ts';
import { isGuardedWrite } from './danger-files.ts';
import { usesOnlyNames } from './name-only.ts';
import { isReader } from './readers.ts';
import { isReadOnlyCommand } from './readonly-commands.ts';
import { resolveField, type Touched } from './targets.ts';
import { knowsWrites } from './writers.ts';

/** Characters that end a file's name inside an argument: spaces and quotes of code, =, lists. */
const BETWEEN_NAMES = /[\s'"=,:;()<>|&`]+/;

/** Every name an argument may give a file: its words, and after an option's letters an attached value. */
function namesIn(field: Field): string[] {
  return field.path.split(BETWEEN_NAMES).flatMap((word) => {
    if (!/^-[^-]/.test(word)) return [word];
    const start = word.search(/[/~.]/);
    return [word.slice(2), ...(start > 0 ? [word.slice(start)] : [])];
  });
}

function knowsProgram(name: string): boolean {
  return knowsWrites(name) || isReader(name) || isReadOnlyCommand(name) || usesOnlyNames(name);
}

/** The guarded files unknown programs name, each taken as a write by that program. */
export function namedWrites(found: readonly Found[]): Touched[] {
  return found
    .filter((f) => f.role === 'command' && !knowsProgram(f.name))
    .flatMap((f) =>
      f.args.flatMap(namesIn).flatMap((name) => {
        if (name === '') return [];
        const path = resolveField({ text: name, path: name, parts: [], dynamic: false, glob: false }, f.cwd);
        return isGuardedWrite(path) ? [{ path, text: name, by: f, appends: false }] : [];
      }),
    );
}
