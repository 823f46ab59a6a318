// A script the line writes and then runs: `echo 'rm -rf /' > /tmp/s; sh /tmp/s` runs rm -rf /.
// What a command writes is known when it prints literal text into the file (echo, printf, cat or
// tee of a heredoc or here-string); the script a shell or `source` runs from a file the line wrote
// is then that text, and any other write leaves it known only at run time. As with copies, a loop
// may run the script before the write in the text, so the order does not matter.
import type { Field } from './fields.ts';
import type { Found, RedirectUse } from './model.ts';
import { collectWrites, resolveField } from './targets.ts';
import { SHELLS, shellFiles, sourcedAt } from './wrappers-shell.ts';

/** The text each written path is known to hold (several writes: all of them); null when only known at run time. */
export function writtenTexts(found: readonly Found[], redirects: readonly RedirectUse[]): Map<string, Array<string | null>> {
  const texts = new Map<string, Array<string | null>>();
  const add = (path: string | null, text: string | null) => {
    if (path !== null) texts.set(path, [...(texts.get(path) ?? []), text]);
  };
  const printed = new Set<RedirectUse>();
  for (const f of found) {
    if (f.role === 'marker') continue;
    const text = printedText(f);
    for (const use of f.ctx.redirects) {
      if (!use.write || use.descriptor || !use.target || (use.fd !== null && use.fd !== 1)) continue;
      printed.add(use);
      add(resolveField(use.target, f.cwd), text);
    }
    if (f.name === 'tee') for (const file of f.args.filter((a) => !a.text.startsWith('-'))) add(resolveField(file, f.cwd), text);
  }
  // every other write: a file whose text the line does not show
  for (const write of collectWrites(found, redirects)) {
    const redirect = write.by === null;
    if (!(redirect && [...printed].some((use) => use.target?.text === write.text)) && !(write.by?.name === 'tee')) add(write.path, null);
  }
  return texts;
}

/** The literal text a command prints: echo's and printf's words, or what cat and tee copy from a heredoc or here-string. */
function printedText(f: Found): string | null {
  if (f.args.some((a) => a.dynamic || a.glob)) return null;
  const words = f.args.map((a) => a.text);
  if (f.name === 'echo') return words.filter((w) => !/^-[neE]+$/.test(w)).join(' ');
  // printf: its format and arguments, with \n read as a newline (a rough rendering is enough to find the commands)
  if (f.name === 'printf') return words.join('\n').replace(/\\n/g, '\n');
  const stdin = f.ctx.stdin;
  if ((f.name === 'cat' && words.length === 0) || f.name === 'tee') return stdin?.kind === 'text' ? stdin.text : null;
  return null;
}

/** The files a shell or `source` runs as code: a shell's script and --rcfile (not -c, not stdin), source's file. */
export function scriptsRun(f: Found): Field[] {
  if (f.role === 'marker') return [];
  if (f.name === 'source' || f.name === '.') return f.args.slice(sourcedAt(f.args), sourcedAt(f.args) + 1);
  return SHELLS.has(f.name) ? shellFiles(f.args) : [];
}
