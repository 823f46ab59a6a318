// Variables a command sets that bash's grammar does not show as assignments: the operands of
// export, declare, typeset, local and readonly however they are quoted, brace-expanded or built at
// run time (`export "PATH=/tmp"`, `export {PATH,x}=1`, `export $V=1`), the names unset removes
// (with PATH unset, bash looks for programs in the working directory), printf -v, wait -p,
// compgen -V, read, mapfile and getopts, each with its options read as the builtin reads them
// (`read -aHISTFILE`).
// A name reference (declare -n r=NAME) lets a later plain `r=value` set NAME, so it counts as
// setting NAME to a value the line does not show; one without a plain name (declare -n r,
// declare -n r=$V, r='a[i]', whose index is arithmetic) as setting one named at run time.
import { staticText, type Field } from './fields.ts';
import type { Assignment, Found } from './model.ts';
import { operandFields, parseArgs } from './options.ts';
import type { Word } from './word.ts';

export const DECLARATIONS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
/** The name of an assignment whose variable is known only at run time: it may be any variable. */
export const RUN_TIME_NAME = 'a variable named at run time';
const PLAIN_NAME = /^[A-Za-z_]\w*$/;

/**
 * NAME=value in one field, split at the first `=` outside a subscript (`a[i=1]=2` sets a); null when
 * it sets nothing. A run-time part in the name makes it any name; in a subscript, only the index.
 */
export function assignmentIn(field: Field): Assignment | null {
  let name = '';
  let depth = 0;
  for (const [i, part] of field.parts.entries()) {
    if (part.kind === 'dyn') {
      if (depth === 0) return { name: RUN_TIME_NAME, value: null };
      name += part.source;
      continue;
    }
    for (let at = 0; at < part.text.length; at++) {
      const ch = part.text[at];
      if (ch === '[') depth++;
      else if (ch === ']') depth = Math.max(0, depth - 1);
      else if (ch === '=' && depth === 0) {
        name += part.text.slice(0, at);
        const value: Word = { source: field.text, parts: [{ ...part, text: part.text.slice(at + 1) }, ...field.parts.slice(i + 1)] };
        // NAME+=value appends, NAME[i]=value sets an element: either way NAME is what changes.
        return { ...element(name.replace(/\+$/, '')), value };
      }
    }
    name += part.text;
  }
  return null;
}

/** The variable an operand of unset, printf -v, read or mapfile names, to a value the line does not show. */
function nameIn(field: Field): Assignment {
  return field.dynamic ? { name: RUN_TIME_NAME, value: null } : { ...element(field.text), value: null };
}

/** NAME or NAME[index]: the variable, and the subscript bash evaluates to find the element. */
export function element(written: string): { name: string; index?: string } {
  const open = written.indexOf('[');
  if (open < 0 || !written.endsWith(']')) return { name: written };
  return { name: written.slice(0, open), index: written.slice(open + 1, -1) };
}

/** The variable a name reference `r=NAME` makes `r` stand for; run time when NAME is not plain. */
function referenced(field: Field): Assignment {
  const target = assignmentIn(field)?.value;
  const text = target ? staticText(target) : null;
  return { name: text !== null && PLAIN_NAME.test(text) ? text : RUN_TIME_NAME, value: null };
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
  // -f and -F name functions, not variables; declare -p only prints, but export -p and readonly -p
  // still set what they are given (`export -p "PATH=/tmp"`)
  if (/[fF]/.test(letters) || (letters.includes('p') && f.name !== 'export' && f.name !== 'readonly')) return out;
  const nameReference = letters.includes('n') && f.name !== 'export' && f.name !== 'unset';
  for (const field of f.args.slice(i)) {
    const assignment = f.name === 'unset' ? nameIn(field) : nameReference ? referenced(field) : assignmentIn(field);
    if (assignment) out.push(assignment);
  }
  return out;
}

/** The names read, mapfile and getopts store into: operands, and read's -a ARRAY. */
function stored(f: Found): Field[] {
  if (f.name === 'getopts') return f.args.slice(1, 2);
  if (f.name === 'read') {
    const parsed = parseArgs(f.args, { values: 'adinNptu', flags: 'ers', stopAtOperand: true });
    return [...(parsed.valueFields.get('a') ?? []), ...operandFields(f.args, parsed)];
  }
  const parsed = parseArgs(f.args, { values: 'dnOsuCc', flags: 't', stopAtOperand: true });
  return operandFields(f.args, parsed).slice(0, 1);
}

/**
 * A command named at run time may be export or read (`$c HISTSIZE=0`): each operand written
 * NAME=value or as a plain name counts as what it would set. Operands whose name is itself known
 * only at run time are left to the review the unknown command gets.
 */
function setByUnknown(f: Found): Assignment[] {
  return f.args.flatMap((a) => {
    if (PLAIN_NAME.test(a.text)) return [nameIn(a)];
    const assignment = assignmentIn(a);
    return assignment && assignment.name !== RUN_TIME_NAME ? [assignment] : [];
  });
}

function setBy(f: Found): Assignment[] {
  if (f.fact.dynamic) return setByUnknown(f);
  if (DECLARATIONS.has(f.name) || f.name === 'unset') return declared(f);
  if (f.name === 'printf') return (parseArgs(f.args, { values: 'v', stopAtOperand: true }).valueFields.get('v') ?? []).map(nameIn);
  // wait -p NAME stores the id of the job that ended (bash 5.1), compgen -V NAME the words (bash 5.3)
  if (f.name === 'wait') return (parseArgs(f.args, { values: 'p', flags: 'fn', stopAtOperand: true }).valueFields.get('p') ?? []).map(nameIn);
  if (f.name === 'compgen') return (parseArgs(f.args, { values: 'AGWFCXPSoV', stopAtOperand: true }).valueFields.get('V') ?? []).map(nameIn);
  if (f.name === 'read' || f.name === 'mapfile' || f.name === 'readarray' || f.name === 'getopts') return stored(f).map(nameIn);
  return [];
}

/** Every variable the commands found set without assignment syntax. */
export function impliedAssignments(found: readonly Found[]): Assignment[] {
  const aliases = aliasNames(found);
  const mayBeAlias = (f: Found): boolean => f.role !== 'marker' && (aliases.has(f.name) || aliases.has(RUN_TIME_NAME));
  return found.flatMap((f) => [...setBy(f), ...(mayBeAlias(f) ? setByUnknown(f) : [])]).filter((a) => a.name !== '');
}

/** Names the line defines as aliases (`alias p='printf -v'` makes `p HISTSIZE 0` set HISTSIZE); RUN_TIME_NAME when one is named at run time. */
function aliasNames(found: readonly Found[]): Set<string> {
  const operands = found.filter((f) => f.name === 'alias').flatMap((f) => f.args.filter((a) => a.text.includes('=')));
  return new Set(operands.map((a) => assignmentIn(a)?.name ?? RUN_TIME_NAME));
}
