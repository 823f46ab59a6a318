// Property tests for the shell-line classifier: it never fails internally on arbitrary input, its
// facts always fit the schema, and putting a benign command in front of a line never makes the
// line look safer (no lower effect, no lost danger, no new read-only).
import assert from 'node:assert/strict';
import { SUMMARY_MAX } from '../../src/render/characters.ts';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { decideShell } from '../fixtures/shipped-policy.ts';
import { classifyShellLine, initShellParser, shellShape, ShellFactsSchema, summarizeShellLine, type ShellFacts } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

type Effect = 'allow' | 'confirm' | 'review' | 'deny';
const rank: Record<Effect, number> = { allow: 0, confirm: 1, review: 2, deny: 3 };
const effectOf = (shell: ShellFacts): Effect => decideShell(shell).effect;

const TOKENS = [
  'rm', '-rf', '/', '/*', '~', 'sudo', '-u', 'root', 'bash', 'sh', '-c', 'eval', 'env', 'xargs', 'find', '-exec', '{}', '\\;',
  'echo', 'cat', '/etc/shadow', 'curl', 'https://x.example', 'python3', '-e', 'ls', 'grep', 'x', 'reboot', 'dd', 'of=/dev/sda',
  "'", '"', '$(', ')', '`', '(', '{', '}', '[', ']', '|', '||', '&&', ';', '&', '>', '>>', '<', '<<', '<<<', '2>&1', '&>',
  '<(', '>(', '$x', '${x:-', '$((', '))', '((', '$\'\\x72\'', '\\', '*', '?', '#', '=', 'x=1', 'EOF', '\n', '\t',
  'for', 'in', 'do', 'done', 'if', 'then', 'else', 'fi', 'while', 'case', 'esac', ';;', 'function', 'f()', ':(){', ':|:&', '};:',
  '!', 'time', 'coproc', 'exec', 'trap', 'alias', '@P', '${!', 'HISTFILE=', '/dev/tcp/1.2.3.4/80', '\u00a0', '\r', '\0',
];
const tokenLine = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(' ', '', ' ', '\n')), { maxLength: 24 })
  .map((parts) => parts.map(([token, gap]) => token + gap).join(''));

const BENIGN = ['ls', 'uptime', 'echo hi', 'pwd', 'true', 'date', 'whoami', 'cat /etc/hostname', 'df -h'];
const corpus = (parseYaml(readFileSync(new URL('./shell-corpus.yaml', import.meta.url), 'utf8')) as Array<{ line: string }>).map((e) => e.line);

function checkFacts(line: string): ShellFacts {
  const facts = classifyShellLine(line);
  assert.doesNotMatch(facts.error, /internal error/, `internal failure on ${JSON.stringify(line)}`);
  ShellFactsSchema.parse(facts);
  if (facts.hasError) assert.equal(facts.readOnly, false);
  return facts;
}

function checkPrefix(benign: string, line: string): void {
  const alone = classifyShellLine(line);
  const prefixed = classifyShellLine(`${benign}; ${line}`);
  const where = `${JSON.stringify(benign)} before ${JSON.stringify(line)}`;
  assert.ok(rank[effectOf(prefixed)] >= rank[effectOf(alone)], `effect lowered: ${where}`);
  // The facts of a line that does not parse are the parser's best guess (its error recovery may
  // read `: reboot` as an argument once a command comes first): such a line is never trusted
  // (shell-deny-unparseable), which the effect check above holds. Every fact holds for lines that parse.
  if (prefixed.hasError) {
    assert.equal(effectOf(prefixed), 'deny', `an unparseable line is denied: ${where}`);
    return;
  }
  for (const danger of alone.danger) assert.ok(prefixed.danger.includes(danger), `lost ${danger}: ${where}`);
  assert.ok(alone.readOnly || !prefixed.readOnly, `became read-only: ${where}`);
}

describe('classification is total', () => {
  it('never fails internally on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void checkFacts(s)), { numRuns: 400 });
  });
  it('never fails internally on mixes of shell tokens', () => {
    fc.assert(fc.property(tokenLine, (s) => void checkFacts(s)), { numRuns: 800 });
  });
  it('shape and summary never fail, and the summary stays one short line', () => {
    fc.assert(
      fc.property(fc.oneof(tokenLine, fc.string({ unit: 'binary', maxLength: 300 })), (s) => {
        assert.equal(typeof shellShape(s), 'string');
        const summary = summarizeShellLine(s);
        assert.ok(summary.length <= SUMMARY_MAX);
        assert.doesNotMatch(summary, /[\n\r]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a benign command in front never makes a line look safer', () => {
  it('for every corpus line', () => {
    fc.assert(fc.property(fc.constantFrom(...BENIGN), fc.constantFrom(...corpus), checkPrefix), { numRuns: 600 });
  });
  it('for generated lines', () => {
    fc.assert(fc.property(fc.constantFrom(...BENIGN), tokenLine, checkPrefix), { numRuns: 800 });
  });
  it('for a line the parser recovers differently once a command comes first', () => {
    checkPrefix('ls', '\u0000 rm };: reboot ');
  });
});
