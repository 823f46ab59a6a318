// The environment as a secret. A process's environment holds what it was started with (tokens,
// database URLs, cloud keys), which is why /proc/PID/environ is a secret file; printing the shell's
// own (env, printenv, export -p, declare -p, set) reads the same secrets, and so does expanding a
// variable named like one ($AWS_SECRET_ACCESS_KEY, ${DB_PASSWORD}) anywhere in the line, printed or
// sent. The line's text is searched, not its commands: an expansion in a heredoc, a string or code
// run by another shell counts too, and a name in single quotes counts with them (fail closed).
import { literalField } from './fields.ts';
import type { Found } from './model.ts';
import { readOf, type Read } from './reads.ts';

/** A variable named for a secret: *_TOKEN, *_SECRET*, *_PASSWORD, *_API_KEY, DATABASE_URL, ... */
const SECRET_NAME = /(^|_)(SECRETS?|TOKENS?|PASSWORD|PASSWD|PASS|APIKEY|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)(_|$)|^DATABASE_URL$|_DSN$/i;
const EXPANSION = /\$\{?[#!]?([A-Za-z_][A-Za-z0-9_]*)/g;
/** Builtins that print every variable when given no name (only options). */
const PRINT_ALL = new Set(['export', 'declare', 'typeset', 'readonly']);
const ENVIRON = '/proc/self/environ';

export function environmentReads(line: string, found: readonly Found[]): Read[] {
  const reads: Read[] = [];
  for (const f of found) {
    if (f.role === 'command' && printsEnvironment(f)) reads.push(readOf(literalField(ENVIRON), null, false, f));
    if (f.name === 'printenv' || PRINT_ALL.has(f.name)) for (const arg of f.args) if (!arg.text.includes('=') && SECRET_NAME.test(arg.text)) reads.push(variableRead(arg.text));
  }
  for (const [, name] of line.matchAll(EXPANSION)) if (name && SECRET_NAME.test(name) && !reads.some((r) => r.shown === `$${name}`)) reads.push(variableRead(name));
  return reads;
}

function printsEnvironment(f: Found): boolean {
  const operands = f.args.filter((a, i) => !a.text.startsWith('-') && !(f.name === 'env' && /^-[uC]$/.test(f.args[i - 1]?.text ?? '')));
  if (f.name === 'printenv') return operands.length === 0;
  // env -u X, env A=1: no command to run, so it prints the environment (-S splits a command out of a string)
  if (f.name === 'env') return !f.args.some((a) => /^-[^-]*S|^--split-string/.test(a.text)) && operands.every((a) => a.text.includes('='));
  if (f.name === 'set') return f.args.length === 0;
  // declare -f and -F print functions, not variables
  return PRINT_ALL.has(f.name) && operands.length === 0 && !f.args.some((a) => /^-[a-zA-Z]*[fF]/.test(a.text));
}

function variableRead(name: string): Read {
  return { path: ENVIRON, shown: `$${name}`, field: literalField(`$${name}`), recursive: false, sensitive: true, by: null };
}
