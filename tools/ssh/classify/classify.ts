// classifyShellLine: one shell line in, the facts policy decides on out. Pure and synchronous
// once the grammar is loaded; it never throws: any failure is a fact (hasError) that makes the
// policy stricter.
import { noteHiddenArithmetic } from './arithmetic-values.ts';
import { awkOf } from './awk.ts';
import { impliedAssignments } from './declared.ts';
import { addMarker, followOtherPrograms, followWrittenScripts } from './command.ts';
import { commandFileDangers, writeDangers } from './danger-files.ts';
import { commandSystemDangers, isForkBomb, isSocketRedirect, shellPipedToNetwork } from './danger-system.ts';
import { downloadPipedToInterpreter } from './download.ts';
import { environmentReads } from './environment.ts';
import { arithmeticTampersHistory, tampersHistory } from './history-tamper.ts';
import { inlineCode, looksLikeReverseShell } from './interpreters.ts';
import { rootContext, type Found } from './model.ts';
import { shellParserReady } from './parser.ts';
import { collectReads, showPath } from './reads.ts';
import { readOnlyBlockers } from './readonly.ts';
import { assignedPlaces, secretPlacesReached } from './named-places.ts';
import { namedWrites } from './named-writes.ts';
import { LIMITS, Scan } from './scan.ts';
import { SHELL_DANGERS, type ShellDanger, type ShellFacts } from './schema.ts';
import { collectWrites } from './targets.ts';
import { walkText } from './walk.ts';

/**
 * Characters bash and the grammar may read differently (controls: CR, NUL, ...; odd spaces), and
 * characters an approver cannot see: format characters (soft hyphen, joiners, bidi embeddings and
 * isolates that show a line in another order than it runs) and every other one Unicode says draws
 * nothing (variation selectors, Hangul fillers, tags, the braille blank).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ODD_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u2800\u3000\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

// The pack asks for facts, shape and summary of the same line in one call: the last line is
// remembered so it is parsed once.
let lastFacts: { line: string; facts: ShellFacts } | undefined;
let lastScan: { line: string; scan: Scan | string } | undefined;

export function classifyShellLine(line: string): ShellFacts {
  if (lastFacts?.line === line) return lastFacts.facts;
  let result: ShellFacts;
  try {
    result = classify(line);
  } catch (error) {
    result = failedShellFacts(`internal error while classifying: ${error instanceof Error ? error.message : String(error)}`);
  }
  lastFacts = { line, facts: result };
  return result;
}

function classify(line: string): ShellFacts {
  const scan = scanLine(line);
  return typeof scan === 'string' ? failedShellFacts(scan) : facts(scan, line);
}

/** Scans a line: every command it runs and every redirection; a string when it cannot be scanned at all. */
export function scanLine(line: string): Scan | string {
  if (lastScan?.line === line) return lastScan.scan;
  const scan = scanOnce(line);
  lastScan = { line, scan };
  return scan;
}

function scanOnce(line: string): Scan | string {
  if (typeof line !== 'string') return 'the line is not a string';
  if (line.length > LIMITS.maxInputBytes || Buffer.byteLength(line, 'utf8') > LIMITS.maxInputBytes) {
    return `line longer than ${LIMITS.maxInputBytes} bytes`;
  }
  if (!shellParserReady()) return 'the shell parser is not initialized';
  const scan = new Scan();
  const odd = ODD_CHARACTERS.exec(line);
  if (odd) scan.fail(`unusual character U+${(odd[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0').toUpperCase()} (a control, an unusual space or an invisible character)`);
  if (continuationInsideWord(line)) scan.fail('a backslash-newline inside a word (bash joins the halves; write the word on one line)');
  walkText(scan, line, rootContext());
  followOtherPrograms(scan);
  followWrittenScripts(scan);
  scan.assignments.push(...impliedAssignments(scan.found));
  // let's words are arithmetic, which the grammar shows as a command's arguments
  for (const f of scan.found) if (f.name === 'let') scan.arithmetic.noteWords(f.args.map((a) => a.text), f.args.some((a) => a.dynamic));
  noteHiddenArithmetic(scan);
  for (const reason of [...scan.hiddenCode, ...scan.arithmetic.reasons(scan)]) {
    addMarker(scan, { ...rootContext(), via: [reason] }, 0);
  }
  return scan;
}

const SEPARATOR = /[\s;&|()<>]/;

/** A backslash-newline between two word characters: bash joins "r\⏎m" into rm, the grammar splits it. */
function continuationInsideWord(line: string): boolean {
  for (const m of line.matchAll(/\\+\n/g)) {
    if ((m[0].length - 1) % 2 === 0) continue; // escaped backslashes, then a real newline
    const before = line[m.index - 1];
    const after = line[m.index + m[0].length];
    if (before !== undefined && after !== undefined && !SEPARATOR.test(before) && !SEPARATOR.test(after)) return true;
  }
  return false;
}

