// tar's options whose value is a command it runs, in every spelling tar's argp takes: the value
// attached with "=" or as the next word, an abbreviated name, a short letter in a cluster or in the
// old-style bundle (tar cIf CMD out.tar). A spelling missed hides the command.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const ATTACKS: Array<[string, string]> = [
  ["tar -xf a.tar --to-command 'rm -rf /'", 'tar --to-command'],
  ["tar -xf a.tar --to-com 'rm -rf /'", 'tar --to-command'],
  ["tar -xf a.tar --to-com='rm -rf /'", 'tar --to-command'],
  ["tar -cf a.tar --use-compress-program 'rm -rf /' x", 'tar --use-compress-program'],
  ["tar -cf a.tar --use-compress 'rm -rf /' x", 'tar --use-compress-program'],
  ["tar -cf a.tar --info-script 'rm -rf /' x", 'tar --info-script'],
  ["tar -cf a.tar --new-volume-script 'rm -rf /' x", 'tar --new-volume-script'],
  ["tar -cf h:a.tar --rsh-command 'rm -rf /' x", 'tar --rsh-command'],
  ["tar -cf a.tar --checkpoint=1 --checkpoint-action exec='rm -rf /' x", 'tar --checkpoint-action=exec'],
  ["tar -cf a.tar --checkpoint-act=exec='rm -rf /' x", 'tar --checkpoint-action=exec'],
  ["tar -cf a.tar --checkpoint -I 'rm -rf /' x", 'tar -I'],
  ["tar -xvI 'rm -rf /' -f a.tar", 'tar -I'],
  ["tar -xf a.tar -I'rm -rf /'", 'tar -I'],
  ["tar cIf 'rm -rf /' a.tar x", 'tar -I'],
  ["tar cFf 'rm -rf /' a.tar x", 'tar -F'],
];

describe("tar's command options run their value in every spelling", () => {
  for (const [line, label] of ATTACKS) {
    it(`${line} runs its command: denied`, () => {
      const facts = classifyShellLine(line);
      assert.deepEqual(facts.commands.slice(1).map((c) => [c.name, c.args, c.via]), [['rm', ['-rf', '/'], [label]]]);
      assert.deepEqual(facts.danger, ['recursive_delete_root']);
      assert.equal(decideShell(facts).effect, 'deny');
    });
  }
});

describe('tar options that run nothing stay so', () => {
  const decoys = [
    'tar -cf a.tar --checkpoint=1 --checkpoint-action=dot x',
    'tar -cf a.tar --checkpoint-action echo=exec x',
    'tar -xf a.tar --to-stdout',
    'tar -cf a.tar --exclude exec=x x',
    'tar -tvf a.tar',
    'tar czf a.tgz x',
  ];
  for (const line of decoys) {
    it(line, () => assert.deepEqual(classifyShellLine(line).commands.slice(1), []));
  }
});
