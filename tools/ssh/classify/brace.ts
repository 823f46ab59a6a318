// Bash brace expansion ({a,b}, {1..5}, {a..e..2}) over word parts, so that rm -rf /{etc,usr}
// is seen as rm -rf /etc /usr. Only unquoted braces expand. Past a cap nothing is expanded and
// nothing is left as literal text: each brace group becomes a run-time part.
import type { WordPart } from './word.ts';

/** One character of a literal (with its quoting) or one run-time part. */
type Unit = { ch: string; quoted: boolean } | { dyn: Extract<WordPart, { kind: 'dyn' }> };

export const MAX_BRACE_FIELDS = 64;

interface Brace {
  open: number;
  close: number;
  /** Alternatives between the braces, as unit lists; null for a sequence longer than the cap. */
  alternatives: Unit[][] | null;
}

/** True when some unquoted literal holds "{": the only case where expansion can happen. */
export function mayBraceExpand(parts: WordPart[]): boolean {
  return parts.some((p) => p.kind === 'lit' && !p.quoted && p.text.includes('{'));
}

/** Expands braces; returns null when the result would exceed MAX_BRACE_FIELDS. */
export function expandBraces(parts: WordPart[]): WordPart[][] | null {
  const out: Unit[][] = [];
  if (!expandUnits(toUnits(parts), out)) return null;
  return out.map(fromUnits);
}

/**
 * The word past the cap: each brace group that would expand (the outermost, with what it holds)
 * as one run-time part, so that no alternative passes for the literal name or path.
 */
export function bracesAsRuntime(parts: WordPart[]): WordPart[] {
  let units = toUnits(parts);
  // each round turns at least one unquoted "{" into a run-time part, so this ends
  for (let brace = findBrace(units); brace; brace = findBrace(units)) {
    const source = units.slice(brace.open, brace.close + 1).map((u) => ('ch' in u ? u.ch : u.dyn.source)).join('');
    const group: Unit = { dyn: { kind: 'dyn', source, home: false, braces: true } };
    units = [...units.slice(0, brace.open), group, ...units.slice(brace.close + 1)];
  }
  return fromUnits(units);
}

function expandUnits(units: Unit[], out: Unit[][]): boolean {
  const brace = findBrace(units);
  if (!brace) {
    out.push(units);
    return out.length <= MAX_BRACE_FIELDS;
  }
  if (!brace.alternatives) return false;
  const prefix = units.slice(0, brace.open);
  const suffix = units.slice(brace.close + 1);
  for (const alternative of brace.alternatives) {
    if (!expandUnits([...prefix, ...alternative, ...suffix], out)) return false;
  }
  return true;
}

const isChar = (u: Unit | undefined, ch: string): boolean =>
  u !== undefined && 'ch' in u && !u.quoted && u.ch === ch;

function findBrace(units: Unit[]): Brace | null {
  for (let open = 0; open < units.length; open++) {
    if (!isChar(units[open], '{') || isChar(units[open - 1], '$')) continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = open + 1; i < units.length; i++) {
      if (isChar(units[i], '{')) depth++;
      else if (isChar(units[i], '}')) {
        if (depth > 0) {
          depth--;
          continue;
        }
        const inner = units.slice(open + 1, i);
        if (commas.length > 0) {
          const alternatives: Unit[][] = [];
          let from = open + 1;
          for (const comma of [...commas, i]) {
            alternatives.push(units.slice(from, comma));
            from = comma + 1;
          }
          return { open, close: i, alternatives };
        }
        const sequence = expandSequence(inner);
        if (sequence !== undefined) return { open, close: i, alternatives: sequence };
        break; // "{x}" is literal; look for a later brace
      } else if (depth === 0 && isChar(units[i], ',')) commas.push(i);
    }
  }
  return null;
}

const SEQUENCE = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/;

/** The values of a sequence ({1..5}, {a..e..2}); null past the cap; undefined when it is none. */
function expandSequence(inner: Unit[]): Unit[][] | null | undefined {
  if (inner.some((u) => !('ch' in u) || u.quoted)) return undefined;
  const text = inner.map((u) => ('ch' in u ? u.ch : '')).join('');
  const m = SEQUENCE.exec(text);
  if (!m) return undefined;
  const [, a = '', b = '', stepText] = m;
  const numeric = /\d/.test(a);
  if (numeric !== /\d/.test(b)) return undefined;
  const start = numeric ? Number(a) : a.charCodeAt(0);
  const end = numeric ? Number(b) : b.charCodeAt(0);
  const step = Math.abs(Number(stepText ?? '1')) || 1;
  const count = Math.floor(Math.abs(end - start) / step) + 1;
  if (count > MAX_BRACE_FIELDS) return null;
  const width = numeric && (/^-?0\d/.test(a) || /^-?0\d/.test(b)) ? Math.max(a.length, b.length) : 0;
  const values: Unit[][] = [];
  for (let k = 0; k < count; k++) {
    const v = start + (end >= start ? k * step : -k * step);
    const s = numeric ? String(v).padStart(width, '0') : String.fromCharCode(v);
    values.push([...s].map((ch) => ({ ch, quoted: false })));
  }
  return values;
}

function toUnits(parts: WordPart[]): Unit[] {
  const units: Unit[] = [];
  for (const part of parts) {
    if (part.kind === 'dyn') units.push({ dyn: part });
    else for (const ch of part.text) units.push({ ch, quoted: part.quoted });
  }
  return units;
}

function fromUnits(units: Unit[]): WordPart[] {
  const parts: WordPart[] = [];
  for (const unit of units) {
    const last = parts[parts.length - 1];
    if ('dyn' in unit) parts.push(unit.dyn);
    else if (last?.kind === 'lit' && last.quoted === unit.quoted) last.text += unit.ch;
    else parts.push({ kind: 'lit', text: unit.ch, quoted: unit.quoted });
  }
  return parts;
}
