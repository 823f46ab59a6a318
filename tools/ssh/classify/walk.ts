// Walks a bash syntax tree and hands every simple command to command.ts with its context:
// lists, pipelines, subshells, groups, control flow, function bodies, substitutions inside
// words, strings and heredocs, redirections and what they feed to stdin. Anything the walker
// does not know it descends into, so no command is skipped by an unexpected node type.
import type { Node } from 'web-tree-sitter';
import { addMarker, processCommand } from './command.ts';
import { fieldsOf } from './fields.ts';
import { expansionAssignment } from './expansion-assignment.ts';
import { expansionHidesCode } from './hidden-code.ts';
import type { Assignment, Context, RedirectUse, Stdin } from './model.ts';
import { parseBash, shellParserReady } from './parser.ts';
import { descriptorVariable, evaluateRedirect, isDescriptorWord, type EvaluatedRedirect } from './redirects.ts';
import { stageOutput } from './pipe-text.ts';
import { LIMITS, type Scan } from './scan.ts';
import { skeletonOf } from './skeleton.ts';
import { describeSyntaxError } from './syntax-error.ts';
import { evaluateWord, joinWords, type Word } from './word.ts';
import { readAssignment, walkBackticks, walkDeclaration, walkFunction } from './walk-statements.ts';

const REDIRECTS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);

/**
 * Parses text and walks it; the tree is always freed. `lenient` is for code guessed out of other
 * languages (os.system("...")): a syntax error there marks unknown code instead of failing the line.
 */
/** Why parseBash gave no tree: the parser is not loaded, or the line ran out of parse time. */
function parserGaveUp(): string {
  return shellParserReady() ? `the line took more than ${LIMITS.maxParseMs} ms of CPU time to parse (its shape makes the bash grammar go back over it); it is refused rather than read in part` : 'the shell parser is not available';
}

/**
 * Whether `text` holds more pipes than a line may hold commands. The bash grammar's error
 * recovery after a long pipeline (a "|" left at the end of "a|a|…", 16 KB) takes 1 GB and more,
 * until its memory runs out and it breaks for every later line: such text is refused unparsed.
 */
function tooManyPipes(text: string): boolean {
  let pipes = 0;
  for (let at = text.indexOf('|'); at >= 0; at = text.indexOf('|', at + 1)) if (++pipes > LIMITS.maxCommands) return true;
  return false;
}

export function walkText(scan: Scan, text: string, ctx: Context, lenient = false): void {
  if (scan.stopped) return;
  if (tooManyPipes(text)) {
    scan.fail(`more than ${LIMITS.maxCommands} pipes ("|") in one line; it is refused unparsed`);
    return;
  }
  const tree = parseBash(text, scan.parseDeadline);
  if (!tree) {
    scan.fail(parserGaveUp());
    return;
  }
  try {
    const root = tree.rootNode;
    if (root.hasError && lenient) addMarker(scan, ctx, 0);
    else if (root.hasError) scan.fail(describeSyntaxError(root, text, ctx.depth));
    if (!scan.budgetNodes(root.descendantCount)) return;
    // The first text walked is the line itself; code it hands to shells is in its shape word for word.
    if (scan.skeleton === '') scan.skeleton = skeletonOf(root);
    walk(scan, root, ctx, 0);
  } finally {
    tree.delete();
  }
}

/** Parses a string a command runs as code (bash -c, eval, ssh host CMD), within the depth bound. */
export function parseAgain(scan: Scan, text: string, ctx: Context, lenient = false): void {
  if (ctx.depth > LIMITS.maxParseDepth) {
    scan.fail(`code nested deeper than ${LIMITS.maxParseDepth} levels (${ctx.via.join(' > ')})`);
    return;
  }
  scan.parseDepth = Math.max(scan.parseDepth, ctx.depth);
  walkText(scan, text, ctx, lenient);
}

