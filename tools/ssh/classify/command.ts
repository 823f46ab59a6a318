// Records one simple command and everything it runs: the command itself, then, through the
// wrapper readers, the commands behind sudo/env/xargs/find -exec, and code strings parsed again.
import { awkOf } from './awk.ts';
import { ANY_PATH, copiedPrograms, programPaths } from './copies.ts';
import { assignmentIn, impliedAssignments } from './declared.ts';
import { fieldsOf, isPattern, literalField, type Field } from './fields.ts';
import { embeddedShellCommands, inlineCode } from './interpreters.ts';
import type { Inner } from './inner.ts';
import type { Assignment, Context, Found, RedirectUse } from './model.ts';
import { baseName, HOME, resolvePath } from './paths.ts';
import { LIMITS, type Scan } from './scan.ts';
import { rebindingOf } from './rebind.ts';
import { resolveField } from './targets.ts';
import { parseAgain } from './walk.ts';
import type { Word } from './word.ts';
import { unwrap } from './wrappers.ts';
import { scriptsRun, writtenTexts } from './written-scripts.ts';

export const DYNAMIC_NAME = '<dynamic>';

const RESERVED_WORDS = new Set(['{', '}', '!', 'then', 'else', 'elif', 'fi', 'do', 'done', 'esac', 'in', ';;', '[[', ']]', '((', '))']);

export interface RawCommand {
  nodeId: number;
  /** Name first, then arguments. */
  words: Word[];
  assignments: Assignment[];
  ctx: Context;
  ownRedirects: RedirectUse[];
}

export function processCommand(scan: Scan, raw: RawCommand): void {
  const [nameWord, ...argWords] = raw.words;
  if (!nameWord) return; // only assignments or redirections
  const nameFields = fieldsOf(nameWord);
  const first = nameFields[0];
  if (!first) return;
  // a brace expansion in the name ({r,}m) makes the name depend on expansion: dynamic
  const nameField = nameFields.length > 1 ? { ...first, dynamic: true } : first;
  const args = [...nameFields.slice(1), ...argWords.flatMap(fieldsOf)];
  record(scan, nameField, args, raw.ctx, raw.assignments, raw.nodeId, raw.ownRedirects, false);
}

function record(
  scan: Scan,
  nameField: Field,
  args: Field[],
  ctx: Context,
  assignments: Assignment[],
  nodeId: number,
  ownRedirects: RedirectUse[],
  unknownOperands: boolean,
): void {
  const dynamic = nameField.dynamic || nameField.glob;
  const name = dynamic ? DYNAMIC_NAME : baseName(nameField.text) || nameField.text;
  const found: Found = {
    fact: { name, path: nameField.source ?? nameField.text, args: args.map((a) => a.text), dynamic, via: ctx.via, depth: ctx.depth },
    name,
    nameField,
    args,
    assignments,
    ctx,
    nodeId,
    role: 'command',
    unknownOperands,
    cwd: scan.cwd,
    ownRedirects,
  };
  if (!scan.addFound(found) || dynamic) return;
  const misread = writtenAssignment(nameField);
  if (misread) scan.assignments.push(misread);
  // the grammar reads `time { ...; }` and `coproc { ...; }` as a command named "{": bash does not
  if (RESERVED_WORDS.has(name) && nameField.parts.every((p) => p.kind === 'lit' && !p.quoted)) {
    scan.fail(`reserved word "${name}" where a command name should be (e.g. time or coproc before a group)`);
  }
  followDirectory(scan, name, args);
  if (ctx.functionName !== null) {
    // every call from a function body, even to a function defined later (mutual recursion)
    scan.calls.push({ from: ctx.functionName, to: name, async: ctx.background || ctx.pipes.length > 0 });
  }
  if (scan.functions.has(name)) {
    found.role = 'function';
    return;
  }
  const unwrapped = unwrap(name, args);
  if (!unwrapped) {
    parseEmbeddedShell(scan, found);
    return;
  }
  if (unwrapped.inners.length > 0) found.role = 'wrapper';
  // a wrapper that shows no command but gets operands the line does not show runs one named at run time (xargs env)
  else if (unknownOperands) addMarker(scan, { ...ctx, via: [...ctx.via, name] }, nodeId);
  const starts = unwrapped.inners.flatMap((i) => (i.kind === 'argv' ? [i.start] : i.kind === 'code' && i.rest !== undefined ? [i.rest] : []));
  if (starts.length > 0) found.optionsEnd = Math.min(...starts);
  if (unwrapped.uncertain) addMarker(scan, { ...ctx, via: [...ctx.via, name] }, nodeId);
  for (const inner of unwrapped.inners) runInner(scan, inner, args, ctx, nodeId, unknownOperands);
}

/**
 * A command word written NAME=value (unquoted name) is an assignment to bash where the grammar
 * reads a command: after the time keyword (`time HISTSIZE=0`). No program has such a name.
 */
