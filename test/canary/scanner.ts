// The canary scan as a library: every file in a capture directory, read as bytes, searched for
// every canary in every leak form. Findings name the file, the canary's kind and the encoding,
// never the value. A directory with too few files is a problem of its own, so a capture that
// broke cannot pass as "no leak".
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { leakForms } from './leak-forms.ts';

export interface Canary {
  kind: string;
  value: string;
}

export interface Finding {
  file: string;
  kind: string;
  encoding: string;
}

export interface ScanReport {
  files: number;
  bytes: number;
  canaries: number;
  findings: Finding[];
  /** Why the scan cannot vouch for the run, besides findings. */
  problems: string[];
}

/** Returns a search of one text or file's bytes: each canary kind found, with the first encoding it was found in. */
export function canaryFinder(canaries: readonly Canary[]): (content: Buffer | string) => Array<Omit<Finding, 'file'>> {
  const searches = canaries.flatMap((canary) => leakForms(canary.value).map((form) => ({ kind: canary.kind, ...form })));
  return (content) => {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    const found = new Map<string, string>();
    for (const search of searches) if (!found.has(search.kind) && bytes.includes(search.bytes)) found.set(search.kind, search.encoding);
    return [...found].map(([kind, encoding]) => ({ kind, encoding }));
  };
}

export function scanCaptures(dir: string, canaries: readonly Canary[], minFiles: number): ScanReport {
  const find = canaryFinder(canaries);
  const report: ScanReport = { files: 0, bytes: 0, canaries: new Set(canaries.map((c) => c.kind)).size, findings: [], problems: [] };
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    report.problems.push(`capture directory ${dir} cannot be read`);
    return report;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const content = readFileSync(path);
    report.files += 1;
    report.bytes += content.length;
    for (const finding of find(content)) report.findings.push({ file: name, ...finding });
  }
  if (report.files < minFiles) report.problems.push(`capture directory ${dir} holds ${report.files} files, fewer than the ${minFiles} a run must leave: capturing is broken`);
  return report;
}
