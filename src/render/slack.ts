// Agent text for a Slack message (mrkdwn): & < > become &amp; &lt; &gt; as Slack requires
// (https://api.slack.com/reference/surfaces/formatting#escaping), so no mention (<!channel>,
// <@U123>, <#C1>) and no link (<https://…|text>) can come from agent text; the text objects that
// carry it are sent with `verbatim: true`, so Slack does not turn bare URLs or names into links
// either. Agent text is always code: a ``` block, or inline code inside a sentence, so *, _ and ~
// cannot bold, hide or strike it and :emoji: names stay text. Hidden characters are shown as
// escapes and counted; long text is cut with a note of how much is left out. The only link in a
// message is the one gatehouse adds.
import { gapText, hiddenWarning, kindsIn, limit, moreNote, rtlRuns, scanBlock, scanLine, type Hidden, type Piece, type ScanOptions } from './characters.ts';

function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function drawPiece(piece: Piece): string {
  if ('text' in piece) return escapeSlack(rtlRuns(piece.text));
  if ('escape' in piece) return piece.escape;
  return `[${gapText(piece)}]`;
}

export interface SlackText {
  text: string;
  hidden: ReadonlySet<Hidden>;
}

type Form = 'block' | 'inline';
/** `code`: the text is code (SQL, a command, a call's arguments), where look-alike punctuation and spaces are escaped too. */
type Code = Pick<ScanOptions, 'code'>;

/**
 * Text for a ``` block: a backtick would end the block and let the rest format, so backticks are
 * shown as ˋ (U+02CB). With `room`, the result is at most that long (Slack refuses a block past its
 * limit): the text is cut, with a note of how much is left out.
 */
export function slackText(value: unknown, options: { room?: number } & Code = {}): SlackText {
  return fit(String(value), 'block', options.room ?? Infinity, options);
}

/** Text inside a sentence, as inline code on one line (newlines escaped); nothing for an empty value. */
export function slackInline(value: unknown, room: number, options: Code = {}): SlackText {
  const text = String(value);
  return text ? fit(text, 'inline', room, options) : { text: '', hidden: new Set() };
}

function fit(full: string, form: Form, room: number, options: Code): SlackText {
  let max = Array.from(full).length;
  let shown = draw(full, form, max, options);
  // Escapes make the drawing longer than its source: cut the source in proportion until it fits.
  while (shown.text.length > room && max > 0) {
    max = Math.max(0, Math.min(max - 1, Math.floor((max * room) / shown.text.length)));
    shown = draw(full, form, max, options);
  }
  return shown;
}

function draw(full: string, form: Form, max: number, options: Code): SlackText {
  const { text, more } = limit(full, max);
  const hidden = new Set<Hidden>();
  const lines = (form === 'inline' ? [scanLine(text, options)] : scanBlock(text, options)).map((line) => kindsIn(line, hidden) && line.map(drawPiece).join('').replace(/`/g, 'ˋ'));
  if (form === 'inline') return { text: `\`${lines[0]}${more ? ` ${moreNote(more)}` : ''}\``, hidden };
  return { text: lines.join('\n') + (more ? `\n${moreNote(more)}` : ''), hidden };
}

/** The warning for a message whose agent text held hidden characters. */
export function slackWarning(hidden: ReadonlySet<Hidden>): string | undefined {
  return hidden.size > 0 ? `:warning: ${hiddenWarning(hidden)}` : undefined;
}
