// Questions about the paths a command touches, answered for static paths and for patterns
// alike: is it the root, a home or a system tree; is it a raw disk; which files a line writes.
import { ANYTHING, isPattern, patternRegex, type Field } from './fields.ts';
import type { Found, RedirectUse } from './model.ts';
import { resolvePath, SYSTEM_TREES } from './paths.ts';
import { writePathsOf } from './writers.ts';

/** A path the line touches, resolved against the directory it runs in (null when unknown). */
export interface Touched {
  path: string | null;
  text: string;
  /** The command that touches it; null for a redirection. */
  by: Found | null;
  /** Only adds to the end of the file (`>>`, `&>>`); a command's write may replace the file. */
  appends: boolean;
}

const APPENDING = new Set(['>>', '&>>']);

export function resolveField(field: Field, cwd: string | null): string | null {
  return resolvePath(field.path, cwd, field.path.startsWith(ANYTHING));
}

/** Static trees whose removal wrecks the host; patterns are also tried on what they could wipe. */
const PROTECTED = new Set(['/', '~', ...SYSTEM_TREES]);
const PROTECTED_EXAMPLES = [...PROTECTED, '~/projects', '/home/user', '/root/.ssh'];

/** True when the path is the root, a home directory, a system tree, or a pattern that may be one. */
export function isProtectedTree(path: string | null): boolean {
  if (path === null || path === ANYTHING) return false;
  if (!isPattern(path)) return PROTECTED.has(path);
  const pattern = patternRegex(path);
  return PROTECTED_EXAMPLES.some((example) => pattern.test(example));
}

const DEVICE = /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|dm-\d|md\d|loop\d|mapper\/|disk\/|mem$|kmem$|port$)/;
const DEVICE_EXAMPLES = ['/dev/sda', '/dev/sda1', '/dev/nvme0n1', '/dev/vda', '/dev/xvda', '/dev/mmcblk0', '/dev/mapper/root', '/dev/mem'];

/** True when the path is (or may be) a block device or raw memory. */
export function isDevice(path: string | null): boolean {
  if (path === null || path === ANYTHING) return false;
  if (!isPattern(path)) return DEVICE.test(path);
  const pattern = patternRegex(path);
  return DEVICE_EXAMPLES.some((example) => pattern.test(example));
}

/** True when the path matches `re`, or, for a pattern, could be one of `examples`. */
export function pathMatches(path: string | null, re: RegExp, examples: readonly string[]): boolean {
  if (path === null || path === ANYTHING) return false;
  if (!isPattern(path)) return re.test(path);
  const pattern = patternRegex(path);
  return examples.some((example) => pattern.test(example));
}

/** Every file the line writes: writing redirections and the write operands of known commands. */
export function collectWrites(found: readonly Found[], redirects: readonly RedirectUse[]): Touched[] {
  const writes: Touched[] = [];
  for (const use of redirects) {
    if (use.write && use.target) writes.push({ path: resolveField(use.target, use.cwd), text: use.target.text, by: null, appends: APPENDING.has(use.op) });
  }
  for (const f of found) {
    for (const field of writePathsOf(f)) writes.push({ path: resolveField(field, f.cwd), text: field.text, by: f, appends: false });
  }
  return writes;
}
