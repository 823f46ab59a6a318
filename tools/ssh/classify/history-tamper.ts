// History tampering: commands that clear or stop the shell's history, and variables set so that it
// keeps nothing. Bash reads HISTSIZE and HISTFILESIZE as a number after skipping blanks and a sign
// (` 0`, `+0` and `-0` are all zero), as arithmetic once they are declared -i (`1-1`, `0x0`), and
// a value the line does not show (`$Z`, `$(...)`, read, printf -v) may be zero or `*`; so only a
// plain number other than zero, or a HISTIGNORE pattern shown whole without `*`, keeps history.
import type { Assignment, Found } from './model.ts';

const PLAIN_NUMBER = /^\s*[+-]?\d+\s*$/;

export function historyTamperCommand(f: Found): boolean {
  const texts = f.args.map((a) => a.text);
  if (f.name === 'history') return texts.some((t) => /^-[a-zA-Z]*[cd]/.test(t));
  if (f.name === 'unset') return texts.some((t) => /^HIST(FILE|SIZE|FILESIZE)$/.test(t));
  if (f.name === 'set') return texts.some((t, i) => t === '+o' && texts[i + 1] === 'history');
  if (f.name === 'shopt') return texts.includes('-u') && texts.includes('-o') && texts.includes('history');
  return false;
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
  if (a.name === 'HISTFILE') return true;
  const value = shownValue(a);
  if (a.name === 'HISTSIZE' || a.name === 'HISTFILESIZE') return value === null || !PLAIN_NUMBER.test(value) || Number(value) === 0;
  return a.name === 'HISTIGNORE' && (value === null || value.includes('*'));
}
