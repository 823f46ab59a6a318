// A reader whose files are named only at run time (xargs cat, cat "$f", cat $(...)) reads whatever
// names the line hands it, and the line can make those names out of any place it mentions: a find
// or ls of a directory, a for loop over a glob, a variable set to a path, a file's bare name given to
// find -name or locate. How the names travel to the reader (a pipe, a loop variable, a substitution,
// a file written in between) is not followed: every place the line mentions that such a reader could
// reach counts as read by it. So `find ~/.ssh | xargs cat` reads ~/.ssh however it is spelled.
import { ANY_NAME, ANYTHING, fieldsOf, ONE_CHAR, patternRegex, type Field } from './fields.ts';
import { findInfo, visitedPattern } from './find.ts';
import type { Assignment, Found } from './model.ts';
import { normalizePath } from './paths.ts';
import { isReader } from './readers.ts';
import { readOf, type Read } from './reads.ts';
import type { Listed } from './scan.ts';

/** Commands that print a directory's entries; with no operand, those of the working directory. */
const LISTERS = new Set(['ls', 'dir', 'vdir', 'tree']);
/** Commands that print every known path holding their pattern, anywhere on the host. */
const LOCATORS = new Set(['locate', 'mlocate', 'plocate', 'slocate']);

/** Values the line assigns, as places: `d=~/.ssh` names ~/.ssh wherever $d is used later. */
export function assignedPlaces(assignments: readonly Assignment[]): Listed[] {
  return assignments.flatMap((a) => (a.value ? fieldsOf(a.value).map((field) => ({ field, cwd: null })) : []));
}

/** Reads of the secret places the line mentions that one of its run-time reads could reach. */
export function secretPlacesReached(found: readonly Found[], listed: readonly Listed[], reads: readonly Read[]): Read[] {
  const readers = runtimeReaders(found, reads);
  if (readers.length === 0) return [];
  const out: Read[] = [];
  for (const place of mentionedPlaces(found, listed)) {
    if (!place.sensitive || out.some((r) => r.shown === place.shown)) continue;
    const by = readers.find((reader) => reaches(reader.path, place.path ?? place.field.path));
    if (by) out.push({ ...place, by: by.by });
  }
  return out;
}

/** Readers of files named at run time, each with the pattern of what it may read (null: anything). */
function runtimeReaders(found: readonly Found[], reads: readonly Read[]): Array<{ path: string | null; by: Found | null }> {
  const readers: Array<{ path: string | null; by: Found | null }> = [];
  for (const f of found) if (f.unknownOperands && isReader(f.name)) readers.push({ path: null, by: f });
  // A read already judged a secret one needs no place to make it so.
  for (const r of reads) if (!r.sensitive && (r.path === null || r.path.includes(ANYTHING))) readers.push({ path: r.path, by: r.by });
  return readers;
}

/** Every place the line names, as a path that a listing of it may print (recursive: all below it). */
function mentionedPlaces(found: readonly Found[], listed: readonly Listed[]): Read[] {
  const places: Read[] = [];
  for (const f of found) {
    if (f.name === 'find') {
      // What find prints: everything below each starting point, or only what -name lets through.
      const info = findInfo(f.args);
      for (const root of info.roots) places.push(readOf(visitedPattern(info, root), f.cwd, false, f));
      continue;
    }
    for (const field of f.args) places.push(readOf(field, f.cwd, true, f));
    if (LOCATORS.has(f.name)) for (const field of f.args) if (!field.text.startsWith('-')) places.push(readOf(pathField(`${ANYTHING}${field.path}${ANYTHING}`), f.cwd, false, f));
    if (LISTERS.has(f.name) && !f.args.some((a) => !a.text.startsWith('-'))) {
      const all = f.args.some((a) => /^-[a-zA-Z]*[aAR]/.test(a.text) || a.text === '--all' || a.text === '--almost-all');
      places.push(readOf(pathField(all ? ANYTHING : ANY_NAME), f.cwd, false, f));
    }
  }
  for (const item of listed) places.push(readOf(item.field, item.cwd, true, null));
  return places;
}

function pathField(path: string): Field {
  return { text: path, path, parts: [], dynamic: true, glob: false };
}

/** A run-time read of `pattern` (null: anything) may name `place` or a file below it. */
function reaches(pattern: string | null, place: string): boolean {
  if (pattern === null || pattern.startsWith(ANYTHING)) return true;
  const example = normalizePath(place.replaceAll(ANYTHING, '/x').replaceAll(ANY_NAME, 'x').replaceAll(ONE_CHAR, 'x'));
  const re = patternRegex(pattern);
  return re.test(example) || re.test(`${example}/x`);
}
