// Text piped into a shell is code: what each stage writes, when the line alone says (echo and its
// flags, printf and its formats, cat and tee passing input on, the decoders base64 -d, xxd -r -p and
// rev), is read again as a line. Each row is the command the shell on the right would run, exactly,
// or that the classifier cannot know it (a dynamic command, held for review).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

/** The commands the line runs through a shell's stdin, as "name arg arg". */
function piped(line: string): string[] {
  return classifyShellLine(line).commands.filter((c) => c.via.some((v) => v.endsWith('stdin'))).map((c) => (c.dynamic ? '<dynamic>' : [c.name, ...c.args].join(' ')));
}

describe('text piped into a shell', () => {
  const rows: Array<[string, string[]]> = [
    // echo: words joined by spaces, -n, -e (escapes), -E (none), combined flags, and a word that only looks like a flag
    ["echo rm -rf / | sh", ['rm -rf /']],
    ["echo -n 'rm -rf /' | sh", ['rm -rf /']],
    ["echo -e 'rm\\x20-rf /' | sh", ['rm -rf /']],
    ["echo -ne 'rm\\x20-rf /' | sh", ['rm -rf /']],
    // (-E leaves the escape to the shell on the right, which unquotes \x to x)
    ["echo -e -E 'ls\\x20-l' | sh", ['lsx20-l']],
    ["echo -E 'ls\\x20-l' | sh", ['lsx20-l']],
    ["echo -x 'ls' | sh", ['-x ls']],
    // printf: the format decoded, %s and %b filled in order, %% kept, -- skipped
    ["printf 'rm -rf /' | sh", ['rm -rf /']],
    ["printf '\\x72\\x6d -rf /' | sh", ['rm -rf /']],
    ["printf '%s %s' rm /tmp/x | sh", ['rm /tmp/x']],
    ["printf '%b' 'rm\\040-rf /' | sh", ['rm -rf /']],
    ["printf 'echo 100%%' | sh", ['echo 100%']],
    ["printf -- 'rm -rf /' | sh", ['rm -rf /']],
    ["printf '%s' | sh", []],
    // printf it cannot follow: another conversion, values left over, an option, no format
    ["printf '%d' 5 | sh", ['<dynamic>']],
    ["printf '%s' ls extra | sh", ['<dynamic>']],
    ["printf -v x ls | sh", ['<dynamic>']],
    ['printf | sh', ['<dynamic>']],
    // passing input on
    ['echo rm -rf / | cat | sh', ['rm -rf /']],
    ['echo rm -rf / | cat - | sh', ['rm -rf /']],
    ['echo rm -rf / | tee | sh', ['rm -rf /']],
    ['echo rm -rf / | cat /dev/null | sh', ['<dynamic>']],
    ['echo rm -rf / | tee /tmp/copy | sh', ['<dynamic>']],
    // decoders
    ['echo cm0gLXJmIC8= | base64 -d | sh', ['rm -rf /']],
    ['echo cm0gLXJmIC8= | base64 --decode | bash', ['rm -rf /']],
    ['echo cm0gLXJmIC8= | base64 -D | sh', ['rm -rf /']],
    ['echo cm0gLXJmIC8= | base64 | sh', ['<dynamic>']],
    ["echo 'not base64!' | base64 -d | sh", ['<dynamic>']],
    ['echo 726d202d7266202f | xxd -r -p | sh', ['rm -rf /']],
    ['echo 726d202d7266202f | xxd -rp | sh', ['rm -rf /']],
    ['echo 726d202d7266202f | xxd -pr | sh', ['rm -rf /']],
    ['echo 726d202d7266202f | xxd -p -r | sh', ['rm -rf /']],
    ['echo 726d202d7266202f | xxd -p | sh', ['<dynamic>']],
    ['echo 726d202d7266202f | xxd -p x-r | sh', ['<dynamic>']],
    ['echo 726d202d7266202f | xxd -r x-p | sh', ['<dynamic>']],
    ['cat /tmp/hex | xxd -r -p | sh', ['<dynamic>']],
    ['echo 726d202d7266202f | xxd -r | sh', ['<dynamic>']],
    ['echo 726d2 | xxd -r -p | sh', ['<dynamic>']],
    ["echo '/ fr- mr' | rev | sh", ['rm -rf /']],
    ["echo '/ fr- mr' | rev -x | sh", ['<dynamic>']],
    ['rev | sh', ['<dynamic>']],
    // a stage whose output goes elsewhere, or whose input comes from a file
    ['echo rm -rf / > /tmp/x | sh', ['<dynamic>']],
    ['cat < /tmp/script | sh', ['<dynamic>']],
    ["cat <<< 'rm -rf /' | sh", ['rm -rf /']],
    ['echo "$CMD" | sh', ['<dynamic>']],
    ['/bin/echo rm -rf / | sh', ['rm -rf /']],
    ['tr a-z a-z <<< ls | sh', ['<dynamic>']],
  ];
  for (const [line, commands] of rows) {
    it(line, () => {
      assert.deepEqual(piped(line), commands);
      const facts = classifyShellLine(line);
      assert.equal(facts.hasError, false);
      // What is known is decided; what is not goes to a person; nothing unknown is allowed.
      if (commands.includes('rm -rf /')) assert.equal(decideShell(facts).effect, 'deny');
      if (commands.includes('<dynamic>')) assert.notEqual(decideShell(facts).effect, 'allow');
    });
  }
});
