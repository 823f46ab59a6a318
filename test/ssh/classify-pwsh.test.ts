// PowerShell's own command line (pwsh, and Windows PowerShell's powershell), spelled every way it
// accepts: any case, any unambiguous abbreviation, the documented aliases (-c, -e, -ec, -ep, -i,
// -if, -of, -wd, -cwa, -?), values attached with a colon, two dashes, a slash, a typographic dash.
// Names are written out here and not read from the classifier's table. A value parameter
// forgotten makes its value the script (and the code after it goes unseen); -Command takes the rest
// of the line, -File ends the parameters; a parameter it does not know makes the reading uncertain.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { scanLine } from '../../tools/ssh/classify/classify.ts';
import { inlineCode } from '../../tools/ssh/classify/interpreters.ts';

before(() => initShellParser());

const PROGRAM = 'system("rm /tmp/a")';
const CODE = `'${PROGRAM}'`;
const NAMES = ['pwsh', 'powershell'];

interface Reading {
  code: string[];
  script?: string;
  fromStdin: boolean;
  /** A command the line does not name was added: the classifier is unsure what runs. */
  uncertain: boolean;
}

/** What the classifier reads of the interpreter's words. */
function reading(line: string): Reading {
  const scan = scanLine(line);
  assert.ok(typeof scan !== 'string', String(scan));
  const found = scan.found.find((f) => NAMES.includes(f.name));
  assert.ok(found, 'the interpreter is found');
  const inline = inlineCode(found);
  assert.ok(inline, 'pwsh has inline code rules');
  return {
    code: inline.code,
    ...(inline.script ? { script: inline.script.text } : {}),
    fromStdin: inline.fromStdin,
    uncertain: classifyShellLine(line).commands.some((c) => c.dynamic),
  };
}

/** The commands the line runs through another (the rm of the code, as the interpreter's code). */
const inner = (line: string) => classifyShellLine(line).commands.filter((c) => c.via.length > 0).map((c) => [c.name, c.args, c.via]);

/** Each line (its words after the interpreter's name) has exactly CODE as code: rm is seen, nothing is uncertain. */
function runs(title: string, words: string[]): void {
  for (const name of NAMES) {
    describe(`${name}: ${title}`, () => {
      for (const line of words.map((w) => `${name} ${w}`)) {
        it(line, () => {
          assert.deepEqual(reading(line), { code: [PROGRAM], fromStdin: false, uncertain: false });
          assert.deepEqual(inner(line), [['rm', ['/tmp/a'], [`${name} code`]]]);
        });
      }
    });
  }
}

const VALUE_PARAMETERS = [
  'ExecutionPolicy', 'executionpolicy', 'EXECUTIONPOLICY', 'Exec', 'ex', 'ep', 'EP',
  'WindowStyle', 'w', 'win',
  'WorkingDirectory', 'wd', 'wo', 'work',
  'ConfigurationName', 'config', 'configurationn', 'ConfigurationFile', 'configurationf',
  'CustomPipeName', 'cus',
  'OutputFormat', 'o', 'of', 'out',
  'InputFormat', 'inp', 'if', 'IF',
  'Version', 'v', 'ver',
  'SettingsFile', 'settings', 'se',
  'PSConsoleFile', 'p', 'psc',
];

runs('a parameter that takes a value takes the next word, not the code and not the script', 
  VALUE_PARAMETERS.map((p) => `-${p} v -Command ${CODE}`));

for (const name of NAMES) {
  it(`${name}: the value of a value parameter is not taken for code (-ExecutionPolicy holds a c)`, () => {
    assert.deepEqual(reading(`${name} -ExecutionPolicy Bypass`), { code: [], fromStdin: true, uncertain: false });
  });
}

const SWITCHES = [
  'NoLogo', 'nol', 'nologo', 'NonInteractive', 'noni', 'NoExit', 'noe', 'NoProfile', 'nop', 'noprofile', 'NOPROFILE',
  'NoProfileLoadTime', 'noprofilel', 'nopro', 'Login', 'l', 'MTA', 'mta', 'm', 'STA', 'sta', 'st',
  'Interactive', 'i', 'inter', 'SSHServerMode', 'sshs', 'Help', 'h', '?',
];

// quoted: -? is a glob to bash
runs('a switch takes no value: the parameter after it is read', SWITCHES.map((p) => `'-${p}' -Command ${CODE}`));
runs('switches and values together', [
  `-NoProfile -NonInteractive -NoLogo -ExecutionPolicy Bypass -WindowStyle Hidden -Command ${CODE}`,
  `-nop -noni -w hidden -ep bypass -c ${CODE}`,
  `-WorkingDirectory /tmp -c ${CODE}`,
  `-ConfigurationName x -Command ${CODE}`,
  `-OutputFormat Text -InputFormat Text -Command ${CODE}`,
  `-Version 7 -CustomPipeName p -SettingsFile s.json -Command ${CODE}`,
]);

runs('-Command as every documented spelling', ['-Command', '-command', '-COMMAND', '-Comm', '-com', '-c', '-C', '-CommandWithArgs', '-cwa', '-commandw'].map((p) => `${p} ${CODE}`));

