// Files gatehouse ships beside its code (the shipped policies, the demo's seed, the console's
// assets) are found from the package root, so they resolve the same whether the code runs from
// src/ (TypeScript, in development) or from the compiled dist/src/ the installed command runs.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`gatehouse's package.json was not found above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(import.meta.dirname);

/** A shipped file by its path from the package root, e.g. packageFile('policies', 'default.yaml'). */
export const packageFile = (...parts: string[]): string => join(PACKAGE_ROOT, ...parts);
