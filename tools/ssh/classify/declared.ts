// Variables a command sets that bash's grammar does not show as assignments: the operands of
// export, declare, typeset, local and readonly however they are quoted, brace-expanded or built at
// run time (`export "PATH=/tmp"`, `export {PATH,x}=1`, `export $V=1`), the names unset removes
// (with PATH unset, bash looks for programs in the working directory), printf -v, read and mapfile.
// A name reference (declare -n) lets a later plain assignment set any variable, so it counts as
// setting one named at run time.
import type { Field } from './fields.ts';
import type { Assignment, Found } from './model.ts';
import { parseArgs } from './options.ts';
import type { Word } from './word.ts';

const DECLARATIONS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
const RUN_TIME_NAME = 'a variable named at run time';
const NAME_REFERENCE = 'a name reference (declare -n)';

/** NAME=value in one field, split at the first `=` of its literal text; null when it sets nothing. */
function assignmentIn(field: Field): Assignment | null {
  let name = '';
  for (const [i, part] of field.parts.entries()) {
    if (part.kind === 'dyn') return { name: RUN_TIME_NAME, value: null };
    const at = part.text.indexOf('=');
    if (at < 0) {
      name += part.text;
      continue;
    }
    name += part.text.slice(0, at);
    const value: Word = { source: field.text, parts: [{ ...part, text: part.text.slice(at + 1) }, ...field.parts.slice(i + 1)] };
    // NAME+=value appends, NAME[i]=value sets an element: either way NAME is what changes.
    return { name: name.replace(/\+$/, '').replace(/\[.*$/, ''), value };
  }
  return null;
}

/** The name an operand of unset or printf -v names. */
function nameIn(field: Field): Assignment {
  return { name: field.dynamic ? RUN_TIME_NAME : field.text, value: null };
}

function declared(f: Found): Assignment[] {
  const out: Assignment[] = [];
  let letters = '';
  let i = 0;
  for (; i < f.args.length; i++) {
    const text = f.args[i]?.text ?? '';
    if (text === '--') {
      i++;
      break;
    }
    if (!/^[-+]./.test(text) || f.args[i]?.dynamic) break;
    if (text.startsWith('-')) letters += text.slice(1);
  }
  // -f and -F name functions, not variables; -p only prints.
  if (/[fFp]/.test(letters)) return out;
  if (letters.includes('n') && f.name !== 'export') out.push({ name: NAME_REFERENCE, value: null });
  for (const field of f.args.slice(i)) {
    const assignment = f.name === 'unset' ? nameIn(field) : assignmentIn(field);
    if (assignment) out.push(assignment);
  }
  return out;
}

function setBy(f: Found): Assignment[] {
  if (DECLARATIONS.has(f.name) || f.name === 'unset') return declared(f);
  if (f.name === 'printf') return (parseArgs(f.args, { values: 'v', stopAtOperand: true }).valueFields.get('v') ?? []).map(nameIn);
  if (f.name === 'read' || f.name === 'mapfile' || f.name === 'readarray') {
    return f.args.filter((a) => /^[A-Za-z_]\w*$/.test(a.text)).map((a) => ({ name: a.text, value: null }));
  }
  return [];
}

/** Every variable the commands found set without assignment syntax. */
export function impliedAssignments(found: readonly Found[]): Assignment[] {
  return found.flatMap(setBy);
}
