// find: its starting points ("." when none is given, as GNU find does), its actions (-exec/-execdir/
// -ok/-okdir run commands, -delete and -fprint* change files) and whether tests narrow what it
// touches. "{}" in an -exec command is given the path pattern of what find visits under each
// starting point, so `find / -name id_rsa -exec cat {} \;` reads keys.
import { ANYTHING, literalField, markGlobs, withRuntimePart, type Field } from './fields.ts';
import type { Inner, Unwrapped } from './inner.ts';

export interface FindInfo {
  roots: Field[];
  /** -delete, -fprint, -fprint0, -fprintf, -fls, and -exec style actions, as written. */
  actions: Set<string>;
  /** A test that narrows the files by name, path, time, size or content was given. */
  narrowed: boolean;
  execs: Array<{ option: string; start: number; end: number }>;
  namePattern: string | null;
}

const EXEC_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);
const FILE_ACTIONS = new Set(['-delete', '-fprint', '-fprint0', '-fprintf', '-fls']);
const NARROWING_TESTS = new Set([
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname',
  '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer', '-anewer', '-cnewer', '-used',
  '-samefile', '-inum', '-links', '-perm', '-empty', '-newermt', '-newerct', '-newerat', '-context',
]);
/** Expression words that take one value (so the value is not mistaken for an action). */
const ONE_VALUE = new Set([
  ...[...NARROWING_TESTS].filter((t) => t !== '-empty'), '-type', '-xtype', '-user', '-group', '-uid', '-gid', '-fstype', '-maxdepth', '-mindepth',
  '-printf', '-files0-from', '-regextype', '-fprint', '-fprint0', '-fls',
]);

export function findInfo(args: readonly Field[]): FindInfo {
  const info: FindInfo = { roots: [], actions: new Set(), narrowed: false, execs: [], namePattern: null };
  let i = 0;
  // leading options: -H -L -P -D debugopts -Olevel
  while (i < args.length && /^-([HLP]|D|O\d*)$/.test(args[i]?.text ?? '')) i += args[i]?.text === '-D' ? 2 : 1;
  for (; i < args.length; i++) {
    const text = args[i]?.text ?? '';
    if (text.startsWith('-') || text === '(' || text === '!' || text === ')' || text === ',') break;
    info.roots.push(args[i] as Field);
  }
  if (info.roots.length === 0) info.roots.push(literalField('.'));
  for (; i < args.length; i++) {
    const text = args[i]?.text ?? '';
    if (EXEC_ACTIONS.has(text)) {
      let end = i + 1;
      while (end < args.length && !isTerminator(args, end)) end++;
      info.execs.push({ option: text, start: i + 1, end });
      info.actions.add(text);
      i = end;
      continue;
    }
    if (FILE_ACTIONS.has(text)) info.actions.add(text);
    if (NARROWING_TESTS.has(text)) info.narrowed = true;
    if ((text === '-name' || text === '-iname') && info.namePattern === null) info.namePattern = args[i + 1]?.text ?? null;
    if (text === '-fprintf') i += 2;
    else if (ONE_VALUE.has(text)) i++;
  }
  return info;
}

function isTerminator(args: readonly Field[], i: number): boolean {
  const text = args[i]?.text;
  return text === ';' || (text === '+' && args[i - 1]?.text === '{}');
}

/**
 * What "{}" stands for: the starting point or anything under it, named like -name if given. A root
 * that ends in "." or "..", or is a home ("~", "~bob"), is a directory whose entries follow a slash
 * (".x" is no entry of ".", "~x" is another user's home), so the run-time part there is nothing or
 * subdirectories with their slash.
 */
export function visitedPattern(info: FindInfo, root: Field): Field {
  const base = root.path.replace(/(.)\/+$/, '$1');
  const name = info.namePattern === null ? '' : markGlobs(info.namePattern);
  const dots = /(^|\/)\.\.?$|^~[^/]*$/.test(base);
  const path = dots ? `${base}/${ANYTHING}${name}` : `${base}${ANYTHING}${name && `/${name}`}`;
  return { text: '{}', path, parts: [{ kind: 'dyn', source: '{}', home: false }], dynamic: true, glob: false };
}

/** Each -exec command once per starting point, "{}" standing for what find visits there. */
export function readFind(args: readonly Field[]): Unwrapped {
  const info = findInfo(args);
  const inners: Inner[] = info.execs
    .filter((exec) => exec.end > exec.start)
    .flatMap((exec) =>
      info.roots.map((root): Inner => {
        // GNU find replaces {} inside longer words too (sh -c 'cat {}')
        const fields = args.slice(exec.start, exec.end).map((f) => (f.text === '{}' ? visitedPattern(info, root) : withRuntimePart(f, '{}')));
        return { kind: 'argv', label: `find ${exec.option}`, start: exec.start, end: exec.end, fields };
      }),
    );
  return { inners, uncertain: false };
}
