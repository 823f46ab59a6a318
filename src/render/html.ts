// HTML built from tagged templates that render every interpolated value for the page. Only
// fragments made by `html` itself pass through as markup, so a forgotten escape cannot happen by
// accident: the default is safe. Rendering escapes & < > " ' and shows every hidden character
// (controls, bidi controls, invisible and format characters, line separators) as a visible
// escape: in text as a badge (<span class="hidden-char">\u202e</span>), inside a tag's attribute
// as the escape's text. Long runs of blank lines or spaces become a badge with their count. A
// fragment remembers which hidden kinds it showed, so a page can put a warning next to it.
import { gapText, hiddenWarning, kindsInValue, limit, moreNote, rtlRuns, scanBlock, type Hidden, type Piece } from './characters.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const NONE: ReadonlySet<Hidden> = new Set();

export class SafeHtml {
  constructor(
    readonly text: string,
    /** The hidden kinds shown escaped somewhere in this fragment. */
    readonly hidden: ReadonlySet<Hidden> = NONE,
  ) {}
  toString(): string {
    return this.text;
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const KIND_TITLES: Record<Hidden, string> = {
  control: 'control character',
  bidi: 'bidi control: reorders the text around it',
  invisible: 'invisible character',
  separator: 'line or paragraph separator',
  surrogate: 'broken surrogate',
  unassigned: 'private-use, unassigned or noncharacter code point: what it draws depends on the font',
  mark: 'combining mark with nothing to sit on, stacked or drawn around its neighbour',
  lookalike: 'look-alike letter (in code also one of a word drawn all in ASCII-like letters, a Latin letter drawn as an ASCII one, or a mark on an ASCII letter that makes no letter), or in code punctuation or a space: not the ASCII character it resembles',
};

function drawPiece(piece: Piece, inAttribute: boolean): string {
  if ('text' in piece) return escapeHtml(rtlRuns(piece.text));
  if ('escape' in piece) return inAttribute ? piece.escape : `<span class="hidden-char" title="${KIND_TITLES[piece.kind]}, shown escaped">${piece.escape}</span>`;
  return inAttribute ? `[${gapText(piece)}]` : `<span class="hidden-gap">${gapText(piece)}</span>`;
}

/** Agent text (or any text) for a page: the one function every interpolated string passes. */
function renderText(value: string, inAttribute: boolean, found: Set<Hidden>, options: { json?: boolean; code?: boolean } = {}): string {
  return scanBlock(value, options)
    .map((line) =>
      line
        .map((piece) => {
          if ('escape' in piece) found.add(piece.kind);
          return drawPiece(piece, inAttribute);
        })
        .join(''),
    )
    .join('\n');
}

/** Arrays are joined; null, undefined and false render nothing; everything else is rendered text. */
function render(value: unknown, inAttribute: boolean, found: Set<Hidden>): string {
  if (value instanceof SafeHtml) {
    for (const kind of value.hidden) found.add(kind);
    return value.text;
  }
  if (Array.isArray(value)) return value.map((v) => render(v, inAttribute, found)).join('');
  if (value === null || value === undefined || value === false) return '';
  return renderText(String(value), inAttribute, found);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  const found = new Set<Hidden>();
  values.forEach((value, i) => {
    // The template's own text is trusted and values never add a bare < or >, so an unclosed < means
    // the value sits inside a tag: an attribute, where markup cannot go.
    const inAttribute = out.lastIndexOf('<') > out.lastIndexOf('>');
    out += render(value, inAttribute, found) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out, found);
}

/** Code (SQL, a command) for a page: rendered text in which look-alike punctuation and spaces are escaped too. */
export function code(text: string): SafeHtml {
  const found = new Set<Hidden>();
  return new SafeHtml(renderText(text, false, found, { code: true }), found);
}

/** Text cut to `max` characters with a visible note of how much was left out; `code` renders it as code. */
export function cut(text: string, max: number, options: { code?: boolean } = {}): SafeHtml {
  const { text: head, more } = limit(text, max);
  const shown = options.code ? code(head) : head;
  return more ? html`${shown}<span class="cut">${moreNote(more)}</span>` : html`${shown}`;
}

function jsonText(value: unknown, code: boolean): SafeHtml {
  const found = kindsInValue(value, new Set());
  return new SafeHtml(renderText(JSON.stringify(value, null, 2) ?? 'null', false, found, { json: true, code }), found);
}

/** A value laid out as JSON for reading; its C0 controls count as shown, though JSON escaped them. */
export function json(value: unknown): SafeHtml {
  return jsonText(value, false);
}

/** A call's arguments laid out as JSON for reading, as code. */
export function codeJson(value: unknown): SafeHtml {
  return jsonText(value, true);
}

/** A warning paragraph for a fragment that showed hidden characters; nothing when it showed none. */
export function hiddenNotice(fragment: SafeHtml): SafeHtml | false {
  return fragment.hidden.size > 0 && html`<p class="warning hidden-warning" role="alert">${hiddenWarning(fragment.hidden)}</p>`;
}
