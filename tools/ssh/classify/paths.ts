// Lexical path handling: normalize ("/etc//./x/../shadow" -> "/etc/shadow"), resolve relative
// paths against the working directory the line has moved to, and name the system trees.
// The home directory is written "~" (the SSH user's home is not known while classifying).
import { ANYTHING, isPattern } from './fields.ts';

/** Home prefix used in normalized paths. */
export const HOME = '~';

/** Directories whose recursive removal or permission change wrecks a host. */
export const SYSTEM_TREES = [
  '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/proc',
  '/root', '/run', '/sbin', '/srv', '/sys', '/usr', '/var', '/snap', '/mnt', '/media',
  '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/local', '/var/lib', '/var/log', '/etc/ssh',
];

/** Normalizes a path lexically; keeps a leading "~"; ".." above "~" leaves the home directory. */
export function normalizePath(path: string): string {
  let root: '' | '/' | '~' = '';
  let rest = path;
  if (path.startsWith('/')) root = '/';
  else if (path === HOME || path.startsWith(HOME + '/')) {
    root = '~';
    rest = path.slice(1);
  } else if (path.startsWith(HOME)) {
    // ~user: root's home is /root, others live under /home
    const slash = path.indexOf('/');
    const user = path.slice(1, slash < 0 ? undefined : slash);
    root = '/';
    rest = (user === 'root' ? '/root' : `/home/${user}`) + (slash < 0 ? '' : path.slice(slash));
  }
  const stack: string[] = [];
  for (const segment of rest.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') {
      stack.push(segment);
      if (root === '/') procAlias(stack);
      continue;
    }
    const top = stack[stack.length - 1];
    if (top !== undefined && top !== '..') stack.pop();
    else if (root === '~') {
      root = '/';
      stack.push('home'); // ~/.. is the directory that holds home directories
    } else if (root === '') stack.push('..');
  }
  const joined = stack.join('/');
  if (root === '/') return '/' + joined;
  if (root === '~') return joined ? `${HOME}/${joined}` : HOME;
  return joined || '.';
}

/**
 * /proc/PID/task/TID/ holds the same files as /proc/PID/ (a thread shares its process's memory,
 * environment, root and working directory), so it is read as /proc/PID/; a task is named by its
 * number (or a pattern that may be one). /proc/PID/root is the process's view of "/", and
 * /proc/PID/cwd its working directory: /proc/self/root/etc/shadow is /etc/shadow. Applied as the
 * segments are read, so that ".." after the alias climbs from where it points.
 */
function procAlias(stack: string[]): void {
  if (stack[0] !== 'proc') return;
  const task = stack[3] ?? '';
  if (stack.length === 5 && stack[2] === 'task' && (/^\d+$/.test(task) || isPattern(task))) stack.splice(2, 2);
  if (stack.length !== 3) return;
  if (stack[2] === 'root') stack.length = 0;
  else if (stack[2] === 'cwd') stack.splice(0, stack.length, ANYTHING);
}

/** True when a path does not depend on the working directory. */
export function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith(HOME);
}

/**
 * Resolves a path against the working directory. A path that starts with a run-time value is
 * left as is (it may well be absolute); a relative path with an unknown directory gives null.
 */
export function resolvePath(path: string, cwd: string | null, runtimeStart: boolean): string | null {
  if (isAbsolute(path) || runtimeStart) return normalizePath(path);
  if (cwd === null) return null;
  return normalizePath(`${cwd}/${path}`);
}

/** The last segment of a path ("" for "/"). */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
