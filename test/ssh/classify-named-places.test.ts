// A reader whose files are named only at run time (xargs cat, cat "$f", cat $(...)) reads whatever
// names the line hands it, and the line can make those names from any place it mentions: a find or
// ls of a secret directory, a for loop over its glob, a cd into it, a secret file's bare name given
// to find or locate. Each such line is a secret read, however the names travel to the reader; a
// runtime read on a line that mentions no secret place, or one that cannot reach the place it
// mentions, is not.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const SECRET_READS = [
  'find ~/.ssh -type f | xargs cat',
  'find ~/.ssh -type f -print0 | xargs -0 head',
  'find ~/.aws | xargs -n1 tail',
  'ls ~/.ssh | xargs -I{} cat {}',
  'cd ~/.ssh && ls | xargs cat',
  'cd ~/.ssh && cat $(ls)',
  'cd ~/.ssh; for f in *; do cat $f; done',
  'for f in ~/.ssh/*; do cat "$f"; done',
  'for f in ~/.ssh/id_*; do base64 "$f"; done',
  'select f in ~/.gnupg/*; do cat "$f"; break; done',
  'ls ~/.ssh | while read f; do cat "$f"; done',
  'cat $(echo ~/.ssh/id_rsa)',
  'cat $(find ~/.ssh -name "id_*")',
  'cat `ls -d ~/.aws/*`',
  'find ~ -name id_rsa | xargs cat',
  'find / -name shadow | xargs cat',
  'find / -path "*/.kube/config" | xargs cat',
  'locate id_ed25519 | xargs cat',
  'd=~/.ssh; ls $d | while read f; do cat "$d/$f"; done',
  'keys=(~/.ssh/*); cat "${keys[@]}"',
  'printf "%s\\n" ~/.ssh/* > /tmp/l; xargs cat < /tmp/l',
  'find ~/.ssh -type f > /tmp/l; xargs -a /tmp/l cat',
  'find ~/.ssh -type f | xargs -I{} cp {} /tmp/out/',
  'ls /etc/sudoers.d | xargs -I% cat /etc/sudoers.d/%',
  'd=~/.ssh; find $d | xargs cat',
  'export D=~/.aws; ls $D | xargs -I{} cat $D/{}',
  'while read f; do cat "$f"; done < <(find ~/.ssh -type f)',
  'cd ~/.ssh && ls -a | xargs cat',
  'plocate .pgpass | xargs cat',
  'declare -a k=(~/.ssh/*); cat "${k[@]}"',
  'mapfile -t a < <(find ~/.aws -type f); cat "${a[@]}"',
  'while IFS= read -r f; do head "$f"; done < <(ls -d /home/*/.ssh/*)',
  // a plain name read in a directory the line leaves unknown may be a name in any place it mentions
  'cd "$1" && cat notes; ls ~/.ssh',
];

const NOT_SECRET = [
  'find /var/log -name "*.log" | xargs cat',
  'for f in /var/log/*.log; do tail -n 5 "$f"; done',
  'cd /srv/app && cat $(ls *.conf)',
  'chmod 600 ~/.ssh/id_rsa && cat /var/log/app-$(date +%F).log',
  'ls ~/.ssh',
  'find ~/.ssh -name "*.pub"',
  'ls ~/.ssh | wc -l',
  // "ssl" is grep's pattern; as a directory it would hold no secret for its name either (a .key is one anywhere)
  'find /etc/nginx -name "*.conf" | xargs grep -l ssl',
];

describe('reads of files named at run time, on a line that names a secret place', () => {
  for (const line of SECRET_READS) {
    it(`${line} is a secret read, denied`, () => {
      const facts = classifyShellLine(line);
      assert.equal(facts.hasError, false, facts.error);
      assert.equal(decideShell(facts).effect, 'deny');
      assert.ok(facts.sensitiveReads.length > 0, `no secret read in ${JSON.stringify(facts.readsPaths)}`);
      assert.equal(facts.readOnly, false);
    });
  }
});

describe('reads of files named at run time that cannot reach a secret place', () => {
  for (const line of NOT_SECRET) {
    it(`${line} is no secret read`, () => assert.deepEqual(classifyShellLine(line).sensitiveReads, []));
  }
});
