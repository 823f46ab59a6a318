// The options of the script interpreters (python, perl, ruby, node, php, lua, Rscript, osascript,
// pwsh, expect), letter by letter and name by name, written out here and not read from the
// classifier's table. A code option forgotten hides the code (its shell commands go unseen); a
// value option forgotten makes its value the script, so the code after it goes unseen; a letter
// whose value is only attached (perl -i.bak) read as taking the next word swallows the code option.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

const CODE = `'system("rm /tmp/a")'`;

const inner = (line: string) => classifyShellLine(line).commands.slice(1).map((c) => [c.name, c.args, c.via]);

/** Rows of lines whose code runs rm, as the interpreter's code. */
function runs(title: string, name: string, lines: string[]): void {
  describe(title, () => {
    for (const line of lines) it(line, () => assert.deepEqual(inner(line), [['rm', ['/tmp/a'], [`${name} code`]]]));
  });
}

runs('python: -c is code; -W, -X and -Q take a value', 'python3', [
  `python3 -c ${CODE}`,
  ...[...'WXQ'].map((letter) => `python3 -${letter} v -c ${CODE}`),
]);

runs('perl: -e and -E are code; -I takes a value; -M, -m, -i, -x and -d take only what is attached', 'perl', [
  `perl -e ${CODE}`,
  `perl -E ${CODE}`,
  `perl -I v -e ${CODE}`,
  `perl -Iv -e ${CODE}`,
  ...['-MPOSIX', '-mPOSIX', '-i', '-i.bak', '-x', '-d:Trace', '-pi'].map((option) => `perl ${option} -e ${CODE}`),
  // -l and -0 take only digits: the e after them is -e
  `perl -lne ${CODE}`,
  `perl -0777ne ${CODE}`,
]);

runs('ruby: -e is code; -I, -r, -C and -E take a value', 'ruby', [
  `ruby -e ${CODE}`,
  ...[...'IrCE'].map((letter) => `ruby -${letter} v -e ${CODE}`),
]);

for (const name of ['node', 'nodejs', 'bun']) {
  runs(`${name}: -e, -p, --eval and --print are code; -r and --require take a value`, name, [
    ...['-e', '-p', '--eval', '--print'].map((option) => `${name} ${option} ${CODE}`),
    `${name} -r v -e ${CODE}`,
    `${name} --require v -e ${CODE}`,
  ]);
}

runs('php: -r, -B, -R and -E are code; -c, -d, -f, -z and -t take a value', 'php', [
  ...[...'rBRE'].map((letter) => `php -${letter} ${CODE}`),
  ...[...'cdfzt'].map((letter) => `php -${letter} v -r ${CODE}`),
]);

for (const name of ['lua', 'luajit']) runs(`${name}: -e is code; -l takes a value`, name, [`${name} -e ${CODE}`, `${name} -l v -e ${CODE}`]);

for (const name of ['Rscript', 'osascript']) runs(`${name}: -e is code`, name, [`${name} -e ${CODE}`]);

for (const name of ['pwsh', 'powershell']) {
  runs(`${name}: -Command, -EncodedCommand and -ec are code, in any case and any abbreviation`, name, [
    ...['-Command', '-command', '-Comm', '-c', '-EncodedCommand', '-enc', '-e', '-ec', '-Command='].map((option) => `${name} ${option} ${CODE}`.replace('= ', '=')),
  ]);
}

runs('expect: -c is code; -f takes a value', 'expect', [`expect -c ${CODE}`, `expect -f v -c ${CODE}`]);

/** Rows of lines that run a script file and no inline code: exactly the files read. */
function scripts(title: string, cases: Array<[string, string[]]>): void {
  describe(title, () => {
    for (const [line, reads] of cases) {
      it(line, () => {
        const facts = classifyShellLine(line);
        assert.deepEqual({ code: facts.interpreterCode, reads: facts.readsPaths }, { code: false, reads });
      });
    }
  });
}

scripts("an attached-only letter's value is the rest of its word: the e in it is no -e, the next word is the script", [
  ...['M', 'm', 'i', 'x', 'd'].map((letter): [string, string[]] => [`perl -${letter}e x.pl`, ['~/x.pl']]),
  ...['F', 'K', 'x'].map((letter): [string, string[]] => [`ruby -${letter}e x.rb`, ['~/x.rb']]),
  // -l alone takes no value: the next word is the script
  ['perl -l x.pl', ['~/x.pl']],
]);

scripts('python -m runs a module, not a file', [
  ['python3 -m http.server', []],
  ['python3 x.py', ['~/x.py']],
]);