runs('values attached with a colon, as PowerShell writes parameter values', [
  `-ExecutionPolicy:Bypass -Command ${CODE}`,
  `-ep:Bypass -c ${CODE}`,
  `-WindowStyle:Hidden -Command:${CODE}`,
  `-c: ${CODE}`,
  `-ExecutionPolicy: Bypass -c ${CODE}`,
  `-Command=${CODE}`,
]);

runs('two dashes, a slash and a typographic dash introduce a parameter as one dash does', [
  `--ExecutionPolicy Bypass --Command ${CODE}`,
  `--ep Bypass --c ${CODE}`,
  `/ExecutionPolicy Bypass /Command ${CODE}`,
  `/c ${CODE}`,
  `\u2013ExecutionPolicy Bypass \u2013c ${CODE}`,
  `\u2014c ${CODE}`,
  `' -c' ${CODE}`,
]);

for (const name of NAMES) {
  describe(`${name}: -Command takes every word after it`, () => {
    for (const [line, code] of [
      [`${name} -Command echo ${CODE}`, `echo ${PROGRAM}`],
      [`${name} -c Write-Output -NoProfile ${CODE}`, `Write-Output -NoProfile ${PROGRAM}`],
      [`${name} -Command:echo ${CODE}`, `echo ${PROGRAM}`],
      [`${name} -NoProfile -Command -File x.ps1`, '-File x.ps1'],
    ] as const) {
      it(line, () => {
        assert.deepEqual(reading(line), { code: [code], fromStdin: false, uncertain: false });
        if (code.includes(PROGRAM)) assert.deepEqual(inner(line), [['rm', ['/tmp/a'], [`${name} code`]]]);
      });
    }
  });

  describe(`${name}: -EncodedCommand takes one word as code, then parameters go on`, () => {
    for (const p of ['-EncodedCommand', '-encodedcommand', '-enc', '-en', '-e', '-E', '-ec', '-EC', '-EncodedCommand:']) {
      const line = `${name} -NoProfile -WindowStyle Hidden ${p} ZQBjAGgAbwA= -NoExit -ExecutionPolicy Bypass`.replace(': ', ':');
      it(line, () => assert.deepEqual(reading(line), { code: ['ZQBjAGgAbwA='], fromStdin: false, uncertain: false }));
    }
  });

  describe(`${name}: -File names the script and ends the parameters`, () => {
    for (const line of [
      `${name} -File x.ps1 -Command ${CODE}`,
      `${name} -file x.ps1 -c ${CODE}`,
      `${name} -f x.ps1 -c ${CODE}`,
      `${name} -Fi x.ps1 -c ${CODE}`,
      `${name} -File:x.ps1 -c ${CODE}`,
      `${name} -NoProfile -ExecutionPolicy Bypass -File x.ps1 -c ${CODE}`,
      // pwsh's default parameter is -File; Windows PowerShell's is -Command (below).
      ...(name === 'pwsh' ? [`${name} -ep Bypass x.ps1 -c ${CODE}`, `${name} x.ps1 -c ${CODE}`] : []),
    ]) {
      it(line, () => {
        assert.deepEqual(reading(line), { code: [], script: 'x.ps1', fromStdin: false, uncertain: false });
        assert.deepEqual(inner(line), []);
        assert.deepEqual(classifyShellLine(line).readsPaths, ['~/x.ps1']);
      });
    }
  });

  describe(`${name}: - as the code or the file reads the program from stdin`, () => {
    for (const line of [`echo ${CODE} | ${name} -Command -`, `echo ${CODE} | ${name} -c -`, `echo ${CODE} | ${name} -File -`, `echo ${CODE} | ${name} -NoProfile -`, `echo ${CODE} | ${name} -ep Bypass`, `echo ${CODE} | ${name}`]) {
      it(line, () => {
        assert.deepEqual(reading(line), { code: [], fromStdin: true, uncertain: false });
        assert.deepEqual(inner(line), [['rm', ['/tmp/a'], [`${name} code`]]]);
      });
    }
  });

  describe(`${name}: a parameter it does not know, or an ambiguous abbreviation, makes the reading uncertain`, () => {
    for (const p of ['-Bogus', '-co', '-in', '-s', '--', '-ExecutionPolicyX', '---c', '-nonx']) {
      const line = `${name} ${p} -Command ${CODE}`;
      it(line, () => assert.equal(reading(line).uncertain, true));
    }
  });
}

// Windows PowerShell runs its first word that is no parameter, and every word after it, as -Command does.
describe('powershell: a first word that is no parameter starts the command', () => {
  const rows: Array<[string, string]> = [
    [`powershell x.ps1 -c ${CODE}`, `x.ps1 -c ${PROGRAM}`],
    [`powershell -ep Bypass x.ps1 -c ${CODE}`, `x.ps1 -c ${PROGRAM}`],
    ['powershell -NoProfile Remove-Item -Recurse /etc', 'Remove-Item -Recurse /etc'],
    ['powershell "Get-Content /etc/shadow"', 'Get-Content /etc/shadow'],
  ];
  for (const [line, code] of rows) {
    it(line, () => {
      assert.deepEqual(reading(line), { code: [code], fromStdin: false, uncertain: false });
      assert.equal(classifyShellLine(line).interpreterCode, true);
    });
  }
  it('pwsh reads the same word as its script file', () => {
    assert.deepEqual(reading('pwsh Remove-Item -Recurse /etc'), { code: [], script: 'Remove-Item', fromStdin: false, uncertain: false });
  });
});
