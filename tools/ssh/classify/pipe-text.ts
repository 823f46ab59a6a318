// What a pipeline stage writes to stdout, when the line alone says: static echo/printf output,
// heredocs passed through cat, and the usual decoders (base64 -d, xxd -r -p, rev). This is how
// `echo cm0gLXJmIC8= | base64 -d | sh` is seen to run "rm -rf /".
import type { Node } from 'web-tree-sitter';
import { decodeAnsiC } from './ansi-c.ts';
import { staticText } from './fields.ts';
import type { Stdin } from './model.ts';
import { evaluateRedirect } from './redirects.ts';
import { LIMITS } from './scan.ts';
import { evaluateWord } from './word.ts';

const RUNTIME: Stdin = { kind: 'runtime' };

/** The stdout of one stage given its stdin; "runtime" whenever it cannot be known statically. */
export function stageOutput(stage: Node, stdin: Stdin | undefined): Stdin {
  let command = stage;
  const redirects: Node[] = [];
  if (stage.type === 'redirected_statement') {
    const body = stage.childForFieldName('body');
    if (!body || body.type !== 'command') return RUNTIME;
    redirects.push(...stage.namedChildren.filter((c): c is Node => c !== null && c.id !== body.id));
    command = body;
  }
  if (command.type !== 'command') return RUNTIME;
  const words: string[] = [];
  for (const child of command.namedChildren) {
    if (!child || child.type === 'variable_assignment') continue;
    if (child.type.endsWith('redirect')) {
      redirects.push(child);
      continue;
    }
    const node = child.type === 'command_name' ? (child.firstNamedChild ?? child) : child;
    const text = staticText(evaluateWord(node));
    if (text === null) return RUNTIME;
    words.push(text);
  }
  let input = stdin;
  for (const redirect of redirects) {
    const { use, extraArgs } = evaluateRedirect(redirect, 0);
    if (use.write || use.read || extraArgs.length > 0) return RUNTIME; // output elsewhere, or input from a file
    if (use.stdin) input = use.stdin;
  }
  const [name = '', ...args] = words;
  const output = produce(name.slice(name.lastIndexOf('/') + 1), args, input);
  if (output === null || output.length > LIMITS.maxInputBytes) return RUNTIME;
  return { kind: 'text', text: output };
}

function produce(name: string, args: string[], stdin: Stdin | undefined): string | null {
  const input = stdin?.kind === 'text' ? stdin.text : null;
  switch (name) {
    case 'echo':
      return echo(args);
    case 'printf':
      return printf(args);
    case 'cat':
    case 'tee':
      return args.length === 0 || (args.length === 1 && args[0] === '-') ? input : null;
    case 'base64':
      return args.some((a) => a === '-d' || a === '-D' || a === '--decode') && input !== null
        ? decodeBase64(input)
        : null;
    case 'xxd':
      return args.some((a) => /^-[a-z]*r/.test(a)) && args.some((a) => /^-[a-z]*p/.test(a)) && input !== null
        ? decodeHex(input)
        : null;
    case 'rev':
      return args.length === 0 && input !== null
        ? input.split('\n').map((line) => [...line].reverse().join('')).join('\n')
        : null;
    default:
      return null;
  }
}

function echo(args: string[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i] ?? ''); i++) {
    const flags = args[i] ?? '';
    if (flags.includes('n')) newline = false;
    if (flags.includes('e')) escapes = true;
    if (flags.includes('E')) escapes = false;
  }
  const text = args.slice(i).join(' ');
  return (escapes ? decodeAnsiC(text) : text) + (newline ? '\n' : '');
}

function printf(args: string[]): string | null {
  const rest = args[0] === '--' ? args.slice(1) : args;
  const [format, ...values] = rest;
  if (format === undefined || format.startsWith('-')) return null;
  let next = 0;
  let unknown = false;
  const out = decodeAnsiC(format).replace(/%(%|s|b)|%[^%sb]/g, (_m, kind?: string) => {
    if (kind === '%') return '%';
    if (kind === 's') return values[next++] ?? '';
    if (kind === 'b') return decodeAnsiC(values[next++] ?? '');
    unknown = true;
    return '';
  });
  return unknown || next < values.length ? null : out;
}

function decodeBase64(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, 'base64').toString('utf8');
}

function decodeHex(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(compact)) return null;
  return Buffer.from(compact, 'hex').toString('utf8');
}
