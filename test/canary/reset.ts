// `npm run pretest`: empties the capture directory, so the scan after the run sees this run only.
// Deletes capture files alone, so a GATEHOUSE_TEST_CAPTURE pointing somewhere shared loses nothing else.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURE_SUFFIX, captureDir } from './capture.ts';

const dir = captureDir();
mkdirSync(dir, { recursive: true });
for (const name of readdirSync(dir)) if (name.endsWith(CAPTURE_SUFFIX)) rmSync(join(dir, name));
