// Every path the line reads and shows or sends (reader operands, input redirections, awk getline
// files, files a program loads), resolved against the working directory, with which may hold secrets.
import { awkOf } from './awk.ts';
import { ANY_NAME, ANYTHING, fieldFrom, literalField, ONE_CHAR, type Field } from './fields.ts';
import type { Found, RedirectUse } from './model.ts';
import { loadedFiles } from './loaded-files.ts';
import { usesOnlyNames } from './name-only.ts';
import { normalizePath } from './paths.ts';
import { isReader, readPathsOf } from './readers.ts';
import { isSecretDirectory, isSensitivePath } from './sensitive.ts';
import { sedScriptFiles } from './sed.ts';
import { resolveField } from './targets.ts';
import { writePathsOf } from './writers.ts';

export interface Read {
  /** Resolved path with pattern markers; null when relative to an unknown directory. */
  path: string | null;
  /** As shown in facts. */
  shown: string;
  field: Field;
  recursive: boolean;
  sensitive: boolean;
  /** The command that reads; null for a redirection. */
  by: Found | null;
}

/** A path for people: markers back to glob characters, run-time parts as "$?". */
export function showPath(path: string): string {
  return path.replaceAll(ANY_NAME, '*').replaceAll(ONE_CHAR, '?').replaceAll(ANYTHING, '$?');
}

/** A read of `field` below `cwd`, judged for secrets. */
export function readOf(field: Field, cwd: string | null, recursive: boolean, by: Found | null): Read {
  const path = resolveField(field, cwd);
  const judged = path ?? normalizePath(field.path);
  return { path, shown: path === null ? field.text : showPath(path), field, recursive, sensitive: isSensitivePath(judged, recursive), by };
}

const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk']);

/** Operands of a command not known as a reader that name a secret, counted as reads of it. */
function secretOperands(f: Found): Read[] {
  if (f.role !== 'command' || usesOnlyNames(f.name) || isReader(f.name)) return [];
  const written = new Set(writePathsOf(f).map((field) => field.text));
  const reads: Read[] = [];
  for (const arg of f.args) {
    // --input=FILE: the value; other options are not operands
    const value = arg.text.startsWith('-') ? /^--?[^=]+=/.exec(arg.text) : null;
    if (arg.text.startsWith('-') && !value) continue;
    const field = value ? fieldFrom(arg, value[0].length) : arg;
    if (written.has(field.text)) continue;
    const r = readOf(field, f.cwd, false, f);
    if (r.sensitive) reads.push(r);
    else if (isSecretDirectory(r.path ?? normalizePath(field.path))) reads.push({ ...r, recursive: true, sensitive: true });
  }
  return reads;
}

export function collectReads(found: readonly Found[], redirects: readonly RedirectUse[]): Read[] {
  const reads: Read[] = [];
  for (const f of found) {
    for (const r of readPathsOf(f)) reads.push(readOf(r.field, f.cwd, r.recursive, f));
    if (AWKS.has(f.name)) {
      for (const file of awkOf(f.args).program?.reads ?? []) reads.push(readOf(literalField(file), f.cwd, false, f));
    }
    if (f.name === 'sed') for (const field of sedScriptFiles(f.args).reads) reads.push(readOf(field, f.cwd, false, f));
    for (const field of loadedFiles(f)) reads.push(readOf(field, f.cwd, false, f));
    reads.push(...secretOperands(f));
  }
  for (const use of redirects) {
    if (use.read && use.target) reads.push(readOf(use.target, use.cwd, false, null));
  }
  return reads;
}
