// The console's stylesheet, script and icon, served as files from this origin so the
// Content-Security-Policy can forbid every inline script and style. Read once at start.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { packageFile } from '../config/package-root.ts';

const ASSETS: Record<string, string> = { 'console.css': 'text/css; charset=utf-8', 'console.js': 'text/javascript; charset=utf-8', 'favicon.svg': 'image/svg+xml' };

export function assetRoutes(): Router {
  const router = Router();
  for (const [name, type] of Object.entries(ASSETS)) {
    const body = readFileSync(packageFile('src/console/assets', name));
    router.get(`/assets/${name}`, (_req, res) => void res.type(type).send(body));
  }
  return router;
}