function writtenAssignment(nameField: Field): Assignment | null {
  const first = nameField.parts[0];
  if (first?.kind !== 'lit' || first.quoted || !/^[A-Za-z_]\w*(\[[^\]]*\])?\+?=/.test(first.text)) return null;
  return assignmentIn(nameField);
}

const REBOUND = 'program the line put there';
/** The key of a rebinding whose names the line fixes only at run time: any command may be one. */
const ANY_NAME = '*';

/** Records the programs a command may run instead of its own, each with the command's arguments. */
function runAs(scan: Scan, found: Found, programs: ReadonlyArray<Field | null>): void {
  if (found.ctx.via.includes(REBOUND)) return;
  const ctx = { ...found.ctx, via: [...found.ctx.via, REBOUND] };
  const seen = new Set<string | null>();
  for (const program of programs) {
    const key = program?.text ?? null;
    if (seen.has(key)) continue;
    seen.add(key);
    if (program === null) addMarker(scan, ctx, found.nodeId);
    else record(scan, program, found.args, ctx, found.assignments, found.nodeId, found.ownRedirects, found.unknownOperands);
  }
}

/**
 * Once the whole line is walked, in any order (a loop may run a command before the line points it
 * elsewhere): a command runs, besides its own program, each program the line put at its path or
 * name: copied or linked there (copies.ts), or pointed at by hash -p and enable -f (rebind.ts).
 */
export function followOtherPrograms(scan: Scan): void {
  const copies = copiedPrograms(scan.found);
  const rebound = new Map<string, Array<Field | null>>();
  for (const found of [...scan.found]) {
    const rebinding = found.role === 'marker' ? undefined : rebindingOf(found.name, found.args);
    if (!rebinding) continue;
    // enable -f runs the shared object's code as it loads
    if (rebinding.program === null) addMarker(scan, { ...found.ctx, via: [...found.ctx.via, found.name] }, found.nodeId);
    for (const name of rebinding.names ?? [ANY_NAME]) rebound.set(name, [...(rebound.get(name) ?? []), rebinding.program]);
  }
  if (copies.size === 0 && rebound.size === 0) return;
  const copiedAnywhere = copies.get(ANY_PATH) ?? [];
  const pathSet = [...scan.assignments, ...impliedAssignments(scan.found)].some((a) => a.name === 'PATH');
  for (const found of [...scan.found]) {
    if (found.role === 'marker') continue;
    const paths = programPaths(found, pathSet);
    const copied = paths.includes(ANY_PATH) ? [...copies.values()].flat() : [...paths.flatMap((p) => copies.get(p) ?? []), ...copiedAnywhere];
    // only a bare name goes through the hash table or a builtin; a path names its program itself
    const hashed = found.nameField.text.includes('/') || rebindingOf(found.name, found.args) ? [] : [...(rebound.get(found.name) ?? []), ...(rebound.get(ANY_NAME) ?? [])];
    if (copied.length > 0 || hashed.length > 0) runAs(scan, found, [...copied, ...hashed]);
  }
}

/** Once the whole line is walked: a script the line wrote and a shell then runs is the text written (written-scripts.ts). */
export function followWrittenScripts(scan: Scan): void {
  const runs = scan.found.flatMap((found) => scriptsRun(found).map((file) => ({ found, file })));
  if (runs.length === 0) return;
  const texts = writtenTexts(scan.found, scan.redirects);
  for (const { found, file } of runs) {
    const path = resolveField(file, found.cwd);
    const ctx: Context = { ...found.ctx, via: [...found.ctx.via, `${found.name} script the line wrote`], stdin: undefined };
    for (const text of path === null ? [] : (texts.get(path) ?? [])) {
      if (text === null) addMarker(scan, ctx, found.nodeId);
      else parseAgain(scan, text, { ...ctx, depth: found.ctx.depth + 1 });
    }
  }
}

/** `unknownOperands`: the wrapper also gets operands the line does not show (xargs sh). */
function runInner(scan: Scan, inner: Inner, args: Field[], ctx: Context, nodeId: number, unknownOperands: boolean): void {
  const innerCtx: Context = { ...ctx, via: [...ctx.via, inner.label] };
  switch (inner.kind) {
    case 'argv': {
      const own = inner.fields ?? args.slice(inner.start, inner.end);
      const fallback: Field[] = inner.defaultName
        ? [literalField(inner.defaultName)]
        : [];
      // xargs xargs: the operands the line does not show name the command, not the default echo
      if (own.length === 0 && unknownOperands) return addMarker(scan, innerCtx, nodeId);
      const [name, ...rest] = own.length > 0 ? own : fallback;
      const operands = [...rest, ...stdinWords(scan, inner, ctx)];
      if (!name) return;
      // env -C DIR, sudo -D DIR: the command (only) runs elsewhere
      const outer = scan.cwd;
      if (inner.cwd !== undefined) scan.cwd = inner.cwd === null ? null : resolvePath(inner.cwd, outer, false);
      // operands the line does not show reach the command behind the wrapper (xargs timeout 5 cat)
      const unknown = (inner.unknownOperands ?? false) || (unknownOperands && inner.fields === undefined && inner.end === args.length);
      record(scan, name, operands, innerCtx, inner.assignments ?? [], nodeId, [], unknown);
      scan.cwd = outer;
      return;
    }
    case 'code':
      if (inner.text === null) addMarker(scan, innerCtx, nodeId);
      else parseAgain(scan, inner.text, { ...innerCtx, depth: ctx.depth + 1 });
      return;
    case 'stdin': {
      // a shell given a script the line does not show, or reading one from a file or another
      // descriptor, runs code known only at run time
      const stdin = ctx.stdin;
      if (unknownOperands || (stdin !== undefined && stdin.kind !== 'text')) addMarker(scan, innerCtx, nodeId);
      else if (stdin?.kind === 'text') parseAgain(scan, stdin.text, { ...innerCtx, depth: ctx.depth + 1, stdin: undefined });
      return;
    }
    case 'unknown':
      addMarker(scan, innerCtx, nodeId);
  }
}

