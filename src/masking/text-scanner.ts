// Finds what to mask in one string. The hot path of masking: every string cell and every byte of
// command output passes here, so the work is shared and skipped wherever possible:
// - strings shorter than any possible match return at once;
// - one pass over short strings (text-facts.ts) counts digits and looks for "@" (or "%", "&" of an
//   encoded one), a letter before a digit, a run as long as an encoded value and the longest
//   number, so detectors and reader's view stages that cannot match (a card needs 12 digits, an
//   email an "@", an IBAN "DE89") are never started; a character beyond ASCII counts as a digit
//   and a letter both (it may be a full-width one), so the facts never say less than the text holds;
// - all anchored detectors (vendor tokens, JWTs, PEM blocks, key=value pairs) share ONE combined
//   regex over the text; each only checks locally where its trigger was found;
// - card, SSN and phone share one pass over digit runs (digits of any script, any separators).
// - text that holds escapes ("%40", "&#64;", "\u0040"), characters drawing nothing, compatibility
//   forms of letters and digits (full-width, mathematical, circled), values wrapped over lines,
//   base64 or hex, values backwards or digits joined by ":" or "+" is searched again as a reader
//   sees it (reader-view.ts) by the anchored and scanning detectors, so a key threaded with
//   zero-width characters or an address written in styled letters or base64 is still found (digit
//   runs read other scripts and invisible characters themselves, and search the view only for
//   digits a stage decoded or joined). A short ASCII text pays a regex search or two, nothing per
//   character beyond the facts pass.
// Overlapping matches are merged into one span under the higher-priority rule, so a value is
// never half masked by one detector and half left visible by another.
import { createDigitRunScanner } from './detectors/digit-runs.ts';
import { originalRange, readerView, showsAsWritten, type ReaderView } from './detectors/reader-view.ts';
import { createFacts, readFacts } from './detectors/text-facts.ts';
import type { AnchoredDetector, DigitRun, DigitRunDetector, EmitSpan, ScanningDetector, TextFacts } from './detectors/types.ts';
import type { Renderer } from './styles.ts';

export interface MatchRule {
  /** e.g. "detector:card". */
  readonly countKey: string;
  readonly priority: number;
  readonly render: Renderer;
  /** Written for a merged span, whose text is more than this rule's own match. */
  readonly redacted: string;
}

export interface Span {
  start: number;
  end: number;
  rule: MatchRule;
  /** False when overlaps were merged into it: it is then redacted, not rendered in the rule's style. */
  exact: boolean;
}

export interface ScannerParts {
  anchored: ReadonlyArray<readonly [AnchoredDetector, MatchRule]>;
  digitRun: ReadonlyArray<readonly [DigitRunDetector, MatchRule]>;
  scanning: ReadonlyArray<readonly [ScanningDetector, MatchRule]>;
}

export interface TextScanner {
  /** Shorter strings are never changed. */
  readonly minLength: number;
  /** Sorted, non-overlapping spans. The array is reused: read it before the next call. */
  find(text: string): readonly Span[];
}

/** The shortest text any anchored or digit-run detector can match ("pwd=x"). */
const BUILTIN_MIN_LENGTH = 5;

function mergeOverlaps(spans: Span[]): void {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let kept = 0;
  for (let i = 1; i < spans.length; i++) {
    const current = spans[kept] as Span;
    const next = spans[i] as Span;
    if (next.start >= current.end) {
      spans[++kept] = next;
      continue;
    }
    const sameRange = next.start === current.start && next.end === current.end;
    if (next.end > current.end) current.end = next.end;
    if (next.rule.priority > current.rule.priority) current.rule = next.rule;
    // A reading of the same range that shows the value otherwise (an encoded run, turned) redacts it too.
    if (!sameRange || !next.exact) current.exact = false;
  }
  spans.length = kept + 1;
}

/** An anchor is a detector's literal start: one that matches nothing would run its detector at every position. */
function checkAnchor(anchor: string): void {
  if ((new RegExp(`${anchor}|`).exec('')?.length ?? 1) !== 1) {
    throw new Error(`anchor ${anchor} must not have capturing groups`);
  }
  if (new RegExp(`^(?:${anchor})`).test('')) throw new Error(`anchor ${anchor} must not match the empty string`);
}

