// The shapes a detector can take. Each shape lets the text scanner share one cheap pass between
// many detectors instead of running one full regex per detector over every string:
// - anchored: a short trigger (e.g. "AKIA", "eyJ") found by one combined regex, then a local check;
// - digit-run: runs of digits in any script joined by any separators, found once, inspected by each;
// - scanning: anything else (IBAN, email, phone, custom patterns) scans the text itself.
import type { BuiltinDetectorName } from './names.ts';

/**
 * Report `text.slice(start, end)` as a value to mask. `exact: false` when the rule's style must not
 * render it (the partial style keeps the ASCII digits it does not hide, so a card written in
 * full-width digits is redacted whole instead).
 */
export type EmitSpan = (start: number, end: number, exact?: boolean) => void;

export interface AnchoredDetector {
  readonly shape: 'anchored';
  readonly name: BuiltinDetectorName;
  /** Regex source without flags or capturing groups; every match of the detector starts with it. */
  readonly anchor: string;
  /** Checks the candidate whose trigger starts at `at`; emits what must be masked. */
  matchAt(text: string, at: number, emit: EmitSpan): void;
}

/**
 * A maximal run of digit groups joined by separators (see SEPARATOR_CLASS), e.g.
 * "4242 4242 4242 4242", "4-1-1-1-...", "４１１１\n１１１１". Group g spans text[bounds[2g], bounds[2g+1]);
 * the separators between group g and g+1 (its "cluster") span text[bounds[2g+1], bounds[2g+2]).
 * The arrays are reused from run to run: read only the first `groups` groups and `digits` values.
 */
export interface DigitRun {
  readonly groups: number;
  /** Start and end (exclusive) of each digit group, flattened: [start0, end0, start1, end1, ...]. */
  readonly bounds: readonly number[];
  /** Index in `values` of each group's first digit, and the total digit count after the last: group g has firsts[g+1] - firsts[g] digits. */
  readonly firsts: readonly number[];
  /** The value 0-9 of every digit of the run, in order. */
  readonly values: readonly number[];
  /** Total digits in the run. */
  readonly digits: number;
  /** Every digit is an ASCII digit. */
  readonly ascii: boolean;
  /** The run touches a letter, digit or underscore before its first / after its last group. */
  readonly gluedStart: boolean;
  readonly gluedEnd: boolean;
}

export interface DigitRunDetector {
  readonly shape: 'digit-run';
  readonly name: BuiltinDetectorName;
  /** Runs with fewer digits are not shown to this detector. */
  readonly minDigits: number;
  /** Called once per text before its first run is shown, when the detector keeps per-text state. */
  startText?(text: string): void;
  inspect(text: string, run: DigitRun, emit: EmitSpan): void;
}

/**
 * Cheap facts about a string, computed in one pass, that let the scanner skip detectors. Characters
 * beyond ASCII count as digits and letters both: a fact may say more than the text holds, never less.
 */
export interface TextFacts {
  digits: number;
  /** An "@" or its full-width or small form, or a "%" or "&" that may begin an encoded one. */
  hasAt: boolean;
  /** A letter stands somewhere before a digit ("DE89", "D E 8 9", "v2"). */
  letterBeforeDigit: boolean;
  /** Every character is ASCII: the detectors' faster ASCII regexes find all there is. */
  ascii: boolean;
  /** A run of 16 or more letters, digits and + / _ - : as long as a base64 or hex value (see encoded-runs.ts). */
  longRun: boolean;
  /** The most digits one number holds, its groups joined by whitespace or - . / _ | : + (see digit-marks.ts). */
  numberDigits: number;
  /** How many runs of ASCII digits the text holds (a list of eight character codes holds eight). */
  digitGroups: number;
  /** How many gaps between two runs of ASCII digits hold a letter (a filler repeated between digits: two at least). */
  letterGaps: number;
}

export interface ScanningDetector {
  readonly shape: 'scanning';
  readonly name: string;
  /** Shorter strings cannot hold a match. */
  readonly minLength: number;
  /** False when the detector cannot match a string with these facts. */
  canMatch(text: string, facts: TextFacts): boolean;
  scan(text: string, emit: EmitSpan, facts: TextFacts): void;
}

export type Detector = AnchoredDetector | DigitRunDetector | ScanningDetector;
