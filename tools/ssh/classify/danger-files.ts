// Danger families about files and disks: recursive deletes and permission changes of system
// trees, raw disk writes, formatting, writes to sudoers and the password files, history and
// crontab removal.
import { findInfo } from './find.ts';
import type { Found } from './model.ts';
import { operandFields, parseArgs, resolveLong, type OptionSpec } from './options.ts';
import { partedWrites } from './parted.ts';
import type { ShellDanger } from './schema.ts';
import { isDevice, isProtectedTree, pathMatches, resolveField, type Touched } from './targets.ts';

const RM_LONGS = ['force', 'interactive', 'one-file-system', 'no-preserve-root', 'preserve-root', 'recursive', 'dir', 'verbose', 'help', 'version'];

function recursiveDelete(f: Found): boolean {
  if (f.name === 'rm') {
    const parsed = parseArgs(f.args, { flags: 'fiIrRdv', longFlags: RM_LONGS });
    if (parsed.seen.has('no-preserve-root')) return true;
    const recursive = parsed.seen.has('r') || parsed.seen.has('R') || parsed.seen.has('recursive');
    return recursive && operandFields(f.args, parsed).some((field) => isProtectedTree(resolveField(field, f.cwd)));
  }
  if (f.name === 'find') {
    const info = findInfo(f.args);
    return info.actions.has('-delete') && !info.narrowed && info.roots.some((r) => isProtectedTree(resolveField(r, f.cwd)));
  }
  return false;
}

const PERMISSION_COMMANDS = new Set(['chmod', 'chown', 'chgrp', 'setfacl', 'chattr']);

function recursivePermissionChange(f: Found): boolean {
  if (!PERMISSION_COMMANDS.has(f.name)) return false;
  const recursive = f.args.some((a) => /^-[a-zA-Z]*R/.test(a.text) || resolveLong(a.text.slice(2), ['recursive']) === 'recursive' && a.text.startsWith('--'));
  return recursive && f.args.some((a) => !a.text.startsWith('-') && isProtectedTree(resolveField(a, f.cwd)));
}

const METADATA_ONLY = new Set(['chmod', 'chown', 'chgrp', 'chattr', 'setfacl', 'touch']);

function diskWrite(f: Found): boolean {
  const operands = f.args.filter((a) => !a.text.startsWith('-'));
  switch (f.name) {
    case 'wipefs':
      return f.args.some((a) => /^-[a-zA-Z]*[ao]/.test(a.text) || a.text.startsWith('--all') || a.text.startsWith('--offset'));
    case 'blkdiscard':
      return true;
    case 'shred':
      return operands.some((a) => isDevice(resolveField(a, f.cwd)));
    case 'nvme':
      return ['format', 'sanitize'].includes(f.args[0]?.text ?? '');
    case 'hdparm':
      return f.args.some((a) => /^--(security-erase|trim-sector-ranges|make-bad-sector|write-sector|fwdownload)/.test(a.text));
    default:
      return false;
  }
}

const FORMAT_TOOLS = new Set(['mke2fs', 'mkdosfs', 'mkntfs', 'mkexfatfs', 'mkreiserfs', 'mkjfs', 'mkudffs', 'gdisk', 'cgdisk', 'cfdisk', 'lvremove', 'vgremove', 'pvremove']);
// sfdisk runs its last action option; these only print (-V verifies when no other is given),
// -h and -v print and exit, any other action, or none (a script on stdin), writes the table.
const SFDISK_OPTIONS: OptionSpec = {
  flags: 'aAbcdfFgGhJlLnqrsTvV',
  values: 'oONuXYwW',
  longValues: ['backup-file', 'label', 'label-nested', 'output', 'partno', 'unit', 'wipe', 'wipe-partitions'],
  longFlags: ['activate', 'append', 'backup', 'bytes', 'color', 'lock', 'delete', 'dump', 'help', 'force', 'json', 'list', 'list-free',
    'list-types', 'no-act', 'no-reread', 'no-tell-kernel', 'move-data', 'move-use-fsync', 'reorder', 'show-geometry', 'quiet', 'verify',
    'version', 'relocate', 'part-uuid', 'part-label', 'part-type', 'part-attrs', 'disk-id', 'show-pt-geometry', 'Linux', 'show-size',
    'change-id', 'id', 'print-id'],
};
const SFDISK_PRINTS = ['l', 'd', 'J', 'F', 'g', 'G', 's', 'T', 'V', 'list', 'dump', 'json', 'list-free', 'show-geometry', 'show-pt-geometry',
  'show-size', 'list-types', 'verify'];
const SFDISK_EXITS = ['h', 'v', 'help', 'version'];
const SFDISK_WRITES = ['A', 'c', 'r', 'activate', 'delete', 'reorder', 'relocate', 'part-uuid', 'part-label', 'part-type', 'part-attrs',
  'disk-id', 'change-id', 'print-id', 'id'];

