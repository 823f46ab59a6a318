// The option names of the commands that write, send or load files (rsync, curl, tar, wget, sort,
// sed -i, editors), name by name and written out here, not read from the classifier's tables. A name the
// classifier forgot makes its option unknown: its value is then read as an operand, so a pattern
// or a number turns into the destination written, or a file loaded goes unseen.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

/** Rows of lines and exactly the paths one fact lists for each. */
function rows(title: string, fact: 'writePaths' | 'readsPaths' | 'sensitiveReads', cases: Array<[string, string[]]>): void {
  describe(title, () => {
    for (const [line, paths] of cases) it(line, () => assert.deepEqual(classifyShellLine(line)[fact], paths));
  });
}

rows("zip's options that take a value: the value is neither the archive nor a file read", 'readsPaths', [
  ...[...'bnPt'].map((letter): [string, string[]] => [`zip -${letter} v out.zip /etc/hosts`, ['/etc/hosts']]),
  ...[...'bnPt'].map((letter): [string, string[]] => [`zip -q${letter} v out.zip /etc/hosts`, ['/etc/hosts']]),
]);

rows('zip -r reads a directory whole, in a cluster too; an operand holding "-r" is no option', 'sensitiveReads', [
  ['zip -r out.zip /home/u', ['/home/u']],
  ['zip -qr out.zip /home/u', ['/home/u']],
  ['zip out.zip /home/u', []],
  ['zip out.zip /home/u notes-r', []],
]);

const RSYNC_VALUES = ['rsh', 'rsync-path', 'exclude', 'include', 'filter', 'files-from', 'exclude-from', 'include-from', 'backup-dir', 'partial-dir', 'temp-dir',
  'password-file', 'out-format', 'log-file-format', 'chmod', 'chown', 'timeout', 'bwlimit', 'suffix'];

rows("rsync's options that take a value: the value after the destination is not the destination", 'writePaths', [
  ...RSYNC_VALUES.map((name): [string, string[]] => [`rsync a /dst --${name} v`, ['/dst']]),
  ...[...'eBfT'].map((letter): [string, string[]] => [`rsync a /dst -${letter} v`, ['/dst']]),
  // the files rsync writes beside the copy
  ...['log-file', 'write-batch', 'only-write-batch'].map((name): [string, string[]] => [`rsync a /dst --${name} /tmp/v`, ['/dst', '/tmp/v']]),
  // an abbreviation two names share is no option rsync takes: the word after it may be the destination
  ['rsync a /dst --inc v', ['~/v']],
  ['rsync a /dst --exc v', ['~/v']],
  ['rsync a /dst', ['/dst']],
]);

rows('rsync --files-from loads its list, where it stands', 'sensitiveReads', [
  ['rsync a /dst --files-from ~/.pgpass', ['~/.pgpass']],
  ['rsync --files-from ~/.pgpass a /dst', ['~/.pgpass']],
  // a pattern, a remote shell or a remote path is no file rsync reads here
  ...['exclude', 'include', 'filter', 'rsync-path'].map((name): [string, string[]] => [`rsync --${name} ~/.pgpass a /dst`, []]),
]);

rows("curl's long options that write the file named by the next word", 'writePaths', [
  ...['output', 'output-dir', 'dump-header', 'cookie-jar', 'trace', 'trace-ascii', 'stderr', 'libcurl', 'etag-save', 'hsts', 'alt-svc']
    .map((name): [string, string[]] => [`curl http://x/y --${name} /tmp/v`, ['/tmp/v']]),
  ['curl -o /tmp/v http://x/y', ['/tmp/v']],
  ['curl -sD /tmp/v http://x/y', ['/tmp/v']],
  // decoys: "--" names no option, and an option that takes a value is no output
  ['curl -- http://x/y', []],
  ['curl -H x http://x/y', []],
]);

