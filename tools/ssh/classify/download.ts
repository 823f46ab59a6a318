// Downloaded content run as code: a downloader earlier in a pipeline than an interpreter
// (curl | sh), a downloader inside an interpreter's arguments or stdin (bash <(curl ...),
// sh -c "$(curl ...)", bash <<< "$(wget ...)"), or a downloaded file executed later in the line.
import { fieldsOf } from './fields.ts';
import type { Found } from './model.ts';
import { baseName } from './paths.ts';
import { isDownloader, isInterpreter } from './interpreters.ts';
import { resolveField } from './targets.ts';
import { writePathsOf } from './writers.ts';

export function downloadPipedToInterpreter(found: readonly Found[]): boolean {
  const downloaders = found.filter(isDownloader);
  if (downloaders.length === 0) return false;
  const interpreters = found.filter((f) => isInterpreter(f.name));
  for (const d of downloaders) {
    for (const i of interpreters) {
      if (d.ctx.pipes.some((p) => i.ctx.pipes.some((q) => q.id === p.id && q.stage > p.stage))) return true;
      const holders = new Set([i.nodeId, ...i.ctx.owners]);
      if (d.ctx.hosts.some((h) => holders.has(h))) return true;
    }
  }
  return runsDownloadedFile(found, downloaders);
}

/** `curl -o x.sh URL && bash x.sh`, `wget URL/install.sh; sh install.sh`, `... && ./x.sh`. */
function runsDownloadedFile(found: readonly Found[], downloaders: readonly Found[]): boolean {
  const files = new Set<string>();
  for (const d of downloaders) {
    for (const field of writePathsOf(d)) files.add(baseName(resolveField(field, d.cwd) ?? field.text));
    for (const use of d.ctx.redirects) if (use.write && use.target) files.add(baseName(use.target.text));
    if (d.name === 'wget' || d.args.some((a) => a.text === '-O' || a.text === '--remote-name')) {
      for (const a of d.args) if (/^(https?|ftp):\/\//.test(a.text)) files.add(baseName(a.text.replace(/[?#].*$/, '')));
    }
  }
  files.delete('');
  files.delete('-');
  if (files.size === 0) return false;
  const later = found.filter((f) => !downloaders.includes(f));
  return later.some((f) => filesItMayRun(f).some((name) => files.has(name)));
}

/**
 * The base names of the files a command may run as code: the program when a path names it; every
 * word an interpreter gets, options included, since an option's value may be the file it loads
 * (`bash -- -x`, `bash --rcfile=x.sh`, `ruby -r./x.rb`); and every value in its environment, which
 * makes any program load a file (BASH_ENV, LD_PRELOAD, NODE_OPTIONS='--require ./x.js'), cut
 * where such values separate files. Code given as a string is no file: its commands are found
 * themselves.
 */
function filesItMayRun(f: Found): string[] {
  const environment = f.assignments.flatMap((a) => (a.value ? fieldsOf(a.value).flatMap((v) => v.text.split(/[\s:=]/)) : []));
  const options = isInterpreter(f.name) ? f.args.map((a) => a.text.replace(/^-[^=]*=/, '')) : [];
  const named = [...environment, ...options].map(baseName);
  return f.nameField.text.includes('/') ? [baseName(f.nameField.text), ...named] : named;
}