/** xargs appends the words of its stdin; when the line fixes stdin, they are known. */
function stdinWords(scan: Scan, inner: Extract<Inner, { kind: 'argv' }>, ctx: Context): Field[] {
  if (!inner.unknownOperands || ctx.stdin?.kind !== 'text') return [];
  const words = ctx.stdin.text.split(/\s+/).filter((w) => w !== '');
  if (words.length > LIMITS.maxStdinWords) {
    scan.fail(`xargs gets more than ${LIMITS.maxStdinWords} words from its stdin`);
    return [];
  }
  return words.map((text) => ({ text, path: text, parts: [{ kind: 'lit', text, quoted: true }], dynamic: false, glob: false }));
}

/** A command that runs but cannot be named: code known only at run time. */
export function addMarker(scan: Scan, ctx: Context, nodeId: number): void {
  const field: Field = { text: DYNAMIC_NAME, path: DYNAMIC_NAME, parts: [], dynamic: true, glob: false };
  scan.addFound({
    fact: { name: DYNAMIC_NAME, path: '', args: [], dynamic: true, via: ctx.via, depth: ctx.depth },
    name: DYNAMIC_NAME,
    nameField: field,
    args: [],
    assignments: [],
    ctx,
    nodeId,
    role: 'marker',
    unknownOperands: true,
    cwd: scan.cwd,
    ownRedirects: [],
  });
}

/** Shell commands written inside interpreter code (os.system("..."), awk system("...")), parsed leniently. */
function parseEmbeddedShell(scan: Scan, found: Found): void {
  const inline = inlineCode(found);
  let commands: string[] = [];
  // a parameter the reader does not know may hide code: as for a wrapper's unknown option
  if (inline?.uncertain) addMarker(scan, { ...found.ctx, via: [...found.ctx.via, found.name] }, found.nodeId);
  if (inline) {
    const codes = [...inline.code];
    if (inline.fromStdin && found.ctx.stdin?.kind === 'text') codes.push(found.ctx.stdin.text);
    commands = codes.flatMap(embeddedShellCommands);
  } else if (AWKS.has(found.name)) {
    commands = awkOf(found.args).program?.commands ?? [];
  }
  const ctx = found.ctx;
  for (const command of commands) {
    parseAgain(scan, command, { ...ctx, via: [...ctx.via, `${found.name} code`], depth: ctx.depth + 1 }, true);
  }
}

const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk', 'busybox-awk']);

/** An option word of cd, pushd or popd (-P, -n); not `-` (the last directory) nor `-N` (a place in the stack). */
const DIRECTORY_OPTION = /^-[a-zA-Z@]+$/;

/**
 * Follows cd/pushd/popd so relative paths resolve; anything unclear makes the directory unknown.
 * `-n` makes pushd and popd change only the stack, not the directory; pushd with no directory swaps
 * the top two and `+N`/`-N` rotates the stack, to a directory the line may not show; after `--`
 * every word is a directory.
 */
function followDirectory(scan: Scan, name: string, args: Field[]): void {
  if (name !== 'cd' && name !== 'pushd' && name !== 'popd') return;
  const end = args.findIndex((a) => a.text === '--');
  const options = (end < 0 ? args : args.slice(0, end)).filter((a) => DIRECTORY_OPTION.test(a.text));
  const operands = end < 0 ? args.filter((a) => !DIRECTORY_OPTION.test(a.text)) : [...args.slice(0, end).filter((a) => !DIRECTORY_OPTION.test(a.text)), ...args.slice(end + 1)];
  if (name !== 'cd' && options.some((o) => o.text.includes('n'))) return;
  const target = operands[0];
  if (name === 'popd' || (name === 'pushd' && (!target || /^[+-]\d+$/.test(target.text)))) scan.cwd = null;
  else if (!target) scan.cwd = HOME;
  else if (target.text === '-' || target.text.startsWith('-') || isPattern(target.path)) scan.cwd = null;
  else scan.cwd = resolvePath(target.path, scan.cwd, false);
}