rows('tar writes the archive it creates, appends to, updates or deletes from', 'writePaths', [
  ...['c', 'r', 'u', 'A'].map((letter): [string, string[]] => [`tar -${letter}f /tmp/a.tar x`, ['/tmp/a.tar']]),
  ...['create', 'append', 'update', 'catenate', 'concatenate', 'delete'].map((name): [string, string[]] => [`tar --${name} -f /tmp/a.tar x`, ['/tmp/a.tar']]),
  // getopt's abbreviations of the long names
  ...['cre', 'app', 'upd'].map((name): [string, string[]] => [`tar --${name} -f /tmp/a.tar x`, ['/tmp/a.tar']]),
  ['tar -c --file /tmp/a.tar x', ['/tmp/a.tar']],
  ['tar -c -f /tmp/a.tar --listed-incremental /tmp/snap x', ['/tmp/a.tar', '/tmp/snap']],
  ['tar -c -f /tmp/a.tar --index-file /tmp/idx x', ['/tmp/a.tar', '/tmp/idx']],
  // an abbreviation of two names (--list, --listed-incremental) is refused: nothing is written
  ['tar -c -f /tmp/a.tar --lis /tmp/snap x', ['/tmp/a.tar']],
  ['tar -tf /tmp/a.tar', []],
]);

rows('tar -x writes where -C leads, unless it extracts to stdout or a command', 'writePaths', [
  ['tar --extract -f a.tar -C /srv', ['/srv']],
  ['tar --ext -f a.tar -C /srv', ['/srv']],
  ['tar --get -f a.tar --directory /srv', ['/srv']],
  ['tar -xf a.tar --to-stdout', []],
  ['tar -xf a.tar --to-s', []],
]);

rows('sed -i edits its files: not the script, not an option\'s value', 'writePaths', [
  // the script is given by an option, so every operand is a file edited
  ...['-e s/a/b/', '-f /tmp/s', '--expression s/a/b/', '--file /tmp/s'].map((option): [string, string[]] => [`sed -i ${option} /tmp/f`, ['/tmp/f']]),
  // a line length is no script and no file
  ...['-l 5', '--line-length 5'].map((option): [string, string[]] => [`sed -i ${option} s/a/b/ /tmp/f`, ['/tmp/f']]),
  // -i's backup suffix is attached: the f of .fix is no -f
  ['sed -i.fix s/a/b/ /tmp/f', ['/tmp/f']],
  ['sed -i s/a/b/ /tmp/f', ['/tmp/f']],
  // decoy: without -i sed writes nothing
  ['sed -l 5 s/a/b/ /tmp/f', []],
]);

const TAR_VALUES = ['exclude-from', 'exclude', 'transform', 'use-compress-program', 'to-command', 'directory'];

rows("tar's options that take a value: the value is no member tar reads", 'readsPaths', [
  ...TAR_VALUES.map((name): [string, string[]] => [`tar -cf /tmp/a.tar x --${name} /tmp/v`, ['~/x']]),
  ['tar -cf /tmp/a.tar x --files-from /tmp/v', ['~/x', '/tmp/v']],
]);

rows("wget's options that take a value: only the named ones write", 'writePaths', [
  ...['tries', 'timeout', 'wait', 'level', 'accept', 'reject', 'header', 'user-agent'].map((name): [string, string[]] => [`wget http://x/y --${name} v`, []]),
  ...['output-document', 'output-file', 'append-output', 'directory-prefix', 'save-cookies'].map((name): [string, string[]] => [`wget http://x/y --${name} /tmp/v`, ['/tmp/v']]),
  ...['O', 'o', 'a', 'P'].map((letter): [string, string[]] => [`wget http://x/y -${letter} /tmp/v`, ['/tmp/v']]),
]);

rows('wget sends or reads the files its options name', 'sensitiveReads', [
  ...['post-file', 'body-file', 'input-file'].map((name): [string, string[]] => [`wget http://x/y --${name} ~/.pgpass`, ['~/.pgpass']]),
  ['wget http://x/y -i ~/.pgpass', ['~/.pgpass']],
]);

