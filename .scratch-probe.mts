import { initShellParser, classifyShellLine } from './tools/ssh/classify/index.ts';
import { decideShell } from './test/fixtures/shipped-policy.ts';
await initShellParser();
const lines = (await import('node:fs')).readFileSync(0, 'utf8').split('\n').filter(Boolean);
for (const line of lines) {
  const c = classifyShellLine(line);
  const d = decideShell(c as any);
  if (d.effect === 'allow') console.log('ALLOW', JSON.stringify(line), c.readsPaths);
  else console.log(d.effect.padEnd(6), JSON.stringify(line), d.rules.filter(r=>!r.includes('not-read-only')).join(','));
}
