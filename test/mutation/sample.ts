// A sampled measure of the whole security core, for when a full run (about 20,000 mutants, one to
// two days here) does not fit: lines of code are drawn at random, with a fixed seed, from every
// area's files, and only the mutants on those lines run, each against its own area's tests. The
// score over the sample estimates the core's score; the interval says how far off it may be.
import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import type { MutationArea } from './areas.ts';
import type { Score } from './score.ts';

export interface SampledArea {
  area: MutationArea;
  /** Stryker mutate entries, one line each: `path:line-line`. */
  lines: string[];
}

/** Lines that can hold a mutant: not blank, not only a comment, not an import. */
const NOT_CODE = /^\s*($|\/\/|\/\*|\*|import\s|export\s+(type\s+)?\{[^}]*\}\s+from\s)/;

/** A small seeded generator (mulberry32): the same seed draws the same lines on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Each file belongs to the first area that lists it, so areas that overlap are sampled once. */
function filesByArea(areas: readonly MutationArea[]): Map<string, MutationArea> {
  const owner = new Map<string, MutationArea>();
  for (const area of areas) {
    const include = area.mutate.filter((p) => !p.startsWith('!'));
    const ignore = area.mutate.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    for (const file of globSync(include, { ignore }).sort()) if (!owner.has(file)) owner.set(file, area);
  }
  return owner;
}

/** Draws `count` distinct lines of code, uniformly over every area's files. */
export function sampleLines(areas: readonly MutationArea[], count: number, seed: number): SampledArea[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`--sample takes a whole number of lines, 1 or more (got ${count})`);
  const candidates: Array<{ file: string; line: number; area: MutationArea }> = [];
  for (const [file, area] of filesByArea(areas)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (!NOT_CODE.test(text)) candidates.push({ file, line: i + 1, area });
      });
  }
  const random = seededRandom(seed);
  // A partial Fisher-Yates shuffle: the first `count` places hold a uniform draw without repeats.
  const drawn = Math.min(count, candidates.length);
  for (let i = 0; i < drawn; i++) {
    const j = i + Math.floor(random() * (candidates.length - i));
    [candidates[i], candidates[j]] = [candidates[j] as (typeof candidates)[number], candidates[i] as (typeof candidates)[number]];
  }
  const byArea = new Map<MutationArea, string[]>();
  for (const { file, line, area } of candidates.slice(0, drawn)) byArea.set(area, [...(byArea.get(area) ?? []), `${file}:${line}-${line}`]);
  return areas.filter((area) => byArea.has(area)).map((area) => ({ area, lines: (byArea.get(area) ?? []).sort() }));
}

/**
 * The 95% Wilson interval of a score, in percent. Mutants on one line tend to live or die together,
 * so the true uncertainty is somewhat wider than this interval over mutants says.
 */
export function scoreInterval({ detected, undetected }: Score): [number, number] {
  const n = detected + undetected;
  if (n === 0) return [0, 100];
  const z = 1.96;
  const p = detected / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half)];
}