/** `readerView: false`: the text as written only, for texts the caller built of plain digit groups (split-numbers.ts). */
export function createTextScanner(parts: ScannerParts, options: { readerView?: boolean } = {}): TextScanner {
  const readsView = options.readerView ?? true;
  const spans: Span[] = [];
  /** Set while the detectors search a reader's view: their spans are mapped back onto the text. */
  let view: ReaderView | undefined;
  const emitter = (rule: MatchRule): EmitSpan => (start, end, exact = true) => {
    if (view) {
      // A decoded or turned run shows nothing of the value's layout: it is redacted, never rendered partly.
      if (!showsAsWritten(view, start)) exact = false;
      [start, end] = originalRange(view, start, end);
    }
    if (end > start) spans.push({ start, end, rule, exact });
  };

  const anchored = parts.anchored.map(([detector, rule]) => {
    checkAnchor(detector.anchor);
    const add = emitter(rule);
    const entry = {
      detector,
      sticky: new RegExp(detector.anchor, 'y'),
      // How far this detector has masked: its triggers inside that span are skipped, so
      // "password=password=password=..." costs linear time, not quadratic.
      coveredUntil: 0,
      emit: (start: number, end: number): void => {
        if (end > entry.coveredUntil) entry.coveredUntil = end;
        add(start, end);
      },
    };
    return entry;
  });
  const anchorPass = anchored.length > 0 ? new RegExp(anchored.map((a) => `(${a.detector.anchor})`).join('|'), 'g') : undefined;

  const runDetectors = parts.digitRun.map(([detector, rule]) => ({ detector, emit: emitter(rule) }));
  const minRunDigits = Math.min(...runDetectors.map((r) => r.detector.minDigits));
  const scanRuns = runDetectors.length > 0 ? createDigitRunScanner(minRunDigits) : undefined;
  let runText = '';
  let runsSeen = 0;
  const visitRun = (run: DigitRun): void => {
    if (runsSeen++ === 0) for (const { detector } of runDetectors) detector.startText?.(runText);
    for (const { detector, emit } of runDetectors) if (run.digits >= detector.minDigits) detector.inspect(runText, run, emit);
  };

  const scanners = parts.scanning.map(([detector, rule]) => ({ detector, emit: emitter(rule) }));
  const minLength = Math.min(
    anchored.length + runDetectors.length > 0 ? BUILTIN_MIN_LENGTH : Infinity,
    ...scanners.map((s) => s.detector.minLength),
  );

  const facts: TextFacts = createFacts();

  function findAnchored(pass: RegExp, text: string): void {
    pass.lastIndex = 0;
    let found = pass.exec(text);
    // Most texts hold no trigger at all: the detectors' state is reset only for those that do.
    if (found !== null) for (const entry of anchored) entry.coveredUntil = 0;
    for (; found !== null; found = pass.exec(text)) {
      const at = found.index;
      let first = 0;
      while (found[first + 1] === undefined) first++;
      // Several anchors may start here ("secret" for key=value, "secret_access_key" for AWS):
      // the regex reports the first alternative only, so the others are checked one by one.
      for (let i = first; i < anchored.length; i++) {
        const entry = anchored[i];
        if (entry === undefined || at < entry.coveredUntil) continue;
        if (i !== first) {
          entry.sticky.lastIndex = at;
          if (!entry.sticky.test(text)) continue;
        }
        entry.detector.matchAt(text, at, entry.emit);
      }
      // Resume right after this position: another anchor may start inside this one.
      pass.lastIndex = at + 1;
    }
  }

  /** The digit-run detectors over `text`, the text itself or a reader's view of it. */
  function searchRuns(text: string): void {
    if (scanRuns === undefined || facts.digits < minRunDigits) return;
    runText = text;
    runsSeen = 0;
    scanRuns(text, visitRun);
    runText = '';
  }

  /** The anchored and scanning detectors over `text`, the text itself or a reader's view of it. */
  function searchShapes(text: string): void {
    if (anchorPass !== undefined && text.length >= BUILTIN_MIN_LENGTH) findAnchored(anchorPass, text);
    for (const { detector, emit } of scanners) {
      if (text.length >= detector.minLength && detector.canMatch(text, facts)) detector.scan(text, emit, facts);
    }
  }

  return {
    minLength,
    find(text: string): readonly Span[] {
      // Setting the length of an array is a slow runtime call, paid by every text: only when needed.
      if (spans.length !== 0) spans.length = 0;
      if (text.length < minLength) return spans;
      readFacts(text, facts);
      searchRuns(text);
      searchShapes(text);
      if (readsView && (view = readerView(text, facts)) !== undefined) {
        try {
          readFacts(view.text, facts);
          // Digit runs read every script, space and invisible character themselves; only digits
          // that were escapes ("&#52;111…") are new to them.
          if (view.decoded) searchRuns(view.text);
          searchShapes(view.text);
          if (view.asWritten !== undefined) {
            view = view.asWritten;
            readFacts(view.text, facts);
            searchRuns(view.text);
          }
        } finally {
          view = undefined;
        }
      }
      if (spans.length > 1) mergeOverlaps(spans);
      return spans;
    },
  };
}