/** Whether sfdisk writes the partition table; of two actions only the last runs, a writing one is taken to. */
function sfdiskWrites(f: Found): boolean {
  const parsed = parseArgs(f.args, SFDISK_OPTIONS);
  const has = (names: readonly string[]): boolean => names.some((name) => parsed.seen.has(name));
  return !has(SFDISK_EXITS) && (has(SFDISK_WRITES) || !has(SFDISK_PRINTS));
}

function formatDisk(f: Found): boolean {
  const texts = f.args.map((a) => a.text);
  if (f.name.startsWith('mkfs') || FORMAT_TOOLS.has(f.name)) return !texts.every((t) => /^(-l|--list|-h|--help|-V|--version)$/.test(t));
  switch (f.name) {
    case 'mkswap':
      return f.args.some((a) => isDevice(resolveField(a, f.cwd)));
    case 'fdisk':
      return !texts.some((t) => /^(-l|--list|-h|--help|-V|--version|-s)$/.test(t));
    case 'sfdisk':
      return sfdiskWrites(f);
    case 'sgdisk':
      return !texts.every((t) => /^(-p|--print|-v|--verify|-V|--version|-L|--list-types|-i|-P|--pretend)$/.test(t) || !t.startsWith('-'));
    case 'parted':
      return partedWrites(f);
    case 'zpool':
    case 'zfs':
      return texts[0] === 'destroy';
    case 'mdadm':
      return texts.some((t) => /^--(zero-superblock|create)$/.test(t) || t === '-C');
    case 'cryptsetup':
      return texts.some((t) => /^(luksFormat|erase|luksErase)$/.test(t));
    default:
      return false;
  }
}

const SUDOERS = /^\/etc\/sudoers(\.d(\/.*)?)?$/;
const PASSWD_FILES = /^\/etc\/(passwd|shadow|group|gshadow|master\.passwd)-?$/;
const HISTORY_FILE = /(^|\/)\.[a-z]*_history$/;
const CRON_SPOOL = /^\/var\/spool\/cron(\/|$)/;

/** Families decided per command. */
export function commandFileDangers(f: Found, add: (d: ShellDanger) => void): void {
  if (recursiveDelete(f)) add('recursive_delete_root');
  if (recursivePermissionChange(f)) add('chmod_root');
  if (diskWrite(f)) add('disk_write');
  if (formatDisk(f)) add('format_disk');
  if (f.name === 'visudo' && !(f.args.length > 0 && f.args.every((a) => /^(-c|--check|-q|--quiet|-s|--strict)$/.test(a.text)))) add('sudoers_write');
  if (f.name === 'vipw' || f.name === 'vigr') add('passwd_write');
  if (f.name === 'crontab') {
    const parsed = parseArgs(f.args, { flags: 'lreincsTV', values: 'u' });
    const operand = operandFields(f.args, parsed)[0];
    const emptyStdin = operand?.text === '-' && f.ctx.stdin?.kind === 'text' && f.ctx.stdin.text.trim() === '';
    if (parsed.seen.has('r') || emptyStdin || (operand && resolveField(operand, f.cwd) === '/dev/null')) add('crontab_remove');
  }
}

/** Files whose every write is a danger of its family; a pattern counts when it could be one of the examples. */
const GUARDED_FILES: ReadonlyArray<[ShellDanger, RegExp, readonly string[]]> = [
  ['sudoers_write', SUDOERS, ['/etc/sudoers', '/etc/sudoers.d/admins']],
  ['passwd_write', PASSWD_FILES, ['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow']],
  ['history_tamper', HISTORY_FILE, ['~/.bash_history', '/root/.bash_history', '~/.zsh_history']],
];

/** The families a write of `path` belongs to; an append (`>>`) keeps a crontab, and a metadata change spares a disk. */
function writeFamilies(path: string | null, appends: boolean, metadataOnly: boolean): ShellDanger[] {
  const families: ShellDanger[] = isDevice(path) && !metadataOnly ? ['disk_write'] : [];
  for (const [family, re, examples] of GUARDED_FILES) if (pathMatches(path, re, examples)) families.push(family);
  // any write but an append can replace a crontab, and with it every job (`: >`, cp, sed -i)
  if (!appends && pathMatches(path, CRON_SPOOL, ['/var/spool/cron/crontabs/root'])) families.push('crontab_remove');
  if (path === '/proc/sysrq-trigger') families.push('power');
  return families;
}

/**
 * True when writing the file `path` in any way is a danger: a program that may write it is judged as
 * one that does. Devices are left out: tools that only read one (hdparm -I, smartctl, blkid) are
 * many, and the disk families above know each tool's writes.
 */
export function isGuardedWrite(path: string | null): boolean {
  return writeFamilies(path, false, true).length > 0;
}

/** Families decided by what the line writes. */
export function writeDangers(writes: readonly Touched[], add: (d: ShellDanger) => void): void {
  for (const w of writes) {
    const metadataOnly = w.by !== null && METADATA_ONLY.has(w.by.name);
    for (const family of writeFamilies(w.path, w.appends, metadataOnly)) add(family);
  }
}
