// Downloaded content run as code: a downloader earlier in a pipeline than an interpreter
// (curl | sh), a downloader inside an interpreter's arguments or stdin (bash <(curl ...),
// sh -c "$(curl ...)", bash <<< "$(wget ...)"), or a downloaded file executed later in the line.
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
  return later.some((f) => {
    if (f.nameField.text.includes('/') && files.has(baseName(f.nameField.text))) return true;
    return isInterpreter(f.name) && f.args.some((a) => !a.text.startsWith('-') && files.has(baseName(a.text)));
  });
}
