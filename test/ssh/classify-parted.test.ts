// parted runs the commands given after the device, each named in full or by any prefix that names
// one command alone (`p` prints, `mkl gpt` writes a new label): every command that changes the
// disk, however spelled, is a format_disk danger, and a line of printing commands (with the
// arguments they take, `u s p`) is none.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

const WRITES = [
  'parted /dev/sda mklabel gpt',
  'parted /dev/sda mktable msdos',
  'parted /dev/sda mkpart primary ext4 1MiB 100%',
  'parted /dev/sda mkpartfs primary ext2 1 100',
  'parted /dev/sda rm 1',
  'parted /dev/sda resize 1 1 100',
  'parted /dev/sda resizepart 1 100%',
  'parted /dev/sda rescue 1 100',
  'parted /dev/sda name 1 root',
  'parted /dev/sda set 1 boot on',
  'parted /dev/sda disk_set pmbr_boot on',
  'parted /dev/sda disk_toggle pmbr_boot',
  'parted /dev/sda toggle 1 boot',
  'parted /dev/sda type 1 0x83',
  'parted /dev/sda mkfs 1 ext2',
  'parted /dev/sda cp 1 2',
  'parted /dev/sda move 1 10 100',
  // abbreviations parted resolves to one command
  'parted -s /dev/sda mkl gpt',
  'parted -s /dev/sda mkt gpt',
  'parted /dev/sda resizep 1 100%',
  'parted /dev/sda disk_t pmbr_boot',
  'parted /dev/sda to 1 boot',
  'parted /dev/sda ty 1 0x83',
  'parted /dev/sda n 1 root',
  // a printing command first, a writing one after it
  'parted /dev/sda print mklabel gpt',
  'parted /dev/sda unit s mkpart p 2048 4095',
  'parted /dev/sda -s u s rm 1',
  // a command the line does not show, or one parted cannot tell apart
  'parted /dev/sda $CMD',
  'parted /dev/sda p$X',
  'parted /dev/sda p*',
  'parted /dev/sda r 1',
  // no command words: the commands come from stdin
  'echo mklabel gpt | parted /dev/sda',
  // a command without its arguments asks for them on stdin
  'echo 1 | parted /dev/sda print rm',
  // help takes one word, whatever it is
  'echo 1 | parted /dev/sda help all rm',
  // "se" is set as well as select
  'parted /dev/sda se /dev/sdb',
];

const READS = [
  'parted -l',
  'parted --list',
  'parted /dev/sda print',
  'parted /dev/sda p',
  'parted /dev/sda print free',
  'parted /dev/sda print all',
  'parted /dev/sda print devices',
  'parted /dev/sda print list',
  'parted -a optimal /dev/sda print',
  'parted --align optimal /dev/sda print',
  'parted /dev/sda sel /dev/sdb p',
  'parted -m /dev/sda unit s print',
  'parted /dev/sda u s p',
  'parted /dev/sda help mklabel',
  'parted /dev/sda align-check opt 1',
  'parted /dev/sda select /dev/sdb print',
  'parted -s /dev/sda version',
  'parted /dev/sda print quit',
  'parted /dev/sda',
  'echo print | parted -l',
  // options that print and exit, however abbreviated, leave stdin unread
  'echo mklabel gpt | parted --li',
  'echo mklabel gpt | parted --he',
  'echo mklabel gpt | parted --vers',
  'echo mklabel gpt | parted -v',
  'echo mklabel gpt | parted -h',
];

describe('parted', () => {
  for (const line of WRITES) {
    it(`reads ${line} as formatting a disk`, () => {
      assert.ok(classifyShellLine(line).danger.includes('format_disk'), line);
    });
  }
  for (const line of READS) {
    it(`reads ${line} as no disk write`, () => {
      assert.deepEqual(classifyShellLine(line).danger, []);
    });
  }
});
