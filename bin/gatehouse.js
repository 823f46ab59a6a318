#!/usr/bin/env node
// Entry for the installed `gatehouse` command: runs the compiled CLI in dist/ (`npm run build`,
// which `npm install` and `npm ci` run in a checkout and `npm pack` runs before packing).
// In development, `npm run gatehouse -- ARGS` runs the TypeScript sources directly.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('gatehouse is not built: run `npm run build` in its directory (npm install and npm ci do it)\n');
  process.exit(1);
}
await import(main.href);