export function walk(scan: Scan, node: Node, ctx: Context, nesting: number): void {
  if (scan.stopped) return;
  if (nesting > LIMITS.maxNesting) {
    scan.fail(`syntax nested deeper than ${LIMITS.maxNesting} levels`);
    return;
  }
  switch (node.type) {
    case 'command':
      return walkCommand(scan, node, ctx, nesting, []);
    case 'declaration_command':
    case 'unset_command':
      return walkDeclaration(scan, node, ctx, nesting);
    case 'variable_assignment':
      scan.assignments.push(readAssignment(node));
      break;
    case 'pipeline':
      return walkStages(scan, named(node), ctx, nesting);
    case 'redirected_statement':
      return walkRedirected(scan, node, ctx, nesting);
    case 'function_definition':
      return walkFunction(scan, node, ctx, nesting);
    case 'command_substitution':
      if (node.firstChild?.type === '`' && node.text.includes('\\')) return walkBackticks(scan, node, ctx);
      break;
    case 'file_redirect':
    case 'heredoc_redirect':
    case 'herestring_redirect':
      applyRedirect(scan, node, 0, ctx, nesting); // e.g. $(< file)
      return;
    case 'comment':
    case 'heredoc_content':
      return;
    case 'expansion': {
      const hidden = expansionHidesCode(node);
      if (hidden) scan.noteHiddenCode(hidden);
      const assignment = expansionAssignment(node);
      if (assignment) scan.assignments.push(assignment);
      scan.arithmetic.noteSubstring(node);
      scan.arithmetic.noteIndirect(node);
      break;
    }
    case 'regex':
      walkPattern(scan, node, ctx, nesting);
      return;
    case 'for_statement': {
      // for and select set their variable to each word in turn (to "$@" with no list)
      const variable = node.childForFieldName('variable');
      if (variable) scan.assignments.push({ name: variable.text, value: null });
      listWords(scan, node.childrenForFieldName('value'));
      break;
    }
    case 'array':
      listWords(scan, node.namedChildren);
      noteIndexedElements(scan, node);
      break;
    case 'arithmetic_expansion':
      scan.arithmetic.noteArithmetic(node);
      break;
    case 'c_style_for_statement': {
      // its three expressions are arithmetic; its body is commands, walked as such
      const body = node.childForFieldName('body');
      for (const part of node.namedChildren) if (part && part.id !== body?.id && part.type !== 'comment') scan.arithmetic.noteArithmetic(part);
      break;
    }
    case 'subscript': {
      const index = node.childForFieldName('index');
      if (index && index.type !== 'number') scan.arithmetic.noteArithmetic(index);
      break;
    }
    case 'compound_statement':
      if (node.firstChild?.type === '((') scan.arithmetic.noteArithmetic(node);
      break;
    case 'test_command':
      scan.arithmetic.noteTest(node);
      break;
  }
  walkChildren(scan, node, ctx, nesting);
}

/**
 * The grammar keeps some patterns as one token (`${x#PATTERN}`, `${x^^PATTERN}`, `${x/PATTERN/}`,
 * `[[ $x =~ PATTERN ]]`) although bash expands them like a word first: `${x#$(cmd)}` runs cmd and
 * `${x/${N:=v}/}` assigns N. A pattern with an expansion is parsed again as one double-quoted
 * argument, where `(`, `|` and a `$` before them stay text, and only that argument is walked. Its
 * own quotes and backslashes are escaped first: what they kept from expanding is then expanded
 * too, which can only add to what is found.
 */
function walkPattern(scan: Scan, node: Node, ctx: Context, nesting: number): void {
  if (!/[$`]/.test(node.text)) return;
  const tree = parseBash(`: "${node.text.replace(/["\\]/g, '\\$&')}"`, scan.parseDeadline);
  if (!tree) {
    scan.fail(parserGaveUp());
    return;
  }
  try {
    const root = tree.rootNode;
    if (root.hasError) scan.fail('a pattern with an expansion that does not parse');
    if (!scan.budgetNodes(root.descendantCount)) return;
    for (const argument of root.firstNamedChild?.childrenForFieldName('argument') ?? []) if (argument) walk(scan, argument, ctx, nesting + 1);
  } finally {
    tree.delete();
  }
}

