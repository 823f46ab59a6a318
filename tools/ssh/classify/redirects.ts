// Reads one redirection node: operator, target, whether it writes a file or only duplicates a
// descriptor, what a heredoc or here-string feeds to stdin, and the grammar's odd attachments
// (words after a target are arguments; a heredoc may carry the rest of its pipeline).
import type { Node } from 'web-tree-sitter';
import { fieldsOf, toField, type Field } from './fields.ts';
import type { RedirectUse, Stdin } from './model.ts';
import { evaluateWord } from './word.ts';

export interface EvaluatedRedirect {
  use: RedirectUse;
  /** Words after the target: bash hands them to the command as arguments ("rm 2>x -rf /"). */
  extraArgs: Node[];
  /** `cat <<EOF | sh`: the stages after the heredoc's command. */
  pipeStages: Node[];
  /** `cat <<EOF && next`: statements after the heredoc's command. */
  following: Node[];
  /** Redirections written between a heredoc operator and its body. */
  nested: Node[];
  /** Nodes whose substitutions run when the redirection is set up (targets, heredoc bodies). */
  expansions: Node[];
}

const WRITE_OPS = new Set(['>', '>>', '&>', '&>>', '>|', '<>']);
const DESCRIPTOR_TARGET = /^(\d+-?|-)$/;
const REDIRECTS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);

export function evaluateRedirect(node: Node, owner: number): EvaluatedRedirect {
  const result: EvaluatedRedirect = {
    use: { op: '', target: null, text: '', descriptor: false, write: false, read: false, fd: descriptorOf(node), owner, cwd: null },
    extraArgs: [],
    pipeStages: [],
    following: [],
    nested: [],
    expansions: [],
  };
  if (node.type === 'heredoc_redirect') readHeredoc(node, result);
  else if (node.type === 'herestring_redirect') readHereString(node, result);
  else readFileRedirect(node, result);
  const use = result.use;
  // only what descriptor 0 gets is stdin: `cmd 3<<< x` feeds nothing to cmd's stdin
  if ((use.fd ?? (use.op.startsWith('<') ? 0 : 1)) !== 0) delete use.stdin;
  else if (!use.stdin) use.stdin = fileStdin(use);
  return result;
}

/** What a redirection of descriptor 0 to a file or another descriptor feeds to stdin. */
function fileStdin(use: RedirectUse): Stdin | undefined {
  if (use.op === '<&' || use.op === '>&') return use.descriptor && use.text === '-' ? { kind: 'text', text: '' } : { kind: 'runtime' };
  if (!use.target) return undefined;
  return use.target.text === '/dev/null' && !use.target.dynamic ? { kind: 'text', text: '' } : { kind: 'file', path: use.target };
}

function descriptorOf(node: Node): number | null {
  const written = node.children.find((c) => c?.type === 'file_descriptor') ?? descriptorWordOf(node);
  return written ? Number(written.text) : null;
}

/**
 * The grammar reads `sh 0< f` as the argument 0 and the redirection `< f`; bash reads a number
 * written against the operator as its descriptor. Returns that number's node.
 */
function descriptorWordOf(redirect: Node): Node | null {
  let before = redirect.previousSibling;
  if (before?.type === 'command') before = before.lastChild; // body of a redirected statement
  return before?.type === 'number' && before.endIndex === redirect.startIndex && /^\d+$/.test(before.text) ? before : null;
}

/** True for a number the grammar took as an argument that is the descriptor of the next redirection. */
export function isDescriptorWord(word: Node): boolean {
  if (word.type !== 'number') return false;
  const next = word.nextSibling ?? (word.parent?.type === 'command' ? word.parent.nextSibling : null);
  return next !== null && REDIRECTS.has(next.type) && descriptorWordOf(next)?.id === word.id;
}

/**
 * `{NAME}>file`, `{NAME}<&-`: bash opens (or closes) a descriptor whose number NAME holds, and sets
 * NAME to it. The grammar reads `{NAME}` as an argument; returns NAME when the word is written
 * against the redirection that follows it.
 */