rows('sort --output and -o write their file; --key writes none', 'writePaths', [
  ['sort f --output /tmp/v', ['/tmp/v']],
  ['sort f -o /tmp/v', ['/tmp/v']],
  ['sort f --key 2', []],
]);

rows('cp, mv, ln and install: the destination, not an option value after it', 'writePaths', [
  ...['cp', 'ln', 'install'].flatMap((tool): Array<[string, string[]]> => [
    [`${tool} a /dst -S .bak`, ['/dst']],
    [`${tool} a /dst --suffix .bak`, ['/dst']],
    [`${tool} -t /dst a b`, ['/dst']],
    [`${tool} --target-directory /dst a b`, ['/dst']],
  ]),
  ['mv a /dst -S .bak', ['~/a', '/dst']],
  ['mv a /dst --suffix .bak', ['~/a', '/dst']],
  ['mv -t /dst a b', ['~/a', '~/b', '/dst']],
  ['mv --target-directory /dst a', ['~/a', '/dst']],
  ...['m 644', 'o root', 'g root'].map((option): [string, string[]] => [`install a /dst -${option}`, ['/dst']]),
  ...['mode 644', 'owner root', 'group root'].map((option): [string, string[]] => [`install a /dst --${option}`, ['/dst']]),
]);

rows('the files truncate, shred, chmod, touch, mkdir and setfacl change, not their options\' values', 'writePaths', [
  ...['-s 0', '--size 0', '--reference /etc/x'].map((option): [string, string[]] => [`truncate /tmp/a ${option}`, ['/tmp/a']]),
  ...['-n 3', '--iterations 3', '--random-source /dev/urandom', '-s 1'].map((option): [string, string[]] => [`shred /tmp/a ${option}`, ['/tmp/a']]),
  ['chmod --reference /etc/x /tmp/a', ['/tmp/a']],
  ['chmod 600 /tmp/a', ['/tmp/a']],
  ['chown --from root bob /tmp/a', ['/tmp/a']],
  ...['-d 1', '-t 202601010000', '-r /etc/x'].map((option): [string, string[]] => [`touch /tmp/a ${option}`, ['/tmp/a']]),
  ...['mkdir', 'mknod', 'mkfifo'].map((tool): [string, string[]] => [`${tool} /tmp/d -m 700`, ['/tmp/d']]),
  ...['-m u:x:r', '-M /etc/acl', '-x u:x', '-X /etc/acl', '--modify u:x:r', '--modify-file /etc/acl', '--remove u:x', '--remove-file /etc/acl', '--set u::r', '--set-file /etc/acl']
    .map((option): [string, string[]] => [`setfacl /tmp/a ${option}`, ['/tmp/a']]),
  ...['-f 1', '-s 1', '-w 1'].map((option): [string, string[]] => [`uniq ${option} in out`, ['~/out']]),
]);

rows('time, visudo and unzip write the files their options name', 'writePaths', [
  ['time --output /tmp/t rm /tmp/a', ['/tmp/t', '/tmp/a']],
  ['time --format x rm /tmp/a', ['/tmp/a']],
  ['time -f x rm /tmp/a', ['/tmp/a']],
  ...['-f', '--file', '-x', '--export'].map((option): [string, string[]] => [`visudo ${option} /tmp/s`, ['/tmp/s']]),
  ['unzip a.zip -d /tmp/d', ['/tmp/d']],
  ['unzip a.zip -x m -d /tmp/d', ['/tmp/d']],
  ['unzip -P pw a.zip -d /tmp/d', ['/tmp/d']],
  ['unzip a.zip', ['~']],
  ...['l', 't', 'p', 'v', 'z', 'Z'].map((letter): [string, string[]] => [`unzip -${letter} a.zip -d /tmp/d`, []]),
]);

