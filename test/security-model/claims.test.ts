// docs/security-model.md lists every security claim of the README with the tests that prove it.
// This keeps the list honest: every claim names at least one test, and every named test still
// exists, as an it()/test() with exactly that title in that file (a test file, or a case file that
// a test file beside it runs). Renaming or deleting a test that
// a claim relies on fails here until the document follows.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../fixtures/gatehouse.ts';

const DOC = 'docs/security-model.md';
const CLAIM = /^- \*\*(SM-\d{2})\*\* (\S.*)$/;
const TEST = /^ {2}- `([^`]+)` › (\S.*)$/;
/** it('...') / test("...") / it(`...`), the title as written between its quotes. */
const TITLE = /\b(?:it|test)\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;

interface Claim {
  id: string;
  text: string;
  tests: Array<{ file: string; title: string }>;
}

function parse(doc: string): { claims: Claim[]; problems: string[] } {
  const claims: Claim[] = [];
  const problems: string[] = [];
  doc.split('\n').forEach((line, index) => {
    const where = `${DOC}:${index + 1}`;
    const claim = CLAIM.exec(line);
    const test = TEST.exec(line);
    if (claim) claims.push({ id: claim[1] as string, text: claim[2] as string, tests: [] });
    else if (test) {
      const current = claims.at(-1);
      if (current) current.tests.push({ file: test[1] as string, title: test[2] as string });
      else problems.push(`${where}: a test before any claim`);
    } else if (line.startsWith('- **') || line.startsWith('  - ')) problems.push(`${where}: neither a claim (- **SM-NN** text) nor a test (  - \`file\` › title): ${line}`);
  });
  return { claims, problems };
}

/** The titles of a file's it()/test() calls, with the quote escapes of the source undone. */
function titles(source: string): Set<string> {
  return new Set([...source.matchAll(TITLE)].map((m) => (m[2] as string).replace(/\\(['"`\\])/g, '$1')));
}

function check(doc: string, read: (file: string) => string | undefined): string[] {
  const { claims, problems } = parse(doc);
  if (claims.length === 0) problems.push(`${DOC}: no claims found`);
  const seen = new Set<string>();
  for (const claim of claims) {
    if (seen.has(claim.id)) problems.push(`${claim.id}: listed twice`);
    seen.add(claim.id);
    if (claim.tests.length === 0) problems.push(`${claim.id}: no test proves "${claim.text}"`);
    for (const { file, title } of claim.tests) {
      const source = /^test\/.+\.(test|case)\.ts$/.test(file) ? read(file) : undefined;
      if (source === undefined) problems.push(`${claim.id}: ${file} is not a test file of this repository`);
      else if (!titles(source).has(title)) problems.push(`${claim.id}: ${file} has no it()/test() titled "${title}"`);
    }
  }
  return problems;
}

/** Whether a file's tests run: a test file, or a case file a running file beside it imports. */
function runs(file: string, seen = new Set<string>()): boolean {
  if (file.endsWith('.test.ts')) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  const dir = dirname(file);
  const imported = `./${basename(file)}'`;
  return readdirSync(join(ROOT, dir)).some((f) => /\.(test|case)\.ts$/.test(f) && readFileSync(join(ROOT, dir, f), 'utf8').includes(imported) && runs(`${dir}/${f}`, seen));
}

/** The source of a file whose tests run (a case file's cases run on each store from the test file that imports it). */
const readTest = (file: string) => (existsSync(join(ROOT, file)) && runs(file) ? readFileSync(join(ROOT, file), 'utf8') : undefined);

describe('the security model', () => {
  it('names, for every claim, tests that exist under those exact titles', () => {
    assert.deepEqual(check(readFileSync(join(ROOT, DOC), 'utf8'), readTest), []);
  });

  it('covers the areas of the README security promises', () => {
    const { claims } = parse(readFileSync(join(ROOT, DOC), 'utf8'));
    const text = claims.map((c) => c.text).join('\n');
    for (const promise of ['secret references', 'READ ONLY', 'bound to the principal', 'used once', 'masked', 'lineage', 'withheld', 'Host and Origin', 'insufficient_scope', 'hash chain', 'approval_status', 'Weak secrets', 'secret_in_arguments', 'escapes', 'session cleaned', 'grant_used']) {
      assert.ok(text.includes(promise), `no claim mentions ${promise}`);
    }
  });

  it('fails on a claim without a test, a missing file, a renamed title and a malformed line', () => {
    const files: Record<string, string> = { 'test/a.test.ts': "it('keeps the door shut', () => {});\nit('the server\\'s own', () => {});" };
    const doc = [
      '- **SM-01** Doors stay shut.',
      '  - `test/a.test.ts` › keeps the door shut',
      "  - `test/a.test.ts` › the server's own",
      '- **SM-02** Nothing proves this.',
      '- **SM-03** A test that moved.',
      '  - `test/gone.test.ts` › keeps the door shut',
      '  - `test/a.test.ts` › keeps the door closed',
      '  - test/a.test.ts keeps the door shut',
    ].join('\n');
    assert.deepEqual(check(doc, (file) => files[file]), [
      `${DOC}:8: neither a claim (- **SM-NN** text) nor a test (  - \`file\` › title):   - test/a.test.ts keeps the door shut`,
      'SM-02: no test proves "Nothing proves this."',
      'SM-03: test/gone.test.ts is not a test file of this repository',
      'SM-03: test/a.test.ts has no it()/test() titled "keeps the door closed"',
    ]);
  });
});
