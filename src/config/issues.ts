// zod issues as one line each, path first: `connections.shop.port: expected number, received string`.
import type { z } from 'zod';

export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly (string | number)[]): string[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)].join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${path}: ${issue.message}`;
  });
}