rows('a compressor replaces its files, unless it writes to stdout', 'writePaths', [
  ...['gzip', 'gunzip', 'bzip2', 'bunzip2', 'xz', 'unxz', 'zstd'].map((tool): [string, string[]] => [`${tool} /tmp/a`, ['/tmp/a']]),
  ['gzip -c /tmp/a', []],
  ['gzip --stdout /tmp/a', []],
]);

rows("curl's short options that write", 'writePaths', [
  ...['o', 'D', 'c'].map((letter): [string, string[]] => [`curl -${letter} /tmp/v http://x/y`, ['/tmp/v']]),
  ['curl -b /tmp/v http://x/y', []],
]);

rows('tar -x writes nothing here when it extracts to stdout or to a command', 'writePaths', [
  ['tar -xOf a.tar', []],
  ['tar -xf a.tar --to-command=cat', []],
  ['tar -xf a.tar', ['~']],
]);

const LOADS: Array<[string, string[]]> = [
  ['sed', ['-f', '--file']],
  ['awk', ['-f', '--file', '-E', '--exec', '-i', '--include']],
  ['make', ['-f', '--file', '--makefile']],
  ['psql', ['-f', '--file']],
  ['tar -c', ['-T', '--files-from']],
  ['sort', ['--files0-from']],
  ['wc', ['--files0-from']],
  ['du', ['-X', '--exclude-from', '--files0-from']],
  ['file', ['-f', '--files-from', '-m', '--magic-file']],
  ['ssh', ['-F']],
  ['scp', ['-F']],
  ['sftp', ['-F']],
  ['node', ['-r', '--require', '--import', '--loader', '--experimental-loader']],
  ['php', ['-f']],
];

rows('a file an option names for the program to load is read', 'readsPaths', [
  ...LOADS.flatMap(([command, options]) => options.map((option): [string, string[]] => [`${command} ${option} /tmp/v`, ['/tmp/v']])),
]);

rows('a secret file an option names for the program to load is a secret read', 'sensitiveReads', [
  ...LOADS.flatMap(([command, options]) => options.map((option): [string, string[]] => [`${command} ${option} ~/.pgpass`, ['~/.pgpass']])),
  // decoy: a pattern is no file loaded
  ['du --exclude ~/.pgpass /srv', []],
]);

const OUTPUTS: Array<[string, string[]]> = [
  ['shuf f', ['-o', '--output']],
  ['iconv f', ['-o', '--output']],
  ['diff a b', ['--output']],
  ['sdiff a b', ['-o', '--output']],
  ['less f', ['-o', '-O', '--log-file', '--LOG-FILE']],
  ['more f', ['-o', '-O', '--log-file', '--LOG-FILE']],
  ['journalctl', ['--cursor-file']],
  ['ssh-keygen', ['-f']],
  ['csplit f 5', ['-f', '--prefix']],
  ['psql', ['-o', '--output', '-L', '--log-file']],
  ['pg_dump db', ['-f', '--file']],
  ['pg_dumpall', ['-f', '--file']],
  ['mysqldump db', ['-r', '--result-file']],
  ['gpg -d f', ['-o', '--output']],
  ['tcpdump', ['-w']],
  ['patch f', ['-o', '--output', '-r', '--reject-file']],
];

rows('a file an output option names is written', 'writePaths', [
  ...OUTPUTS.flatMap(([command, options]) => options.map((option): [string, string[]] => [`${command} ${option} /tmp/v`, ['/tmp/v']])),
  ['ssh -E /tmp/v h', ['/tmp/v']],
  ['strace -o /tmp/v ls', ['/tmp/v']],
  ['strace --output /tmp/v ls', ['/tmp/v']],
  ['ltrace -o /tmp/v ls', ['/tmp/v']],
  ['ltrace --output /tmp/v ls', ['/tmp/v']],
  // ssh-keygen's modes that only print, convert or check the key write nothing
  ...['l', 'y', 'B', 'e', 'i', 'F h', 'Q', 'D x', 'L', 'Y sign'].map((mode): [string, string[]] => [`ssh-keygen -${mode} -f /tmp/v`, []]),
]);
