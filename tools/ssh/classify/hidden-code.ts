// Places where bash runs code that is not written as a command: arithmetic evaluates variable
// values recursively (x='a[$(cmd)]'; echo $((x)) runs cmd), ${x@P} expands $(...) in a value,
// ${!x} may name an array element, PS4/PROMPT_COMMAND hold code. Each use on a value the line
// does not pin down is recorded; the line is then treated as running unknown code.
import type { Node } from 'web-tree-sitter';
import { toField } from './fields.ts';
import type { Scan } from './scan.ts';
import { evaluateWord } from './word.ts';

/** A use of arithmetic evaluation: the variable names it reads, and whether it holds a substitution. */
export interface ArithmeticUse {
  names: string[];
  substitution: boolean;
}

/** Names in an arithmetic expression; not the digits of a number (0x1f, 16#ff). */
const NAMES_IN_EXPRESSION = /(?<![\w#])[A-Za-z_]\w*/g;
const ARITHMETIC_TESTS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
/** Shell variables that always hold numbers. */
const NUMERIC_SPECIALS = new Set(['RANDOM', 'SRANDOM', 'LINENO', 'SECONDS', 'BASHPID', 'PPID', 'UID', 'EUID', 'OPTIND', 'COLUMNS', 'LINES', 'SHLVL', 'HISTCMD', 'EPOCHSECONDS']);
const CODE_VARIABLES = /^(PS[0-4]|PROMPT_COMMAND)$/;
const HOLDS_CODE = /\$\(|`/;

export class HiddenCode {
  private readonly uses: ArithmeticUse[] = [];
  /** Variables expanded indirectly (`${!r}`): a value `a[i]` names an element, whose subscript is arithmetic. */
  readonly indirect = new Set<string>();

  /** Records an arithmetic context: $((...)), ((...)), for ((...)), [[ a -eq b ]], an array index. */
  noteArithmetic(node: Node): void {
    // a word inside arithmetic is itself an expression (a[i=0]): every name in it is a variable
    const names = node
      .descendantsOfType(['variable_name', 'word'])
      .flatMap((n) => n?.text.match(NAMES_IN_EXPRESSION) ?? []);
    const substitution = node.descendantsOfType(['command_substitution', 'process_substitution']).length > 0;
    this.uses.push({ names, substitution });
  }

  /** The variable `${!r}` reads the name from. */
  noteIndirect(expansion: Node): void {
    const children = expansion.children;
    const bang = children.findIndex((c) => c?.type === '!');
    const name = bang >= 0 ? children[bang + 1] : null;
    if (name?.type === 'variable_name') this.indirect.add(name.text);
  }

  /** `${x:offset}` and `${x:offset:length}`: both are arithmetic (`${x:(HISTSIZE=0)}` assigns). */
  noteSubstring(expansion: Node): void {
    const children = expansion.children.filter((c) => c !== null);
    const at = children.findIndex((c) => c.type === ':');
    if (at >= 0) for (const part of children.slice(at + 1)) if (part.isNamed) this.noteArithmetic(part);
  }

  /** A `[[ ... ]]` is arithmetic when it compares with -eq, -lt, ...; `-v a[i]` evaluates the subscript. */
  noteTest(node: Node): void {
    const operators = node.descendantsOfType('test_operator').filter((op) => op !== null);
    if (operators.some((op) => ARITHMETIC_TESTS.has(op.text))) this.noteArithmetic(node);
    for (const op of operators) {
      const operand = op.text === '-v' ? op.nextNamedSibling : null;
      const written = operand ? toField(evaluateWord(operand).parts).text : '';
      const index = /\[(.*)\]$/s.exec(written)?.[1];
      if (index !== undefined) this.noteWords([index], false);
    }
  }

  /** Arithmetic written as words: `let`'s arguments, an indexed array literal's `[index]=`, an integer's value. */
  noteWords(args: readonly string[], dynamic: boolean): void {
    const names = args.flatMap((a) => a.match(NAMES_IN_EXPRESSION) ?? []);
    this.uses.push({ names, substitution: dynamic });
  }

  /** Every variable name any arithmetic of the line reads or assigns. */
  names(): string[] {
    return this.uses.flatMap((use) => use.names);
  }

  /** Reasons found once the whole line is scanned. */
  reasons(scan: Scan): string[] {
    const numeric = new Set(NUMERIC_SPECIALS);
    for (const a of scan.assignments) {
      const value = a.value?.parts;
      if (value && value.every((p) => p.kind === 'lit' && /^[+-]?\d+$/.test(p.text))) numeric.add(a.name);
    }
    const reasons: string[] = [];
    for (const use of this.uses) {
      if (use.substitution) reasons.push('arithmetic on command output');
      const unknown = use.names.find((n) => !numeric.has(n));
      if (unknown !== undefined) reasons.push(`arithmetic on ${unknown}, whose value the line does not fix`);
    }
    for (const a of scan.assignments) {
      const text = a.value?.parts.map((p) => (p.kind === 'lit' ? p.text : '')).join('') ?? '';
      if (CODE_VARIABLES.test(a.name) && HOLDS_CODE.test(text)) reasons.push(`${a.name} holds code`);
    }
    return [...new Set(reasons)];
  }
}

/** ${x@P} runs the substitutions inside x's value; ${!x} reads a variable named at run time. */
export function expansionHidesCode(node: Node): string | null {
  const text = node.text;
  if (/@P\}$/.test(text)) return '${...@P} expands code held in a variable';
  if (text.startsWith('${!') && !/^\$\{![A-Za-z_][A-Za-z0-9_]*(\[[@*]\]|[@*])\}$/.test(text)) {
    return '${!...} reads a variable named at run time';
  }
  return null;
}
