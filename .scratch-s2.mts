import { classifyShellLine } from './tools/ssh/classify/classify.ts';
import { initShellParser } from './tools/ssh/classify/parser.ts';
import { decideShell } from './test/fixtures/shipped-policy.ts';
await initShellParser();
for (const line of process.argv.slice(2)) { const f = classifyShellLine(line); console.log(JSON.stringify(line).padEnd(40), decideShell(f).effect, f.readOnly, f.interpreterCode, f.dynamic, f.readOnlyBlockers.slice(0,2).join(' | ')); }
