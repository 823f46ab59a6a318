// History tampering: commands that clear or stop the shell's history, and variables set so that it
// keeps nothing. Bash reads HISTSIZE and HISTFILESIZE as a number after skipping blanks and a sign
// (` 0`, `+0` and `-0` are all zero), as arithmetic once they are declared -i (`1-1`, `0x0`), and
// a value the line does not show (`$Z`, `$(...)`, read, printf -v) may be zero or `*`; so only a
// plain number other than zero, or a HISTIGNORE pattern shown whole without glob characters, keeps
// history. HISTCONTROL with ignorespace or ignoreboth keeps no command written after a space. A
// variable named at run time (`export $V=0`) may be any of these, so it counts as all of them.
import { RUN_TIME_NAME } from './declared.ts';
import type { Assignment, Found } from './model.ts';

const PLAIN_NUMBER = /^\s*[+-]?\d+\s*$/;
/** Glob characters, with extglob's `+(...)` and `@(...)`: a pattern with none matches only itself. */
const GLOB = /[*?[\\]|[+@!]\(/;

export function historyTamperCommand(f: Found): boolean {
  const texts = f.args.map((a) => a.text);
  if (f.name === 'history') return texts.some((t) => /^-[a-zA-Z]*[cd]/.test(t));
  if (f.name === 'unset') return texts.some((t) => /^HIST(FILE|SIZE|FILESIZE)$/.test(t));
  if (f.name === 'set') return setTurnsHistoryOff(f);
  if (f.name === 'shopt') return shoptTurnsHistoryOff(f);
  return false;
}

/** set +o history; an option word known only at run time (`set $X`, `set +o $X`) may be it. After `--` come arguments. */
function setTurnsHistoryOff(f: Found): boolean {
  const end = f.args.findIndex((a) => a.text === '--');
  const options = end < 0 ? f.args : f.args.slice(0, end);
  return options.some((a, i) => a.dynamic || (a.text === '+o' && options[i + 1]?.text === 'history'));
}

/** shopt -u -o history, the letters in one cluster or apart (-uo, -ou); any word known only at run time may be one of them. */
function shoptTurnsHistoryOff(f: Found): boolean {
  if (f.args.some((a) => a.dynamic)) return true;
  const letters = f.args.filter((a) => /^-[a-z]+$/.test(a.text)).map((a) => a.text.slice(1)).join('');
  return letters.includes('u') && letters.includes('o') && f.args.some((a) => a.text === 'history');
}

/** The text of a value the line shows whole; null when any part is known only at run time. */
function shownValue(a: Assignment): string | null {
  if (a.value === null) return null;
  let text = '';
  for (const part of a.value.parts) {
    if (part.kind !== 'lit') return null;
    text += part.text;
  }
  return text;
}

/**
 * Arithmetic assigns any variable it names (`let HISTSIZE=0`, `((HISTFILE=1))`), to a number: so
 * naming HISTFILE, HISTSIZE or HISTFILESIZE there may stop the history; HISTIGNORE=number cannot.
 */
export function arithmeticTampersHistory(names: readonly string[]): boolean {
  return names.some((name) => name === 'HISTFILE' || name === 'HISTSIZE' || name === 'HISTFILESIZE');
}

export function tampersHistory(a: Assignment): boolean {
  if (a.name === 'HISTFILE' || a.name === RUN_TIME_NAME) return true;
  const value = shownValue(a);
  if (a.name === 'HISTSIZE' || a.name === 'HISTFILESIZE') return value === null || !PLAIN_NUMBER.test(value) || Number(value) === 0;
  // in any case: declare -l or -u changes the case of what is assigned
  if (a.name === 'HISTCONTROL') return value === null || /ignorespace|ignoreboth/i.test(value);
  return a.name === 'HISTIGNORE' && (value === null || GLOB.test(value));
}
