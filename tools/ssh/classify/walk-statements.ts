// Statements with their own rules: declarations (export, declare, local, unset) are commands
// whose operands may be assignments; function bodies are walked where they are defined, with
// the function's name so that recursion can be seen; backticks are unescaped and parsed again.
import type { Node } from 'web-tree-sitter';
import { processCommand } from './command.ts';
import type { Assignment, Context } from './model.ts';
import type { Scan } from './scan.ts';
import { parseAgain, walk } from './walk.ts';
import { evaluateWord, literalWord, type Word } from './word.ts';

/** export/declare/local/readonly/typeset/unset: a command whose operands may be assignments. */
export function walkDeclaration(scan: Scan, node: Node, ctx: Context, nesting: number): void {
  const id = scan.id();
  const wordCtx: Context = { ...ctx, hosts: [...ctx.hosts, id] };
  const words: Word[] = [literalWord(node.firstChild?.text ?? node.type, false)];
  const assignments: Assignment[] = [];
  let previous: { end: number; assignment: Assignment | null } | null = null;
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    const assignment = child.type === 'variable_assignment' ? readAssignment(child) : null;
    const word = assignment ? { source: child.text, parts: [{ kind: 'lit' as const, text: `${assignment.name}=`, quoted: false }, ...(assignment.value?.parts ?? [])] } : evaluateWord(child);
    const last = words[words.length - 1];
    if (previous && last && previous.end === child.startIndex) {
      // The grammar splits some words bash reads as one (`export P"ATH"=/tmp`): glue them back;
      // the whole is then no assignment by syntax, and impliedAssignments reads what it sets.
      words[words.length - 1] = { source: last.source + word.source, parts: [...last.parts, ...word.parts] };
      if (previous.assignment) assignments.splice(assignments.indexOf(previous.assignment), 1);
      previous = { end: child.endIndex, assignment: null };
    } else {
      words.push(word);
      if (assignment) assignments.push(assignment);
      previous = { end: child.endIndex, assignment };
    }
    walk(scan, child, wordCtx, nesting + 1);
  }
  scan.assignments.push(...assignments);
  processCommand(scan, { nodeId: id, words, assignments, ctx, ownRedirects: [] });
}

export function readAssignment(node: Node): Assignment {
  const nameNode = node.childForFieldName('name');
  const name = (nameNode?.type === 'subscript' ? nameNode.childForFieldName('name') : nameNode)?.text ?? '';
  const value = node.childForFieldName('value');
  return { name, value: value ? evaluateWord(value) : { source: '', parts: [] } };
}

export function walkFunction(scan: Scan, node: Node, ctx: Context, nesting: number): void {
  const name = node.childForFieldName('name')?.text ?? '';
  scan.functions.add(name); // before the body, so that a body calling itself is seen as recursion
  const bodyCtx: Context = { ...ctx, functionName: name, background: false, pipes: [] };
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'word' && child.text === name) continue;
    walk(scan, child, bodyCtx, nesting + 1);
  }
}

/** In `...` a backslash before ` $ or \ is removed before the text runs: parse it again as bash does. */
export function walkBackticks(scan: Scan, node: Node, ctx: Context): void {
  const inner = node.text.slice(1, node.text.endsWith('`') ? -1 : undefined);
  parseAgain(scan, inner.replace(/\\([\\$`])/g, '$1'), { ...ctx, depth: ctx.depth + 1 });
}
