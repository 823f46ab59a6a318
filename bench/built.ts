// The benchmarks measure gatehouse as it is installed: the compiled build in dist/ (what
// bin/gatehouse.js runs), not the TypeScript sources under tsx. Builds once per run.
import { execFileSync } from 'node:child_process';
import { ROOT } from '../test/fixtures/gatehouse.ts';

let built = false;

/** Builds dist/ and makes the fixtures start the built CLI (GATEHOUSE_BUILT). */
export function useBuiltGatehouse(): void {
  if (built) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  process.env.GATEHOUSE_BUILT = '1';
  built = true;
}