export function descriptorVariable(word: Node): string | null {
  const name = /^\{([A-Za-z_]\w*)\}$/.exec(word.text)?.[1];
  if (name === undefined) return null;
  const next = word.nextSibling ?? (word.parent?.type === 'command' ? word.parent.nextSibling : null);
  return next !== null && REDIRECTS.has(next.type) && next.startIndex === word.endIndex ? name : null;
}

function readFileRedirect(node: Node, result: EvaluatedRedirect): void {
  const destinations: Node[] = [];
  for (const child of node.children) {
    if (!child) continue;
    if (!child.isNamed) result.use.op ||= child.type;
    else if (child.type !== 'file_descriptor' && child.type !== 'ERROR' && child.type !== 'comment') destinations.push(child);
  }
  const [target, ...extra] = destinations;
  result.extraArgs = extra;
  if (!target) return;
  result.expansions.push(target);
  const field = firstField(target);
  const use = result.use;
  use.target = field;
  use.text = field.text;
  use.descriptor = (use.op === '>&' || use.op === '<&') && !field.dynamic && DESCRIPTOR_TARGET.test(field.text);
  use.write = !use.descriptor && (WRITE_OPS.has(use.op) || use.op === '>&');
  use.read = !use.descriptor && (use.op === '<' || use.op === '<>' || use.op === '<&');
}

function readHeredoc(node: Node, result: EvaluatedRedirect): void {
  let delimiter = '';
  let body: Node | null = null;
  for (const child of node.children) {
    if (!child) continue;
    if (!child.isNamed) {
      if (child.type === '<<' || child.type === '<<-') result.use.op = child.type;
      continue;
    }
    switch (child.type) {
      case 'heredoc_start':
        delimiter = child.text;
        break;
      case 'heredoc_body':
        body = child;
        break;
      case 'heredoc_end':
      case 'comment':
        break;
      case 'pipeline':
        result.pipeStages.push(...child.namedChildren.filter((n): n is Node => n !== null));
        break;
      case 'file_redirect':
      case 'heredoc_redirect':
      case 'herestring_redirect':
        result.nested.push(child);
        break;
      default:
        result.following.push(child);
    }
  }
  const quoted = /['"\\]/.test(delimiter);
  result.use.text = delimiter.replace(/['"\\]/g, '');
  result.use.stdin = heredocStdin(body, quoted, result.use.op === '<<-');
  if (body && !quoted) result.expansions.push(body);
}

function heredocStdin(body: Node | null, quoted: boolean, stripTabs: boolean): Stdin {
  if (!body) return { kind: 'text', text: '' };
  const expands = !quoted && body.namedChildren.some((c) => c !== null && c.type !== 'heredoc_content');
  if (expands) return { kind: 'runtime' };
  let text = quoted ? body.text : body.text.replace(/\\([$`\\\n])/g, (_m, ch: string) => (ch === '\n' ? '' : ch));
  if (stripTabs) text = text.replace(/^\t+/gm, '');
  return { kind: 'text', text };
}

function readHereString(node: Node, result: EvaluatedRedirect): void {
  result.use.op = '<<<';
  const target = node.namedChildren.find((c): c is Node => c !== null && c.type !== 'file_descriptor');
  if (!target) return;
  result.expansions.push(target);
  // a here-string is not brace-expanded: bash <<< {a,b} reads "{a,b}"
  const word = evaluateWord(target);
  const field = { ...toField(word.parts), source: word.source };
  result.use.target = field;
  result.use.text = field.text;
  result.use.stdin = field.dynamic ? { kind: 'runtime' } : { kind: 'text', text: field.text + '\n' };
}

function firstField(node: Node): Field {
  const fields = fieldsOf(evaluateWord(node));
  // bash refuses a redirection target that expands to several words; the first is enough here
  return fields[0] ?? { text: '', path: '', parts: [], dynamic: false, glob: false };
}
