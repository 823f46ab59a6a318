/**
 * Commands that use a file's name, metadata or authority and never show, send or re-expose what it
 * holds. Any other command given a secret may read it (git diff --no-index, perl -pe1, man -l) or
 * give it a name no rule protects (ln, mv, mount --bind), so that operand is a secret read.
 */
const NAME_ONLY = new Set([
  'ls', 'dir', 'vdir', 'stat', 'file', 'du', 'df', 'touch', 'rm', 'rmdir', 'mkdir', 'chmod', 'chown', 'chgrp', 'chattr', 'lsattr',
  'getfacl', 'setfacl', 'test', '[', 'realpath', 'readlink', 'basename', 'dirname', 'namei', 'cd', 'pushd', 'popd', 'echo', 'printf',
  'wc', 'md5sum', 'sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'b2sum', 'cksum', 'sum', 'shred', 'truncate',
  'ssh', 'ssh-keygen', 'ssh-add', 'find', 'locate', 'which', 'type', 'command', 'export', 'declare', 'typeset', 'local', 'readonly', 'unset',
  'printenv', // its operands are variable names (environment.ts)
]);

/** True when the command only uses the names of the files it is given (whatever it writes is in writers.ts). */
export function usesOnlyNames(name: string): boolean {
  return NAME_ONLY.has(name);
}
