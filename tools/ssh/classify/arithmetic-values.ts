// Text bash evaluates as arithmetic outside (( )): every value given to a variable declared -i
// (`declare -i x; x=HISTSIZE=0` assigns HISTSIZE), the value of a variable that arithmetic reads
// (`x=HISTSIZE=0; ((x))`), in turn for the variables that value names, and the subscript of an
// indexed array's element named to a builtin (`printf -v 'a[HISTSIZE=0]'`, `unset 'a[i]'`,
// `test -v 'a[i]'`) or by the value of a variable expanded indirectly (`r='a[i]'; echo ${!r}`).
// Each is noted as arithmetic, so the names it assigns reach the same checks as `((NAME=0))`.
import { DECLARATIONS, element } from './declared.ts';
import { toField } from './fields.ts';
import type { Found } from './model.ts';
import type { Word } from './word.ts';
import type { Scan } from './scan.ts';

const NAME_AT_START = /^[A-Za-z_]\w*/;
const NAMES = /(?<![\w#])[A-Za-z_]\w*/g;

/** Names a declaration gives an attribute (-i integer, -A associative). */
function declaredWith(f: Found, letter: string): string[] {
  if (!DECLARATIONS.has(f.name)) return [];
  if (!f.args.some((a) => new RegExp(`^-[a-zA-Z]*${letter}`).test(a.text))) return [];
  return f.args.flatMap((a) => NAME_AT_START.exec(a.text)?.[0] ?? []);
}

/** The elements test -v and [ -v ] name (`test -v 'a[i]'`). */
function testedElements(f: Found): Array<{ name: string; index?: string }> {
  if (f.name !== 'test' && f.name !== '[') return [];
  return f.args.flatMap((a, i) => (f.args[i - 1]?.text === '-v' ? [element(a.text)] : []));
}

export function noteHiddenArithmetic(scan: Scan): void {
  noteSubscripts(scan);
  noteValues(scan);
}

/** The elements named by the values of variables expanded indirectly (`r='a[i]'; echo ${!r}`). */
function indirectElements(scan: Scan): Array<{ name: string; index?: string }> {
  return scan.assignments.flatMap((a) => (a.value && scan.arithmetic.indirect.has(a.name) ? [element(toField(a.value.parts).text)] : []));
}

/** An indexed array's subscript named to a builtin is arithmetic; an associative array's (declare -A) a string. */
function noteSubscripts(scan: Scan): void {
  const associative = new Set(scan.found.flatMap((f) => declaredWith(f, 'A')));
  for (const { name, index } of [...scan.assignments, ...scan.found.flatMap(testedElements), ...indirectElements(scan)]) {
    if (index !== undefined && !associative.has(name)) scan.arithmetic.noteWords([index], false);
  }
}

/** Values of integer variables and of variables arithmetic reads, in turn for the names each value holds. */
function noteValues(scan: Scan): void {
  const byName = new Map<string, Word[]>();
  for (const a of scan.assignments) {
    if (!a.value) continue;
    const values = byName.get(a.name);
    if (values) values.push(a.value);
    else byName.set(a.name, [a.value]);
  }
  const pending = [...scan.found.flatMap((f) => declaredWith(f, 'i')), ...scan.arithmetic.names()];
  const evaluated = new Set<string>();
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (evaluated.has(name)) continue;
    evaluated.add(name);
    for (const value of byName.get(name) ?? []) {
      const text = value.parts.map((p) => (p.kind === 'lit' ? p.text : '')).join('');
      scan.arithmetic.noteWords([text], value.parts.some((p) => p.kind === 'dyn'));
      pending.push(...(text.match(NAMES) ?? []));
    }
  }
}
