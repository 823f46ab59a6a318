// Statement shape for approval grants ("the same statement shape on the same target for N
// minutes"). libpg-query's fingerprint ignores literal values, so alone it would make
// set_config('work_mem', ...) and set_config('role', ...) one shape; the shape therefore also carries
// a digest of the facts, and two calls share a shape only if policy sees them the same way.
import { createHash } from 'node:crypto';
import { classifySql } from './classify.ts';
import { fingerprintSql } from './parser.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function sqlShape(sql: string): string {
  const text = typeof sql === 'string' ? sql : String(sql);
  try {
    const facts = classifySql(text);
    const fingerprint = facts.parsed ? fingerprintSql(text) : undefined;
    if (!fingerprint) return `sha256:${sha256(text)}`;
    const { error: _error, errorPosition: _position, notes: _notes, ...decisive } = facts;
    return `pg:${fingerprint}:${sha256(JSON.stringify(decisive)).slice(0, 16)}`;
  } catch {
    return `sha256:${sha256(text)}`;
  }
}
