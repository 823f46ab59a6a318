// History variables set to a value that stops recording, in every form bash reads that way: bash
// takes HISTSIZE and HISTFILESIZE as a number after skipping blanks and a sign (` 0`, `+0`, `-0`
// keep no history), evaluates them as arithmetic once declared -i (`1-1`), and a value the line
// does not show (`$Z`, `$(...)`, read, mapfile, printf -v) may be anything; arithmetic assigns
// any variable it names (`let HISTSIZE=0`, `((HISTFILE=1))`). Each must be denied as history
// tampering; a plain number other than zero, and a HISTIGNORE pattern without `*`, must not.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const TAMPERING = [
  'HISTSIZE=0',
  'HISTSIZE=-0',
  'HISTSIZE=+0',
  "HISTSIZE=' 0'",
  "HISTSIZE='0 '",
  "HISTFILESIZE=$'\\t00'",
  'HISTSIZE= ls',
  'HISTSIZE=$Z ls',
  'Z=0; HISTSIZE=$Z',
  'HISTSIZE=$(echo 0)',
  'HISTFILESIZE=${N} ls',
  'export HISTSIZE=$Z',
  'declare HISTFILESIZE="$Z"',
  'declare -i HISTSIZE=1-1',
  'declare -i HISTSIZE; HISTSIZE=0x0',
  'HISTIGNORE=$P ls',
  'HISTIGNORE="$P"',
  'read HISTIGNORE <<< "*"',
  'mapfile HISTIGNORE',
  'printf -v HISTSIZE 0',
  'read HISTSIZE <<< 0',
  // arithmetic assigns any variable it names
  'let HISTSIZE=0',
  '((HISTSIZE=0))',
  ': $((HISTFILESIZE=0))',
  'for ((HISTSIZE=0; 0; )); do :; done',
  '(( HISTFILE = 1 ))',
  'a[HISTSIZE=0]=1',
];

const KEEPING = ['let n=HISTCMD+1', 'for ((i=0; i<1; i++)); do echo HISTSIZE; done', 'HISTSIZE=10 ls', 'HISTSIZE=-1 ls', "HISTFILESIZE=' 5000 '", 'HISTSIZE=010', 'HISTIGNORE=ls ls', "HISTIGNORE='ls:pwd'", 'Z=$HISTSIZE'];

describe('history variables set by value', () => {
  for (const line of TAMPERING) {
    it(`denies ${line} as history tampering`, () => {
      const facts = classifyShellLine(line);
      assert.ok(facts.danger.includes('history_tamper'), `${line}: ${facts.danger.join(', ')}`);
      assert.equal(decideShell(facts).effect, 'deny');
    });
  }
  for (const line of KEEPING) {
    it(`does not read ${line} as history tampering`, () => {
      assert.deepEqual(classifyShellLine(line).danger, []);
    });
  }
});
