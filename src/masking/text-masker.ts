// Turns the spans the scanner found into masked text, and counts them. Also masks a text that
// arrives in pieces (a command's output events) as if it were one string, so a secret split
// across two pieces is still found, and each piece keeps its own place.
import { addCount, type MaskCounts } from './counts.ts';
import { MaskingError } from './errors.ts';
import type { Span, TextScanner } from './text-scanner.ts';

export interface TextMasker {
  readonly minLength: number;
  mask(text: string, counts?: MaskCounts): string;
  /** Masks `pieces` as one joined text; returns the pieces with the same boundaries where possible. */
  maskPieces(pieces: readonly string[], counts?: MaskCounts): string[];
}

function replacement(span: Span, text: string): string {
  return span.exact ? span.rule.render(text.slice(span.start, span.end)) : span.rule.redacted;
}

function count(spans: readonly Span[], counts: MaskCounts | undefined): void {
  if (counts === undefined) return;
  for (const span of spans) addCount(counts, span.rule.countKey);
}

export function createTextMasker(scanner: TextScanner): TextMasker {
  function mask(text: string, counts?: MaskCounts): string {
    // A pack that hands over a Buffer or a number as text must not slip through unscanned.
    if (typeof text !== 'string') throw new MaskingError('masking_failed', `expected text, got ${typeof text}`);
    if (text.length < scanner.minLength) return text;
    const spans = scanner.find(text);
    if (spans.length === 0) return text;
    count(spans, counts);
    let out = '';
    let cursor = 0;
    for (const span of spans) {
      out += text.slice(cursor, span.start) + replacement(span, text);
      cursor = span.end;
    }
    return out + text.slice(cursor);
  }

  function maskPieces(pieces: readonly string[], counts?: MaskCounts): string[] {
    if (pieces.some((piece) => typeof piece !== 'string')) throw new MaskingError('masking_failed', 'expected text pieces');
    const joined = pieces.join('');
    const spans = scanner.find(joined);
    if (spans.length === 0) return [...pieces];
    count(spans, counts);
    const out: string[] = [];
    let next = 0;
    let covered = 0; // text before this offset belongs to a span already written
    let pieceStart = 0;
    for (const piece of pieces) {
      const pieceEnd = pieceStart + piece.length;
      let cursor = Math.max(pieceStart, covered);
      let text = '';
      // A span is written whole into the piece where it starts; later pieces drop its rest.
      while (next < spans.length && (spans[next] as Span).start < pieceEnd) {
        const span = spans[next] as Span;
        text += joined.slice(cursor, span.start) + replacement(span, joined);
        cursor = covered = span.end;
        next++;
      }
      if (cursor < pieceEnd) text += joined.slice(cursor, pieceEnd);
      out.push(text);
      pieceStart = pieceEnd;
    }
    return out;
  }

  return { minLength: scanner.minLength, mask, maskPieces };
}
