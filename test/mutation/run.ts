// `npm run test:mutation [area...] [--mutate=<glob>] [--sample=<lines> [--seed=<n>] [--run=<area,...>]]`: StrykerJS over the
// security core, one area after another (see areas.ts), then the score per area and over all areas
// run. With no area named, every area runs (hours on a small machine).
// Reports land in reports/mutation/<area>.html and .json; the incremental file beside them lets a
// rerun test only the mutants whose code or tests changed. A sampled run (sample.ts) mutates only
// lines drawn at random from the areas named (or all), and reports the score with its interval;
// `--run` runs only some areas of that draw, so one sample can be split over processes or days.
import { Stryker } from '@stryker-mutator/core';
import { areas, type MutationArea } from './areas.ts';
import { sampleLines, scoreInterval } from './sample.ts';
import { mutationScore, type Score } from './score.ts';

const option = (name: string) => process.argv.slice(2).filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
// `--mutate=<glob>` narrows the areas named to some of their files, for a quick look at one file.
const narrow = option('mutate');
const sample = option('sample')[0];
const seed = Number(option('seed')[0] ?? 20_261_205);
const named = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const runOnly = option('run').flatMap((list) => list.split(','));
if (runOnly.length > 0 && sample === undefined) {
  console.error('--run picks areas of a sample: give --sample too (or name the areas to run whole)');
  process.exit(2);
}
const unknown = [...named, ...runOnly].filter((a) => !areas.some((area) => area.name === a));
if (unknown.length > 0) {
  console.error(`unknown area ${unknown.join(', ')}; areas: ${areas.map((a) => a.name).join(', ')}`);
  process.exit(2);
}
const chosen = named.length > 0 ? areas.filter((a) => named.includes(a.name)) : areas;
// One test process at a time unless told otherwise: the tests share one PostgreSQL and one sshd.
const concurrency = Number(process.env.MUTATION_CONCURRENCY ?? 1);
// The score under which the run fails (CI sets it for the area it runs).
const breakAt = process.env.MUTATION_BREAK ? Number(process.env.MUTATION_BREAK) : null;

async function runArea(area: MutationArea, lines?: string[]): ReturnType<Stryker['runMutationTest']> {
  const report = `reports/mutation/${lines ? 'sample-' : ''}${area.name}${narrow.length > 0 ? '-narrowed' : ''}`;
  const stryker = new Stryker({
    mutate: lines ?? (narrow.length > 0 ? narrow : area.mutate),
    testRunner: 'tap',
    plugins: ['@stryker-mutator/tap-runner'],
    // The instrumented code reads the active mutant from __STRYKER_ACTIVE_MUTANT__, which each test
    // process (and any child it spawns) inherits; coverage, though, comes only from the test process.
    tap: { testFiles: area.testFiles, nodeArgs: ['--import', 'tsx', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'] },
    coverageAnalysis: 'perTest',
    concurrency,
    timeoutMS: 15000,
    // The first run of an area's tests, on a loaded host, takes longer than Stryker's 5 minutes.
    dryRunTimeoutMinutes: 60,
    reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
    htmlReporter: { fileName: `${report}.html` },
    jsonReporter: { fileName: `${report}.json` },
    // A sample is drawn afresh by its seed; only whole areas keep an incremental file.
    incremental: !lines,
    incrementalFile: `${report}.incremental.json`,
    thresholds: { high: 90, low: 85, break: null },
    tempDirName: '.stryker-tmp',
    ignorePatterns: ['data', 'dist', 'reports', 'bench/results', '.tmp', '.test-capture', '.scratch', '*.db', '*.db-wal', '*.db-shm'],
    cleanTempDir: true,
  });
  return stryker.runMutationTest();
}

const drawn = sample === undefined ? chosen.map((area) => ({ area, lines: undefined })) : sampleLines(chosen, Number(sample), seed);
if (sample !== undefined) console.log(`--- sampled ${sample} lines of code with seed ${seed}: ${drawn.map((r) => `${r.area.name} ${r.lines?.length}`).join(', ')}`);
const runs = runOnly.length > 0 ? drawn.filter((r) => runOnly.includes(r.area.name)) : drawn;
const scores: Array<{ area: string; score: Score }> = [];
for (const { area, lines } of runs) {
  console.log(`--- mutation: ${area.name}`);
  scores.push({ area: area.name, score: mutationScore(await runArea(area, lines)) });
}
const total = scores.reduce((sum, s) => ({ detected: sum.detected + s.score.detected, undetected: sum.undetected + s.score.undetected }), { detected: 0, undetected: 0 });
for (const { area, score } of [...scores, { area: 'all areas run', score: total }]) {
  const percent = score.detected + score.undetected === 0 ? 'n/a' : `${((100 * score.detected) / (score.detected + score.undetected)).toFixed(1)}%`;
  console.log(`${area.padEnd(22)} ${percent.padStart(6)}  (${score.detected} detected, ${score.undetected} undetected)`);
}
const totalPercent = (100 * total.detected) / Math.max(1, total.detected + total.undetected);
if (sample !== undefined) {
  const [low, high] = scoreInterval(total);
  console.log(`the core's score, estimated from the sample: ${totalPercent.toFixed(1)}% (95% interval ${low.toFixed(1)}-${high.toFixed(1)}%)`);
}
if (breakAt !== null && totalPercent < breakAt) {
  console.error(`mutation score ${totalPercent.toFixed(1)}% is under ${breakAt}%`);
  process.exit(1);
}
