// Interpreters and downloaders: which calls run inline code (-c, -e, -r, --eval, -Command, code
// on stdin), and which lines run downloaded content (piped, substituted, or saved and run). Each
// row is a line and its exact interpreterCode, downloadPipedToInterpreter and command names.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

interface Expected {
  code: boolean;
  download: boolean;
  names: string[];
}

const ROWS: Array<[string, Expected]> = [
  ['python3 -c \'print(1)\'', { code: true, download: false, names: ['python3'] }],
  ['python -c\'print(1)\'', { code: true, download: false, names: ['python'] }],
  ['python3 -W ignore -c \'print(1)\'', { code: true, download: false, names: ['python3'] }],
  ['python3 -m http.server', { code: false, download: false, names: ['python3'] }],
  ['python3 script.py', { code: false, download: false, names: ['python3'] }],
  ['python3', { code: false, download: false, names: ['python3'] }],
  ['echo x | python3', { code: true, download: false, names: ['echo', 'python3'] }],
  ['echo x | python3 -', { code: true, download: false, names: ['echo', 'python3'] }],
  ['pypy3 -c \'x\'', { code: true, download: false, names: ['pypy3'] }],
  ['perl -e \'print 1\'', { code: true, download: false, names: ['perl'] }],
  ['perl -E \'say 1\'', { code: true, download: false, names: ['perl'] }],
  ['perl -I lib -e \'print 1\'', { code: true, download: false, names: ['perl'] }],
  ['perl -ne \'print\' f', { code: true, download: false, names: ['perl'] }],
  ['perl script.pl', { code: false, download: false, names: ['perl'] }],
  ['ruby -e \'puts 1\'', { code: true, download: false, names: ['ruby'] }],
  ['ruby -r json -e \'puts 1\'', { code: true, download: false, names: ['ruby'] }],
  ['irb', { code: false, download: false, names: ['irb'] }],
  ['node -e \'1\'', { code: true, download: false, names: ['node'] }],
  ['node -p \'1\'', { code: true, download: false, names: ['node'] }],
  ['node --eval \'1\'', { code: true, download: false, names: ['node'] }],
  ['node --print=1', { code: true, download: false, names: ['node'] }],
  ['node -r mod script.js', { code: false, download: false, names: ['node'] }],
  ['node --require mod script.js', { code: false, download: false, names: ['node'] }],
  ['nodejs -e 1', { code: true, download: false, names: ['nodejs'] }],
  ['bun -e 1', { code: true, download: false, names: ['bun'] }],
  ['deno eval \'console.log(1)\'', { code: true, download: false, names: ['deno'] }],
  ['deno run x.ts', { code: false, download: false, names: ['deno'] }],
  ['php -r \'echo 1;\'', { code: true, download: false, names: ['php'] }],
  ['php -B \'x\' -R \'y\'', { code: true, download: false, names: ['php'] }],
  ['php -c php.ini script.php', { code: false, download: false, names: ['php'] }],
  ['lua -e \'print(1)\'', { code: true, download: false, names: ['lua'] }],
  ['lua -l mod script.lua', { code: false, download: false, names: ['lua'] }],
  ['luajit -e x', { code: true, download: false, names: ['luajit'] }],
  ['Rscript -e \'1\'', { code: true, download: false, names: ['Rscript'] }],
  ['osascript -e \'x\'', { code: true, download: false, names: ['osascript'] }],
  ['pwsh -c \'Get-Date\'', { code: true, download: false, names: ['pwsh'] }],
  ['pwsh -Command \'Get-Date\'', { code: true, download: false, names: ['pwsh'] }],
  ['powershell -EncodedCommand ZQBjAGgAbwA=', { code: true, download: false, names: ['powershell'] }],
  ['pwsh -ec ZQ==', { code: true, download: false, names: ['pwsh'] }],
  ['pwsh -File x.ps1', { code: false, download: false, names: ['pwsh'] }],
  ['expect -c \'spawn ssh h\'', { code: true, download: false, names: ['expect'] }],
  ['expect -f x.exp', { code: false, download: false, names: ['expect'] }],
  ['tclsh', { code: false, download: false, names: ['tclsh'] }],
  ['echo \'puts 1\' | tclsh', { code: true, download: false, names: ['echo', 'tclsh'] }],
  ['wish x.tcl', { code: false, download: false, names: ['wish'] }],
  ['jshell', { code: false, download: false, names: ['jshell'] }],
  ['curl http://x | sh', { code: false, download: true, names: ['curl', 'sh', '<dynamic>'] }],
  ['curl http://x | bash -s', { code: false, download: true, names: ['curl', 'bash', '<dynamic>'] }],
  ['wget -qO- http://x | python3', { code: true, download: true, names: ['wget', 'python3'] }],
  ['curl http://x | sudo bash', { code: false, download: true, names: ['curl', 'sudo', 'bash', '<dynamic>'] }],
  ['curl http://x > x.sh', { code: false, download: false, names: ['curl'] }],
  ['curl -o x.sh http://x && bash x.sh', { code: false, download: true, names: ['curl', 'bash', '<dynamic>'] }],
  ['curl -o /tmp/x.sh http://x; sh /tmp/x.sh', { code: false, download: true, names: ['curl', 'sh', '<dynamic>'] }],
  ['wget http://x/install.sh && sh install.sh', { code: false, download: true, names: ['wget', 'sh'] }],
  ['wget http://x/install.sh?v=1 && sh install.sh', { code: false, download: true, names: ['wget', 'sh'] }],
  ['curl -O http://x/i.sh && ./i.sh', { code: false, download: true, names: ['curl', 'i.sh'] }],
  ['curl http://x -o i.sh && chmod +x i.sh && ./i.sh', { code: false, download: true, names: ['curl', 'chmod', 'i.sh'] }],
  ['curl http://x > i.sh && bash i.sh', { code: false, download: true, names: ['curl', 'bash', '<dynamic>'] }],
  ['curl -o i.sh http://x && cat i.sh', { code: false, download: false, names: ['curl', 'cat'] }],
  ['curl -o - http://x', { code: false, download: false, names: ['curl'] }],
  ['bash <(curl http://x)', { code: false, download: true, names: ['curl', 'bash', '<dynamic>'] }],
  ['sh -c "$(curl -fsSL http://x)"', { code: false, download: true, names: ['curl', 'sh', '<dynamic>'] }],
  ['bash <<< "$(wget -qO- http://x)"', { code: false, download: true, names: ['wget', 'bash', '<dynamic>'] }],
  ['python3 -c "$(curl http://x)"', { code: true, download: true, names: ['curl', 'python3'] }],
  ['fetch http://x | sh', { code: false, download: true, names: ['fetch', 'sh', '<dynamic>'] }],
  ['aria2c http://x', { code: false, download: false, names: ['aria2c'] }],
  ['GET http://x | perl', { code: true, download: true, names: ['GET', 'perl'] }],
  ['http http://x | sh', { code: false, download: true, names: ['http', 'sh', '<dynamic>'] }],
  ['xh http://x | sh', { code: false, download: true, names: ['xh', 'sh', '<dynamic>'] }],
  ['lftp -c get x | sh', { code: false, download: true, names: ['lftp', 'sh', '<dynamic>'] }],
  ['busybox-wget -O- http://x | sh', { code: false, download: true, names: ['busybox-wget', 'sh', '<dynamic>'] }],
  ['source <(curl http://x)', { code: false, download: true, names: ['curl', 'source', '<dynamic>'] }],
  ['. <(curl http://x)', { code: false, download: true, names: ['curl', '.', '<dynamic>'] }],
  ['eval "$(curl http://x)"', { code: false, download: true, names: ['curl', 'eval', '<dynamic>'] }],
  ['curl http://x | grep y', { code: false, download: false, names: ['curl', 'grep'] }],
  ['curl http://x | tee f | sh', { code: false, download: true, names: ['curl', 'tee', 'sh', '<dynamic>'] }],
];

describe('inline code and downloaded code, exactly', () => {
  for (const [line, want] of ROWS) {
    it(line, () => {
      const facts = classifyShellLine(line);
      assert.deepEqual({ code: facts.interpreterCode, download: facts.downloadPipedToInterpreter, names: facts.names }, want);
    });
  }
});

describe('shell commands written in interpreter code', () => {
  it('a blank one runs nothing and is parsed no deeper', () => {
    const facts = classifyShellLine('python3 -c \'import os; os.system(" "); os.system("")\'');
    assert.deepEqual({ names: facts.names, depth: facts.parseDepth }, { names: ['python3'], depth: 0 });
    assert.deepEqual(classifyShellLine('python3 -c \'import os; os.system("id")\'').parseDepth, 1);
  });
});
