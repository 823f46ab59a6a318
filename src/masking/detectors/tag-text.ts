// Text written in Unicode's tag characters (U+E0020 to U+E007E): each mirrors one printable ASCII
// character and draws nothing, so a screen shows nothing where a model, reading code points, reads
// "4111 1111 1111 1111" or a key ("ASCII smuggling"). The view drops them as characters that draw
// nothing (a key threaded with them still reads whole); this stage also reads each run of them as
// the ASCII it mirrors, after the text, so a value written in them is found and redacted whole.
import { withReadings, type DerivedText, type Reading } from './derived-text.ts';

const FIRST_TAG = 0xe0020;
/**
 * Two or more tag characters (one alone is a stray mark, never a value), maybe joined by ASCII
 * spaces and marks written plainly: translate() of the digits alone leaves "4111 1111" spaced so.
 */
const TAG_RUN = /[\u{e0020}-\u{e007e}](?:[ -/:-@[-`{-~]*[\u{e0020}-\u{e007e}])+/gu;
const LAST_TAG = 0xe007e;

/** `text` followed by the ASCII each run of tag characters mirrors; undefined when it holds none. */
export function readTagText(text: string): DerivedText | undefined {
  const readings: Reading[] = [];
  TAG_RUN.lastIndex = 0;
  for (let run = TAG_RUN.exec(text); run !== null; run = TAG_RUN.exec(text)) {
    let read = '';
    for (const char of run[0]) {
      const codePoint = char.codePointAt(0) ?? 0;
      read += codePoint >= FIRST_TAG && codePoint <= LAST_TAG ? String.fromCharCode(codePoint - FIRST_TAG + 0x20) : char;
    }
    readings.push({ start: run.index, end: run.index + run[0].length, text: read });
  }
  return withReadings(text, readings);
}
