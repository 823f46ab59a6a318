// The plain readers print every operand, and each one's options are its own. An option the
// classifier reads as taking a value when the tool takes none swallows the next word, the file:
// `column -t /etc/shadow` was allowed as a read of nothing. So every flag of every plain reader
// that has value options, before a secret, must leave the secret read (and denied); and every
// option that does take a value must take it, so that the value is no file read.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

/** Each tool's options that take no value (as in its getopt string), a short one attached to one that may take an attached value. */
const FLAGS: Record<string, string[]> = {
  head: ['-q', '-v', '-z', '--quiet', '--verbose'],
  tail: ['-f', '-F', '-q', '-v', '-z', '--follow', '--retry'],
  sort: ['-b', '-c', '-C', '-d', '-f', '-g', '-h', '-i', '-m', '-M', '-n', '-r', '-R', '-s', '-u', '-V', '-z', '--stable', '--unique'],
  cut: ['-n', '-s', '-z', '--complement', '--only-delimited'],
  uniq: ['-c', '-d', '-D', '-i', '-u', '-z', '--count', '--group', '--all-repeated'],
  od: ['-a', '-b', '-c', '-d', '-f', '-i', '-l', '-o', '-s', '-v', '-x', '-w', '--width', '--strings', '--traditional'],
  fold: ['-b', '-s', '--bytes', '--by', '--spaces'],
  xxd: ['-a', '-b', '-C', '-E', '-e', '-i', '-p', '-u'],
  base64: ['-d', '-i', '--decode', '--ignore-garbage'],
  base32: ['-d', '--decode'],
  basenc: ['--base64', '--base32', '-d'],
  strings: ['-a', '-f', '--all'],
  split: ['-d', '-e', '-u', '-x', '--numeric-suffixes', '--hex-suffixes', '--elide-empty-files', '--unbuffered', '--verbose'],
  column: ['-t', '-d', '-e', '-J', '-L', '-x', '-n', '--table', '--json', '--fillrows', '--table-noheadings'],
  nl: ['-p', '--no-renumber'],
  paste: ['-s', '-z', '--serial'],
  pr: ['-a', '-c', '-d', '-F', '-f', '-J', '-m', '-r', '-t', '-T', '-v', '-e', '-i', '-n', '-s', '-S', '-sh', '-eh', '--across', '--merge'],
  fmt: ['-c', '-s', '-t', '-u', '--split-only', '--uniform-spacing'],
  shuf: ['-r', '-z', '--repeat'],
  iconv: ['-c', '-s', '--silent'],
  expand: ['-i', '--initial'],
  unexpand: ['-a', '--all', '--first-only'],
};

/** Each tool's options that take a value, given one (sort --files0-from's is a read: classify-loaded-files.test.ts). */
const VALUES: Record<string, string[]> = {
  head: ['-n 3', '-c 3', '--lines 3', '--bytes 3'],
  tail: ['-n 3', '-c 3', '-s 3', '--lines 3', '--bytes 3', '--sleep-interval 3', '--pid 3', '--max-unchanged-stats 3'],
  sort: ['-k 2', '-o out', '-t :', '-S 1M', '-T tmp', '--key 2', '--output out', '--field-separator :', '--buffer-size 1M',
    '--temporary-directory tmp', '--compress-program gzip', '--random-source rnd', '--parallel 2', '--batch-size 4'],
  cut: ['-b 1', '-c 1', '-d :', '-f 1', '--bytes 1', '--characters 1', '--delimiter :', '--fields 1', '--output-delimiter ,'],
  uniq: ['-f 1', '-s 1', '-w 1', '--skip-fields 1', '--skip-chars 1', '--check-chars 1'],
  od: ['-A x', '-j 1', '-N 1', '-S 4', '-t x1', '--address-radix x', '--endian big', '--skip-bytes 1', '--read-bytes 1', '--format x1'],
  fold: ['-w 9', '--width 9'],
  xxd: ['-c 8', '-l 8', '-g 2', '-s 8', '-o 8'],
  base64: ['-w 0', '--wrap 0'],
  base32: ['-w 0', '--wrap 0'],
  basenc: ['-w 0', '--wrap 0'],
  strings: ['-n 8', '-t x', '--bytes 8', '--radix x'],
  split: ['-a 3', '-b 1M', '-C 1M', '-l 9', '-n 2', '-t :', '--suffix-length 3', '--additional-suffix .txt', '--bytes 1M',
    '--line-bytes 1M', '--lines 9', '--number 2', '--separator :', '--filter gzip'],
  column: ['-c 80', '-C name=a', '-E a', '-H a', '-i a', '-l 2', '-N a,b', '-O a', '-o :', '-p a', '-r a', '-R a', '-s :', '-T a', '-W a',
    '--output-width 80', '--table-column name=a', '--table-noextreme a', '--table-hide a', '--tree-id a', '--table-columns-limit 2',
    '--table-columns a,b', '--table-name t', '--table-order a', '--output-separator :', '--tree-parent a', '--tree a', '--table-right a',
    '--separator :', '--table-truncate a', '--table-wrap a'],
  nl: ['-b a', '-d :', '-f a', '-h a', '-i 2', '-l 2', '-n ln', '-s :', '-v 2', '-w 2', '--body-numbering a', '--section-delimiter :',
    '--footer-numbering a', '--header-numbering a', '--line-increment 2', '--join-blank-lines 2', '--number-format ln',
    '--number-separator :', '--starting-line-number 2', '--number-width 2'],
  paste: ['-d :', '--delimiters :'],
  pr: ['-D x', '-h title', '-l 9', '-N 2', '-o 2', '-w 9', '-W 9', '--pages 2', '--columns 2', '--date-format x', '--header title',
    '--indent 2', '--length 9', '--first-line-number 2', '--width 9', '--page-width 9'],
  fmt: ['-w 9', '-p x', '-g 9', '--width 9', '--prefix x', '--goal 9'],
  shuf: ['-n 1', '-i 1-9', '-o out', '--head-count 1', '--input-range 1-9', '--output out', '--random-source rnd'],
  iconv: ['-f latin1', '-t utf8', '-o out', '--from-code latin1', '--to-code utf8', '--output out'],
  expand: ['-t 4', '--tabs 4'],
  unexpand: ['-t 4', '--tabs 4'],
};

describe('a plain reader\'s flag before a secret leaves the secret read, and denied', () => {
  for (const [tool, flags] of Object.entries(FLAGS)) {
    for (const flag of flags) {
      const line = `${tool} ${flag} /etc/shadow`;
      it(`${line} is a secret read, denied`, () => {
        const facts = classifyShellLine(line);
        assert.deepEqual(facts.sensitiveReads, ['/etc/shadow']);
        assert.equal(decideShell(facts).effect, 'deny');
      });
    }
  }
});

describe('a plain reader\'s option that takes a value takes it, so that only the file is read', () => {
  for (const [tool, options] of Object.entries(VALUES)) {
    for (const option of options) {
      const line = `${tool} ${option} /etc/hosts`;
      it(line, () => assert.deepEqual(classifyShellLine(line).readsPaths, ['/etc/hosts']));
    }
  }
});
