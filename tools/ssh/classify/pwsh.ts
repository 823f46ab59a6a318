// PowerShell's own command line (pwsh, Windows PowerShell's powershell): named parameters in any
// case and any unambiguous abbreviation, not letter clusters, so -ExecutionPolicy is one parameter
// with a value and not a c with code after it. -Command takes the rest of the line as code and
// -File ends the parameters (its script gets the rest).
import { fieldFrom, type Field } from './fields.ts';
import type { InlineCode } from './interpreters.ts';
import { own } from './own.ts';
import { STDIN_FILES } from './wrappers-shell.ts';

/** rest: the code is every word after it; code: the next word is code; value: the next word is some other value. */
type Kind = 'rest' | 'code' | 'value' | 'switch' | 'file';

/**
 * The parameters of pwsh (about_Pwsh) and Windows PowerShell (about_PowerShell_exe), lower case.
 * The documented aliases that are no prefix of their parameter, or a prefix of parameters of other
 * kinds too (-c is also a prefix of -ConfigurationName), are entries of their own.
 */
const PARAMETERS: Readonly<Record<string, Kind>> = {
  command: 'rest',
  commandwithargs: 'rest',
  encodedcommand: 'code',
  file: 'file',
  configurationfile: 'value',
  configurationname: 'value',
  custompipename: 'value',
  executionpolicy: 'value',
  inputformat: 'value',
  outputformat: 'value',
  psconsolefile: 'value',
  settingsfile: 'value',
  // Windows PowerShell runs the version given; pwsh prints its own and runs nothing after it
  version: 'value',
  windowstyle: 'value',
  workingdirectory: 'value',
  help: 'switch',
  interactive: 'switch',
  login: 'switch',
  mta: 'switch',
  noexit: 'switch',
  nologo: 'switch',
  noninteractive: 'switch',
  noprofile: 'switch',
  noprofileloadtime: 'switch',
  sshservermode: 'switch',
  sta: 'switch',
  c: 'rest',
  cwa: 'rest',
  e: 'code',
  ec: 'code',
  ep: 'value',
  if: 'value',
  of: 'value',
  wd: 'value',
  i: 'switch',
  '?': 'switch',
};

/** An exact name, or a prefix of names all of one kind; undefined when unknown or ambiguous. */
function kindOf(name: string): Kind | undefined {
  const exact = own(PARAMETERS, name);
  if (exact || name === '') return exact;
  const kinds = new Set(Object.entries(PARAMETERS).filter(([full]) => full.startsWith(name)).map(([, kind]) => kind));
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

// pwsh trims a word, takes - or / for one dash and drops a second one; its dashes include the typographic ones
const INTRODUCER = /^\s*[-\u2013\u2014\u2015/][-\u2013\u2014\u2015]?/;

interface Parameter {
  name: string;
  /** A value attached with : (-ExecutionPolicy:Bypass) or =; with nothing after it, the value is the next word. */
  value?: Field;
}

function parameter(field: Field): Parameter | null {
  const introducer = INTRODUCER.exec(field.text)?.[0];
  if (introducer === undefined) return null;
  const word = field.text.trimEnd().slice(introducer.length);
  const separator = word.search(/[:=]/);
  if (separator < 0 || separator === word.length - 1) return { name: word.replace(/[:=]$/, '').toLowerCase() };
  return { name: word.slice(0, separator).toLowerCase(), value: fieldFrom(field, introducer.length + separator + 1) };
}

/**
 * What pwsh runs: code given in its words, a script file, or its program from stdin. A first word
 * that is no parameter is the script for pwsh, but the command for Windows PowerShell (`powershell
 * Remove-Item …` runs Remove-Item), whose default parameter is -Command.
 */
export function pwshCode(name: string, args: readonly Field[]): InlineCode {
  const code: string[] = [];
  let uncertain = false;
  for (let i = 0; i < args.length; i++) {
    const field = args[i] as Field;
    const found = field.text.trim() === '-' ? null : parameter(field);
    const kind = found ? kindOf(found.name) : undefined;
    if (!found || !kind) {
      // an unknown -name: fail closed, read on as if it were a switch; anything else is the script
      if (found && !field.text.trimStart().startsWith('/')) {
        uncertain = true;
        continue;
      }
      if (name === 'powershell' && field.text.trim() !== '-') return rest(code, args.slice(i), uncertain);
      return script(code, field, uncertain);
    }
    if (kind === 'switch') continue;
    if (kind === 'rest') return rest(code, [...(found.value ? [found.value] : []), ...args.slice(i + 1)], uncertain);
    const value = found.value ?? args[++i];
    if (kind === 'file') return value ? script(code, value, uncertain) : { code, fromStdin: code.length === 0, uncertain };
    if (kind === 'code') code.push(value?.text ?? '');
  }
  return { code, fromStdin: code.length === 0, uncertain };
}

/** -Command: every word after it is the code; `-` alone reads it from stdin. */
function rest(code: string[], words: readonly Field[], uncertain: boolean): InlineCode {
  if (words.length === 1 && words[0]?.text === '-') return { code, fromStdin: true, uncertain };
  code.push(words.map((w) => w.text).join(' '));
  return { code, fromStdin: false, uncertain };
}

/** The script file ends the parameters: the words after it are its arguments. `-` is stdin. */
function script(code: string[], file: Field, uncertain: boolean): InlineCode {
  if (file.text.trim() === '-') return { code, fromStdin: true, uncertain };
  return { code, fromStdin: STDIN_FILES.has(file.text), script: file, uncertain };
}
