// Recorded command output played back at its pace (`replay --speed`), rendered as it goes: each line
// behind the gutter, hidden characters escaped, and the call flagged when any were. A chunk's open
// end (a word or a sequence of marks that the next chunk may continue) is held back and read with
// that chunk, so splitting a name or an escape sequence across chunks changes nothing the reader
// sees: `us` then `е` then `rs` is still one word mixing scripts.
import { GUTTER, TerminalText } from '../render/terminal.ts';
import type { ReplayCall } from './replay.ts';

export type Recording = NonNullable<ReplayCall['recording']>;
export type Write = (stream: 'out' | 'err', text: string) => void;

/** Where the agent's output sits under "agent saw". */
const INDENT = '              ';
/** The end of a chunk that the next one may continue: a word, its marks, an emoji sequence (a flag's tag characters too). */
const OPEN_END = /[\p{L}\p{M}\p{N}\p{Pc}\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\u{e0020}-\u{e007f}]+$/u;
/** The longest pause played, in recorded seconds: a long wait is shortened. */
const MAX_PAUSE = 5;

export async function playRecording(recording: Recording, speed: number, write: Write): Promise<void> {
  const text = new TerminalText();
  let clock = 0;
  let lineStart = true;
  let held: { stream: 'out' | 'err'; text: string } | undefined;
  const show = (stream: 'out' | 'err', chunk: string) => {
    let out = '';
    chunk.split('\n').forEach((part, i, parts) => {
      if (i > 0) out += '\n';
      lineStart ||= i > 0;
      // A CR that ends a line (CRLF, as a terminal writes) is layout; one anywhere else is shown.
      const shown = i < parts.length - 1 ? part.replace(/\r$/, '') : part;
      if (!shown) return;
      out += (lineStart ? `${INDENT}${GUTTER}` : '') + text.line(shown);
      lineStart = false;
    });
    if (out) write(stream, out);
  };
  for (const [at, recorded, chunk] of recording) {
    const wait = Math.min(MAX_PAUSE, Math.max(0, at - clock)) / speed;
    clock = at;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait * 1000));
    const stream = recorded === 'e' ? 'err' : 'out';
    if (held && held.stream !== stream) show(held.stream, held.text);
    const whole = (held?.stream === stream ? held.text : '') + chunk;
    const open = OPEN_END.exec(whole);
    held = open ? { stream, text: open[0] } : undefined;
    show(stream, open ? whole.slice(0, open.index) : whole);
  }
  if (held) show(held.stream, held.text);
  const warning = text.warning();
  write('out', warning ? `\n    warning   ${warning}\n\n` : '\n\n');
}
