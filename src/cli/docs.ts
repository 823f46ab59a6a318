// Writes the generated references (npm run docs:facts): docs/facts.md from the packs' fact
// schemas, docs/config.md from the config schema and the packs' connection schemas.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packs } from '../../tools/index.ts';
import { renderConfigReference } from '../config/reference.ts';
import { renderFactReference } from '../policy/fact-reference.ts';

export const FACTS_DOC = resolve(import.meta.dirname, '../../docs/facts.md');
export const CONFIG_DOC = resolve(import.meta.dirname, '../../docs/config.md');

export function writeReferenceDocs(): void {
  writeFileSync(FACTS_DOC, renderFactReference(packs.map((p) => ({ key: p.factsKey, schema: p.factsSchema }))));
  writeFileSync(CONFIG_DOC, renderConfigReference(packs));
  console.log(`wrote ${FACTS_DOC} and ${CONFIG_DOC}`);
}

if (process.argv[1] === import.meta.filename) writeReferenceDocs();
