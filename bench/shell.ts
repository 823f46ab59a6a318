// Benchmark of the shell-line classifier over test/ssh/shell-corpus.yaml: time per line for a
// bare tree-sitter parse (the floor), for the full classification, and for shellShape.
// Run directly with `npx tsx bench/shell.ts`, or through the bench runner via benchShell().
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { classifyShellLine, initShellParser, shellShape } from '../tools/ssh/classify/index.ts';
import { parseBash } from '../tools/ssh/classify/parser.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const ROUNDS = 30;

function corpusLines(): string[] {
  const entries = parseYaml(readFileSync(new URL('../test/ssh/shell-corpus.yaml', import.meta.url), 'utf8')) as Array<{ line: string }>;
  return entries.map((e) => e.line);
}

/** Microseconds per call of `fn` for every line, ROUNDS times, after one warm-up round. */
function timePerLine(lines: readonly string[], fn: (line: string) => unknown): number[] {
  for (const line of lines) fn(line);
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const line of lines) {
      const start = process.hrtime.bigint();
      fn(line);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  return samples.sort((a, b) => a - b);
}

export function percentile(sorted: readonly number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  return Math.round(value * 10) / 10;
}

export async function benchShell(): Promise<BenchResult[]> {
  await initShellParser();
  const lines = corpusLines();
  const parse = timePerLine(lines, (line) => parseBash(line)?.delete());
  const classify = timePerLine(lines, classifyShellLine);
  const shape = timePerLine(lines, shellShape);
  return [
    { name: 'shell.parse_only.p50', value: percentile(parse, 0.5), unit: 'us/line' },
    { name: 'shell.parse_only.p99', value: percentile(parse, 0.99), unit: 'us/line' },
    { name: 'shell.classify.p50', value: percentile(classify, 0.5), unit: 'us/line' },
    { name: 'shell.classify.p99', value: percentile(classify, 0.99), unit: 'us/line' },
    { name: 'shell.shape.p50', value: percentile(shape, 0.5), unit: 'us/line' },
    { name: 'shell.corpus_lines', value: lines.length, unit: 'lines' },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await benchShell()) console.log(`${result.name.padEnd(24)} ${String(result.value).padStart(10)} ${result.unit}`);
}
