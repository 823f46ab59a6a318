// Words bash reads whole: tree-sitter splits some where no blank stands ("/{$,etc}" as "/{$" and
// ",etc}"), and a brace after a lone "$" still expands; blanks inside quotes after an expansion
// stay part of the word. A word read in two pieces hides the path it names.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

describe('a brace group after a lone "$" expands, and the word stays whole', () => {
  it('rm -rf /{$,etc} removes /$ and /etc: denied', () => {
    const facts = classifyShellLine('rm -rf /{$,etc}');
    assert.deepEqual(facts.writePaths, ['/$', '/etc']);
    assert.equal(decideShell(facts).effect, 'deny');
  });
  it('rm -rf /{$,} removes / too: denied', () => {
    const facts = classifyShellLine('rm -rf /{$,}');
    assert.deepEqual(facts.writePaths, ['/$', '/']);
    assert.deepEqual(facts.danger, ['recursive_delete_root']);
    assert.equal(decideShell(facts).effect, 'deny');
  });
  it('rm /tmp/{$,b} and x{$,/etc}y name the words bash makes', () => {
    assert.deepEqual(classifyShellLine('rm /tmp/{$,b}').writePaths, ['/tmp/$', '/tmp/b']);
    assert.deepEqual(classifyShellLine('rm x{$,/etc}y').commands[0]?.args, ['x$y', 'x/etcy']);
  });
  it('a comma and a closing brace with no opening one are text', () => {
    assert.deepEqual(classifyShellLine('rm /tmp/a,b}').writePaths, ['/tmp/a,b}']);
    assert.deepEqual(classifyShellLine('rm /tmp/a,b}{c,d}').writePaths, ['/tmp/a,b}c', '/tmp/a,b}d']);
  });
  it('echo /{$,etc} only prints: allowed', () => {
    const facts = classifyShellLine('echo /{$,etc}');
    assert.deepEqual(facts.commands[0]?.args, ['/$', '/etc']);
    assert.equal(decideShell(facts).effect, 'allow');
  });
  it('words a blank separates stay two', () => {
    assert.deepEqual(classifyShellLine('rm /tmp/a /tmp/b').writePaths, ['/tmp/a', '/tmp/b']);
    assert.deepEqual(classifyShellLine('rm /tmp/a >/tmp/o /tmp/b').commands[0]?.args, ['/tmp/a', '/tmp/b']);
  });
});

describe('a blank after an expansion inside quotes is part of the word', () => {
  for (const line of ['rm -rf "$HOME "', 'rm -rf "${HOME}\t"']) {
    it(line, () => {
      const facts = classifyShellLine(line);
      assert.deepEqual(facts.danger, []);
      assert.match(facts.writePaths[0] ?? '', /\s$/);
    });
  }
  it('rm -rf "$HOME" removes the home directory', () => {
    assert.deepEqual(classifyShellLine('rm -rf "$HOME"').writePaths, ['~']);
  });
});
