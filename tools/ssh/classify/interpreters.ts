// Interpreters and downloaders: which names run code (shells, python, perl, ...), where an
// interpreter is given code inline (-c, -e, -r) or on stdin, and which commands fetch content
// from the network.
import type { Field } from './fields.ts';
import type { Found } from './model.ts';
import { SHELLS, STDIN_FILES } from './wrappers-shell.ts';
import { own } from './own.ts';
import { pwshCode } from './pwsh.ts';

const SCRIPT_INTERPRETER = /^(python[0-9.]*|pypy[0-9.]*|perl[0-9.]*|ruby[0-9.]*|irb|node|nodejs|deno|bun|php[0-9.]*|lua[0-9.]*|luajit|tclsh[0-9.]*|wish|Rscript|pwsh|powershell|osascript|jshell|expect)$/;
const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'lwp-download', 'lwp-request', 'GET', 'POST', 'http', 'https', 'xh', 'xhs', 'lftp', 'ftp', 'tftp', 'nc', 'ncat', 'netcat', 'nc.openbsd', 'nc.traditional', 'socat', 'telnet', 'busybox-wget']);

/** Shells and script interpreters: anything that runs text as code. */
export function isInterpreter(name: string): boolean {
  return SHELLS.has(name) || SCRIPT_INTERPRETER.test(name) || name === 'source' || name === '.' || name === 'eval';
}

export function isScriptInterpreter(name: string): boolean {
  return SCRIPT_INTERPRETER.test(name);
}

/** Commands whose output comes from the network. */
export function isDownloader(found: Found): boolean {
  if (DOWNLOADERS.has(found.name)) return true;
  return found.name === 'openssl' && found.args.some((a) => a.text === 's_client');
}

/** Per interpreter: letters that take inline code, and letters that take another value. */
interface InlineRule {
  match: RegExp;
  /** Short letters whose value is code. */
  code: string;
  /** Short letters that take some other value, attached or as the next word. */
  values: string;
  /** Short letters whose value is only the rest of their word (perl -i.bak, -MPOSIX): alone, they take none. */
  attached?: string;
  long?: Record<string, 'code' | 'value'>;
}

const INLINE: InlineRule[] = [
  { match: /^(python|pypy)/, code: 'c', values: 'mWXQ' },
  { match: /^perl/, code: 'eE', values: 'I', attached: 'Mmixd' },
  { match: /^(ruby|irb)/, code: 'e', values: 'IrCE', attached: 'FKx' },
  { match: /^(node|nodejs|bun)$/, code: 'ep', values: 'r', long: { eval: 'code', print: 'code', require: 'value' } },
  { match: /^php/, code: 'rBRE', values: 'cdfzt' },
  { match: /^(lua|luajit)/, code: 'e', values: 'l' },
  { match: /^(Rscript|osascript)$/, code: 'e', values: '' },
  { match: /^expect$/, code: 'c', values: 'f' },
];

export interface InlineCode {
  /** Code strings given in the arguments. */
  code: string[];
  /** The interpreter reads its program from stdin (no script, no inline code). */
  fromStdin: boolean;
  /** The script file it runs, when it runs one. */
  script?: Field;
  /** A parameter the reader does not know (pwsh): what runs may be other than what is read. */
  uncertain?: boolean;
}

/** Inline code of a script interpreter; null for other commands. */
export function inlineCode(found: Found): InlineCode | null {
  if (found.name === 'pwsh' || found.name === 'powershell') return pwshCode(found.name, found.args);
  if (found.name === 'deno') return { code: found.args[0]?.text === 'eval' ? found.args.slice(1, 2).map((f) => f.text) : [], fromStdin: false };
  const rule = INLINE.find((r) => r.match.test(found.name));
  if (!rule) {
    if (!isScriptInterpreter(found.name)) return null;
    const script = found.args.find((a) => !a.text.startsWith('-'));
    return { code: [], fromStdin: found.args.length === 0 || STDIN_FILES.has(script?.text ?? ''), ...(script ? { script } : {}) };
  }
  const code: string[] = [];
  const args: readonly Field[] = found.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]?.text ?? '';
    if (arg === '-') return { code, fromStdin: true };
    if (arg === '--' || !arg.startsWith('-')) {
      // a script file, unless inline code came first (then these are its arguments)
      const script = code.length === 0 ? args[arg === '--' ? i + 1 : i] : undefined;
      return { code, fromStdin: script === undefined ? code.length === 0 && arg === '--' : STDIN_FILES.has(script.text), ...(script ? { script } : {}) };
    }
    const long = rule.long && own(rule.long, arg.replace(/^-+/, '').split('=')[0]?.toLowerCase() ?? '');
    if (long && arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const value = eq >= 0 ? arg.slice(eq + 1) : (args[++i]?.text ?? '');
      if (long === 'code') code.push(value);
      continue;
    }
    for (let k = 1; k < arg.length; k++) {
      const letter = arg[k] ?? '';
      if (rule.code.includes(letter)) {
        code.push(k + 1 < arg.length ? arg.slice(k + 1) : (args[++i]?.text ?? ''));
        break;
      }
      if (rule.values.includes(letter)) {
        if (k + 1 === arg.length) i++;
        break;
      }
      if (rule.attached?.includes(letter)) break;
    }
  }
  return { code, fromStdin: code.length === 0 };
}

const SOCKET = /socket|fsockopen|TCPSocket|net\.connect|net\.Socket|createConnection|IO::Socket|\/dev\/tcp|\/inet\/tcp|Net\.Sockets/i;
const SPAWN = /subprocess|pty\.spawn|dup2|\bexec|spawn|popen|\bsystem\b|\/bin\/(ba|z|da)?sh|child_process|cmd\.exe|Invoke-Expression|\biex\b/i;

/** Code that opens a network socket and starts a shell on it. */
export function looksLikeReverseShell(code: string): boolean {
  return SOCKET.test(code) && SPAWN.test(code);
}

const CALL_WITH_STRING = /\b(?:os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|system|exec|execSync|spawnSync|shell_exec|passthru|popen|proc_open|os\.execute|io\.popen)\s*\(\s*(\[[^\]]*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g;
const BACKTICKS_OR_QX = /`([^`]+)`|\bqx\s*[({[/]([^)}\]/]+)[)}\]/]/g;

/** Shell commands written as string literals in interpreter code: os.system("..."), `...`, qx(...). */
export function embeddedShellCommands(code: string): string[] {
  const commands: string[] = [];
  for (const m of code.matchAll(CALL_WITH_STRING)) {
    const literal = m[1] ?? '';
    if (literal.startsWith('[')) {
      const parts = [...literal.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)].map((p) => unescape(p[1] ?? p[2] ?? ''));
      if (parts.length > 0) commands.push(parts.map(quoteWord).join(' '));
    } else commands.push(unescape(literal.slice(1, -1)));
  }
  for (const m of code.matchAll(BACKTICKS_OR_QX)) commands.push(m[1] ?? m[2] ?? '');
  return commands.filter((c) => c.trim() !== '');
}

function unescape(text: string): string {
  return text.replace(/\\(["'\\])/g, '$1');
}

/** Quotes one argv element so that parsing the joined list gives the same words back. */
function quoteWord(word: string): string {
  return /^[A-Za-z0-9_./=:,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