/**
 * `a=([i]=v)`: an indexed array's subscripts are arithmetic (`[HISTSIZE=0]=1` assigns HISTSIZE);
 * an associative array's (declare -A) are strings.
 */
function noteIndexedElements(scan: Scan, array: Node): void {
  const declaration = array.parent?.parent;
  const associative = declaration?.type === 'declaration_command' && declaration.namedChildren.some((c) => c !== null && /^-[a-zA-Z]*A/.test(c.text));
  if (associative) return;
  for (const element of array.namedChildren) {
    const index = element ? /^\[(.*?)\]\+?=/s.exec(element.text)?.[1] : undefined;
    if (element && index !== undefined) scan.arithmetic.noteWords([index], element.descendantsOfType(['command_substitution', 'process_substitution']).length > 0);
  }
}

/** Words of a loop's list or an array's elements: file names the line may hand on to a reader. */
function listWords(scan: Scan, words: ReadonlyArray<Node | null>): void {
  for (const word of words) if (word && word.type !== 'comment') for (const field of fieldsOf(evaluateWord(word))) scan.listed.push({ field, cwd: scan.cwd });
}

function walkChildren(scan: Scan, node: Node, ctx: Context, nesting: number): void {
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (!child?.isNamed) continue;
    const background = children[i + 1]?.type === '&';
    walk(scan, child, background ? { ...ctx, background: true } : ctx, nesting + 1);
  }
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
}

function walkCommand(scan: Scan, node: Node, ctx: Context, nesting: number, extraArgs: Node[]): void {
  const id = scan.id();
  const wordCtx: Context = { ...ctx, hosts: [...ctx.hosts, id] };
  const words: Word[] = [];
  const assignments: Assignment[] = [];
  const own: RedirectUse[] = [];
  const trailing: Node[] = [];
  let stdin = ctx.stdin;
  /** Where the last word ended. */
  let wordEnd = -1;
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'variable_assignment') {
      assignments.push(readAssignment(child));
      walkChildren(scan, child, wordCtx, nesting + 1);
    } else if (REDIRECTS.has(child.type)) {
      const evaluated = applyRedirect(scan, child, id, wordCtx, nesting);
      own.push(evaluated.use);
      stdin = evaluated.use.stdin ?? stdin;
      trailing.push(...evaluated.extraArgs);
    } else if (!isDescriptorWord(child)) {
      const descriptorName = descriptorVariable(child);
      if (descriptorName !== null) {
        scan.assignments.push({ name: descriptorName, value: null });
        continue;
      }
      const wordNode = child.type === 'command_name' && child.namedChildCount === 1 ? (child.firstNamedChild ?? child) : child;
      const word = evaluateWord(wordNode);
      const previous = words[words.length - 1];
      // tree-sitter splits some words where no blank stands (/{$,etc} as "/{$" and ",etc}"): bash reads one word
      if (previous && child.startIndex === wordEnd) words[words.length - 1] = joinWords(previous, word);
      else words.push(word);
      wordEnd = child.endIndex;
      walk(scan, child, wordCtx, nesting + 1);
      continue;
    }
    wordEnd = -1;
  }
  for (const extra of [...trailing, ...extraArgs]) {
    words.push(evaluateWord(extra));
    walk(scan, extra, wordCtx, nesting + 1);
  }
  scan.assignments.push(...assignments);
  const commandCtx: Context = { ...ctx, stdin, redirects: [...ctx.redirects, ...own] };
  processCommand(scan, { nodeId: id, words, assignments, ctx: commandCtx, ownRedirects: own });
}

