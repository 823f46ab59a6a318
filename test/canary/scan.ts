// The suite-wide canary check, run by `npm run posttest` after `npm test` passes: no canary
// credential (test/fixtures/canary.ts) may appear, in any form, in anything the suite captured.
// Exit 1 names the file, the canary's kind and the encoding, never the value.
import { canaryNeedles } from '../fixtures/canary.ts';
import { captureDir } from './capture.ts';
import { scanCaptures } from './scanner.ts';

/** A whole `npm test` run leaves well over this many captures; a partial run may set its own floor. */
const MIN_FILES = Number(process.env.GATEHOUSE_CANARY_MIN_FILES ?? 40);

const dir = captureDir();
const report = scanCaptures(dir, canaryNeedles(), MIN_FILES);
for (const finding of report.findings) console.error(`canary scan: LEAK of the ${finding.kind} canary (${finding.encoding}) in ${dir}/${finding.file}`);
for (const problem of report.problems) console.error(`canary scan: ${problem}`);
if (report.findings.length > 0 || report.problems.length > 0) process.exit(1);
console.log(`canary scan: ${report.files} files, ${report.bytes} bytes, ${report.canaries} canaries, no leak`);
