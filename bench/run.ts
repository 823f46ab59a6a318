// npm run bench: every benchmark in one run, one table printed and written to bench/results/latest.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchAuditAppend } from './audit-append.ts';
import { benchDecision } from './decision.ts';
import { benchLargeInputs } from './large-inputs.ts';
import { benchLoad } from './load.ts';
import { benchMasking } from './masking.ts';
import { benchOverhead } from './overhead.ts';
import { benchReference } from './reference.ts';
import { benchReplicas } from './replicas.ts';
import { benchShell } from './shell.ts';

const rows: Array<{ name: string; value: number; unit: string }> = [];
for (const bench of [benchDecision, benchShell, benchMasking, benchOverhead, benchReference, benchAuditAppend, benchLargeInputs, benchLoad, benchReplicas]) rows.push(...(await bench()));

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}`;
const table = ['| measure | value |', '| --- | --- |', ...rows.map((r) => `| ${r.name} | ${r.value.toFixed(1)} ${r.unit} |`)].join('\n');
const report = `Measured ${new Date().toISOString()} on ${machine}\n\n${table}\n`;
console.log(report);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.md', import.meta.url), report);
