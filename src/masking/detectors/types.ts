// The shapes a detector can take. Each shape lets the text scanner share one cheap pass between
// many detectors instead of running one full regex per detector over every string:
// - anchored: a short trigger (e.g. "AKIA", "eyJ") found by one combined regex, then a local check;
// - digit-run: runs of digits with single space/dash separators, found once, inspected by each;
// - scanning: anything else (IBAN, email, phone, custom patterns) scans the text itself.
import type { BuiltinDetectorName } from './names.ts';

/** Report `text.slice(start, end)` as a value to mask. */
export type EmitSpan = (start: number, end: number) => void;

export interface AnchoredDetector {
  readonly shape: 'anchored';
  readonly name: BuiltinDetectorName;
  /** Regex source without flags or capturing groups; every match of the detector starts with it. */
  readonly anchor: string;
  /** Checks the candidate whose trigger starts at `at`; emits what must be masked. */
  matchAt(text: string, at: number, emit: EmitSpan): void;
}

/** A maximal run of digit groups joined by single spaces or dashes, e.g. "4242 4242 4242 4242". */
export interface DigitRun {
  /** Start and end (exclusive) of each digit group, flattened: [start0, end0, start1, end1, ...]. */
  readonly bounds: readonly number[];
  /** Total digits in the run. */
  readonly digits: number;
  /** The run touches a letter, digit or underscore before its first / after its last group. */
  readonly gluedStart: boolean;
  readonly gluedEnd: boolean;
}

export interface DigitRunDetector {
  readonly shape: 'digit-run';
  readonly name: BuiltinDetectorName;
  /** Runs with fewer digits are not shown to this detector. */
  readonly minDigits: number;
  inspect(text: string, run: DigitRun, emit: EmitSpan): void;
}

/** Cheap facts about a string, computed in one pass, that let the scanner skip detectors. */
export interface TextFacts {
  digits: number;
  hasAt: boolean;
  /** An ASCII letter stands right before a digit somewhere ("DE89", "v2"). */
  letterBeforeDigit: boolean;
}

export interface ScanningDetector {
  readonly shape: 'scanning';
  readonly name: string;
  /** Shorter strings cannot hold a match. */
  readonly minLength: number;
  /** False when the detector cannot match a string with these facts. */
  canMatch(text: string, facts: TextFacts): boolean;
  scan(text: string, emit: EmitSpan): void;
}

export type Detector = AnchoredDetector | DigitRunDetector | ScanningDetector;
