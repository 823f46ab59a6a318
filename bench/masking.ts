// Masking throughput: MB/s over a generated ~10 MB mixed log text (phone detection off and on)
// and rows/s over a generated 100,000-row table with two columns under column rules, and MB/s
// over the private key detector's worst case (BEGIN lines with no end).
// Time is the process's CPU time (user + system), so the numbers are per core and hold up on a
// busy machine; the best of three runs is reported.
// Run directly with `npx tsx bench/masking.ts`, or through benchMasking() from the bench runner.
import { pathToFileURL } from 'node:url';
import type { TableResult } from '../src/pipeline/result.ts';
import { createMasker, DEFAULT_PROFILE, ProfileSchema, type Masker } from '../src/masking/index.ts';
import { HOSTILE_TEXTS } from './hostile-texts.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** Small deterministic PRNG (mulberry32), so every run masks the same data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['request', 'handled', 'user', 'session', 'cache', 'miss', 'query', 'ok', 'retry', 'upstream', 'latency', 'commit', 'order', 'shipped'];
const SENSITIVE = [
  'card 4242 4242 4242 4242 charged',
  'contact john.doe+billing@mail.example.com',
  'phone (415) 555-2671',
  'iban DE89 3704 0044 0532 0130 00',
  'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
  'url postgres://app:hunter2pass@db.internal:5432/shop',
  'ssn 123-45-6789',
  '{"password": "correct horse battery"}',
];

function logLine(random: () => number, i: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const base =
    `2024-05-${String(1 + (i % 28)).padStart(2, '0')}T12:${String(i % 60).padStart(2, '0')}:07.${String(i % 1000).padStart(3, '0')}Z ` +
    `INFO ${pick(WORDS)} ${pick(WORDS)} id=${Math.floor(random() * 1e9)} ip=10.${i % 256}.${(i * 7) % 256}.${(i * 13) % 256} ` +
    `trace=${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)} took=${(random() * 1000).toFixed(2)}ms sha=${hex(40)} v2.${i % 30}.1`;
  return random() < 0.02 ? `${base} ${pick(SENSITIVE)}\n` : `${base}\n`;
}

export function generateText(bytes: number, seed = 1): string {
  const random = prng(seed);
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = logLine(random, i);
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

export function generateTable(rows: number, seed = 2): TableResult {
  const random = prng(seed);
  const table = 'public.customers';
  return {
    kind: 'table',
    command: 'SELECT',
    rowCount: rows,
    columns: [
      { name: 'id', type: 'int8', table, column: 'id' },
      { name: 'email', type: 'text', table, column: 'email' },
      { name: 'name', type: 'text', table, column: 'name' },
      { name: 'password_hash', type: 'text', table, column: 'password_hash' },
      { name: 'note', type: 'text', table, column: 'note' },
    ],
    rows: Array.from({ length: rows }, (_, i) => [
      i + 1,
      `user${i}@example.com`,
      `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]}`,
      `$2b$12$${Math.floor(random() * 1e16).toString(36)}`,
      random() < 0.05 ? `paid with 4242 4242 4242 4242 on 2024-05-0${1 + (i % 9)}` : `order ${i} shipped 2024-05-0${1 + (i % 9)}`,
    ]),
  };
}

function textMasker(phone: boolean): Masker {
  const profile = ProfileSchema.parse({ ...DEFAULT_PROFILE, detectors: { ...DEFAULT_PROFILE.detectors, phone } });
  return createMasker(profile, { secretValues: ['s3cr3t-db-password', 'kube-token-0123456789abcdef', 'hunter2pass'] });
}

/** CPU seconds spent in `work`. */
function cpuSeconds(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

function bestOf(runs: number, measure: () => number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, measure());
  return best;
}

function textThroughput(masker: Masker, text: string): number {
  const megabytes = Buffer.byteLength(text) / 1e6;
  const seconds = bestOf(3, () => cpuSeconds(() => masker.maskText(text)));
  return megabytes / seconds;
}

export async function benchMasking(): Promise<BenchResult[]> {
  const text = generateText(10_000_000);
  const results: BenchResult[] = [
    { name: 'masking text, phone off', value: textThroughput(textMasker(false), text), unit: 'MB/s' },
    { name: 'masking text, phone on', value: textThroughput(textMasker(true), text), unit: 'MB/s' },
  ];
  const masker = createMasker(DEFAULT_PROFILE, { secretValues: ['s3cr3t-db-password'] });
  const rows = 100_000;
  const seconds = bestOf(3, () => {
    const table = generateTable(rows);
    return cpuSeconds(() => masker.maskResult(table));
  });
  results.push({ name: 'masking table, 5 columns (2 by column rule)', value: rows / seconds, unit: 'rows/s' });
  // The private key detector's worst case: a header repeated with no end line must stay linear.
  const stuffed = '-----BEGIN RSA PRIVATE KEY-----'.repeat(50_000);
  results.push({ name: 'masking text stuffed with BEGIN lines (1.5 MB)', value: textThroughput(masker, stuffed), unit: 'MB/s' });
  // Text shaped to make a search go back over what it read: the slowest one, so a quadratic stage shows.
  const slowest = Math.min(...Object.values(HOSTILE_TEXTS).map((text) => textThroughput(masker, text)));
  results.push({ name: `masking the slowest of ${Object.keys(HOSTILE_TEXTS).length} hostile texts (100 kB each)`, value: slowest, unit: 'MB/s' });
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await benchMasking()) console.log(`${result.name}: ${result.value.toFixed(1)} ${result.unit}`);
}
