// docs/facts.md is generated from the fact schemas; this fails when it is out of date.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { packs } from '../../tools/index.ts';
import { FACTS_DOC } from '../../src/cli/docs.ts';
import { renderFactReference } from '../../src/policy/fact-reference.ts';

describe('fact reference', () => {
  it('docs/facts.md matches the schemas (regenerate with npm run docs:facts)', () => {
    const expected = renderFactReference(packs.map((p) => ({ key: p.factsKey, schema: p.factsSchema })));
    assert.equal(readFileSync(FACTS_DOC, 'utf8'), expected);
  });

  it('documents every fact the shipped SQL policy uses', () => {
    const doc = readFileSync(FACTS_DOC, 'utf8');
    for (const fact of ['sql.parsed', 'sql.destructive', 'sql.readOnly', 'sql.danger.fileAccess', 'sql.statements[].hasWhere', 'principal.groups']) assert.ok(doc.includes(`\`${fact}\``), fact);
  });
});