function facts(scan: Scan, line: string): ShellFacts {
  const found = scan.found;
  const writes = [...collectWrites(found, scan.redirects), ...namedWrites(found)];
  const reads = collectReads(found, scan.redirects);
  reads.push(...secretPlacesReached(found, [...scan.listed, ...assignedPlaces(scan.assignments)], reads), ...environmentReads(line, found));
  const download = downloadPipedToInterpreter(found);
  const interpreterCode = found.some(runsInterpreterCode);
  const danger = dangers(scan, writes, download);
  const names = [...new Set(found.map((f) => f.name))];
  const blockers = readOnlyBlockers({
    found,
    assignments: scan.assignments,
    writes,
    reads,
    errors: scan.errors,
    danger,
    interpreterCode,
    downloadPipedToInterpreter: download,
  });
  return {
    hasError: scan.errors.length > 0,
    error: scan.errors.join('; '),
    commands: found.map((f) => ({ ...f.fact, args: [...f.fact.args], via: [...f.fact.via] })),
    names,
    dynamic: found.some((f) => f.fact.dynamic),
    redirects: scan.redirects.map((r) => ({ op: r.op, target: r.text, write: r.write })),
    writesTo: unique(scan.redirects.filter((r) => r.write).map((r) => r.text)),
    writePaths: unique(writes.map((w) => (w.path === null ? w.text : showPath(w.path)))),
    readsPaths: unique(reads.map((r) => r.shown)),
    sensitiveReads: unique(reads.filter((r) => r.sensitive).map((r) => r.shown)),
    downloadPipedToInterpreter: download,
    interpreterCode,
    readOnly: blockers.length === 0,
    readOnlyBlockers: blockers,
    danger,
    parseDepth: scan.parseDepth,
  };
}

const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk']);

/** Inline code (-c, -e, -r), code on stdin, or an awk program that runs commands. */
function runsInterpreterCode(f: Found): boolean {
  if (AWKS.has(f.name)) {
    return awkOf(f.args).program?.runsCommands === true;
  }
  const inline = inlineCode(f);
  if (!inline) return false;
  return inline.code.length > 0 || (inline.fromStdin && f.ctx.stdin !== undefined);
}

function dangers(scan: Scan, writes: ReturnType<typeof collectWrites>, download: boolean): ShellDanger[] {
  const found = new Set<ShellDanger>();
  const add = (d: ShellDanger): void => void found.add(d);
  for (const f of scan.found) {
    commandFileDangers(f, add);
    commandSystemDangers(f, add);
    if (codeOf(f).some(looksLikeReverseShell)) add('reverse_shell');
    if (codeOf(f).some((code) => /\bfork\b[^;]*\bwhile\b[^;]*\bfork\b|while\s*\(?\s*(1|true|True)\s*\)?\s*[:{]?[^;]*\bfork\s*\(/.test(code))) add('fork_bomb');
  }
  writeDangers(writes, add);
  if (scan.redirects.some(isSocketRedirect) || shellPipedToNetwork(scan.found)) add('reverse_shell');
  if (isForkBomb(scan.calls)) add('fork_bomb');
  if (download) add('download_exec');
  if (scan.assignments.some(tampersHistory) || arithmeticTampersHistory(scan.arithmetic.names())) add('history_tamper');
  return SHELL_DANGERS.filter((d) => found.has(d));
}

/** Inline interpreter code and awk programs, for the reverse shell and fork bomb heuristics. */
function codeOf(f: Found): string[] {
  if (AWKS.has(f.name)) {
    const read = awkOf(f.args).program;
    return read?.network && read.runsCommands ? ['/inet/tcp socket system'] : [];
  }
  const inline = inlineCode(f);
  if (!inline) return [];
  return inline.fromStdin && f.ctx.stdin?.kind === 'text' ? [...inline.code, f.ctx.stdin.text] : inline.code;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Facts for a line that could not be classified at all: nothing is trusted. */
export function failedShellFacts(reason: string): ShellFacts {
  return {
    hasError: true,
    error: reason,
    commands: [],
    names: [],
    dynamic: false,
    redirects: [],
    writesTo: [],
    writePaths: [],
    readsPaths: [],
    sensitiveReads: [],
    downloadPipedToInterpreter: false,
    interpreterCode: false,
    readOnly: false,
    readOnlyBlockers: [reason],
    danger: [],
    parseDepth: 0,
  };
}