/** Pipeline stages in order: each stage's stdin is what the previous one writes, when known. */
function walkStages(scan: Scan, stages: Node[], ctx: Context, nesting: number, first?: (stageCtx: Context) => void, firstOutput?: Stdin): void {
  const id = scan.id();
  let stdin = ctx.stdin;
  stages.forEach((stage, k) => {
    const stageCtx: Context = { ...ctx, pipes: [...ctx.pipes, { id, stage: k }], stdin: k === 0 ? ctx.stdin : stdin };
    if (k === 0 && first) first(stageCtx);
    else walk(scan, stage, stageCtx, nesting + 1);
    stdin = k === 0 && firstOutput ? firstOutput : stageOutput(stage, stageCtx.stdin);
  });
}

function walkRedirected(scan: Scan, node: Node, ctx: Context, nesting: number): void {
  const id = scan.id();
  const redirectCtx: Context = { ...ctx, hosts: [...ctx.hosts, id] };
  const written = node.childForFieldName('body');
  const body = lastOfList(scan, written, ctx, nesting);
  const uses: RedirectUse[] = [];
  const extraArgs: Node[] = [];
  const pipeStages: Node[] = [];
  const following: Node[] = [];
  let stdin = ctx.stdin;
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment' || (written && child.id === written.id)) continue;
    if (!REDIRECTS.has(child.type)) {
      walk(scan, child, ctx, nesting + 1);
      continue;
    }
    const evaluated = applyRedirect(scan, child, id, redirectCtx, nesting);
    uses.push(evaluated.use);
    stdin = evaluated.use.stdin ?? stdin;
    extraArgs.push(...evaluated.extraArgs);
    pipeStages.push(...evaluated.pipeStages);
    following.push(...evaluated.following);
  }
  if (!body) return;
  const bodyCtx: Context = { ...ctx, owners: [...ctx.owners, id], redirects: [...ctx.redirects, ...uses], stdin };
  const walkBody = (c: Context): void => {
    if (extraArgs.length === 0) walk(scan, body, c, nesting + 1);
    else if (body.type === 'command') walkCommand(scan, body, c, nesting + 1, extraArgs);
    else scan.fail('words after a redirection of a compound command');
  };
  if (pipeStages.length > 0) {
    const first = (stageCtx: Context): void => walkBody({ ...bodyCtx, pipes: stageCtx.pipes });
    walkStages(scan, [node, ...pipeStages], ctx, nesting, first, stageOutput(node, ctx.stdin));
  } else walkBody(bodyCtx);
  for (const next of following) walk(scan, next, ctx, nesting + 1);
}

/**
 * The grammar reads `a && b > f` as `(a && b) > f`, but bash redirects only b, after a has run: in
 * the directory a's cd went to (`cd /etc && cat < shadow`). Walks the commands before the last one
 * and returns the last, the one the redirections belong to.
 */
function lastOfList(scan: Scan, body: Node | null, ctx: Context, nesting: number): Node | null {
  let last = body;
  while (last?.type === 'list') {
    const parts = last.namedChildren;
    for (const part of parts.slice(0, -1)) if (part) walk(scan, part, ctx, nesting + 1);
    last = parts.at(-1) ?? null;
  }
  return last;
}

/** Evaluates a redirection, records it, and walks the substitutions in its target or heredoc. */
function applyRedirect(scan: Scan, node: Node, owner: number, ctx: Context, nesting: number): EvaluatedRedirect {
  const evaluated = evaluateRedirect(node, owner);
  evaluated.use.cwd = scan.cwd;
  scan.redirects.push(evaluated.use);
  for (const expansion of evaluated.expansions) walk(scan, expansion, ctx, nesting + 1);
  for (const nested of evaluated.nested) {
    const inner = applyRedirect(scan, nested, owner, ctx, nesting + 1);
    evaluated.extraArgs.push(...inner.extraArgs);
  }
  return evaluated;
}
