// iptables' long option names, as far as they decide a firewall flush, written out here and not
// read from the classifier's table. getopt takes an exact name first, else a unique prefix, so a
// name matters where its absence changes what some spelling resolves to: --delete would become
// --delete-chain, --f would no longer be shared by --flush and --fragment, --p by --policy and
// --protocol. The other names only change which spellings of harmless options are ambiguous; the
// firewall flush does not depend on them.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

/** Rows of lines and whether each flushes the firewall (or opens it by an ACCEPT policy). */
function rows(title: string, cases: Array<[string, boolean]>): void {
  describe(title, () => {
    for (const [line, flush] of cases) it(line, () => assert.equal(classifyShellLine(line).danger.includes('firewall_flush'), flush));
  });
}

rows('iptables --flush, --delete-chain and --policy CHAIN ACCEPT are known by name', [
  ['iptables --flush', true],
  ['iptables --delete-chain', true],
  ['iptables --policy INPUT ACCEPT', true],
  ['iptables --policy INPUT DROP', false],
]);

rows("a name that is a prefix of another is that option, not the other's abbreviation", [
  // --delete removes one rule; without its own name it would abbreviate --delete-chain
  ['iptables --delete INPUT 1', false],
  ['iptables --dele INPUT 1', false],
  ['iptables --delete-', true],
]);

rows('an abbreviation two names share is refused: iptables runs nothing', [
  // --f: --flush and --fragment
  ['iptables --f', false],
  ['iptables --fl', true],
  // --p: --policy and --protocol
  ['iptables --p INPUT ACCEPT', false],
  ['iptables --po INPUT ACCEPT', true],
  // --de: --delete, --delete-chain and --destination (without --destination, still two)
  ['iptables --de', false],
]);

rows("-P's chain may be attached to it, to --policy by '=', or follow other letters in one word", [
  ['iptables -P INPUT ACCEPT', true],
  ['iptables -PINPUT ACCEPT', true],
  ['iptables -vP INPUT ACCEPT', true],
  ['iptables -t filter -P INPUT ACCEPT', true],
  ['iptables --policy=INPUT ACCEPT', true],
  ['iptables --pol=INPUT ACCEPT', true],
  // decoys: another target, and ACCEPT as a rule's jump
  ['iptables -PINPUT DROP', false],
  ['iptables --policy=INPUT DROP', false],
  ['iptables -A INPUT -j ACCEPT', false],
]);
