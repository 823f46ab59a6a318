// Writes docs/facts.md from the packs' fact schemas (npm run docs:facts).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packs } from '../../tools/index.ts';
import { renderFactReference } from '../policy/fact-reference.ts';

export const FACTS_DOC = resolve(import.meta.dirname, '../../docs/facts.md');

export function writeFactsDoc(): void {
  writeFileSync(FACTS_DOC, renderFactReference(packs.map((p) => ({ key: p.factsKey, schema: p.factsSchema }))));
  console.log(`wrote ${FACTS_DOC}`);
}

if (process.argv[1] === import.meta.filename) writeFactsDoc();
