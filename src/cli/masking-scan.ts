// gatehouse masking scan: where personal data sits in one connection, as a masking profile to paste.
// The connection's pack samples the columns that can hold it (see its sampleColumns); gatehouse's own
// detectors, through a masker built for the purpose, say which of them each value holds. Only the
// counts are kept: a sampled value is never printed, logged or stored.
import { packs } from '../../tools/index.ts';
import { createMasker, ProfileSchema, type MaskCounts, type Profile } from '../masking/index.ts';
import { terminalJson } from '../render/terminal.ts';
import { UsageError } from './args.ts';
import { columnRuleOf, loadOneConnection, onConnection, type ConnectionCommandOptions } from './connection-command.ts';
import { renderProfile, type ColumnFindings, type ScanReport } from './scan-report.ts';

export interface ScanOptions extends ConnectionCommandOptions {
  sample?: string;
  json?: boolean;
}

const DEFAULT_SAMPLE = 1000;
const MAX_SAMPLE = 100_000;

function sampleSize(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SAMPLE;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLE) throw new UsageError(`--sample takes a whole number of values from 1 to ${MAX_SAMPLE}`);
  return n;
}

/**
 * Which detectors a value holds: every built-in detector on (a profile may have turned one off,
 * but the data is there all the same) and the profile's own custom detectors. Styles do not matter
 * here; redact needs no pseudonym key.
 */
function detectorsOf(profile: Profile): (value: string) => string[] {
  const custom = profile.custom.map((detector) => ({ ...detector, style: 'redact' as const }));
  const masker = createMasker(ProfileSchema.parse({ phoneRegion: profile.phoneRegion, custom }), { secretValues: [] });
  return (value) => {
    const counts: MaskCounts = {};
    masker.maskText(value, counts);
    return Object.keys(counts).flatMap((key) => (key.startsWith('detector:') ? [key.slice('detector:'.length)] : []));
  };
}

export async function maskingScan(options: ScanOptions): Promise<void> {
  const limit = sampleSize(options.sample);
  const one = loadOneConnection(options, (pack) => {
    if (pack?.sampleColumns) return;
    const sampled = packs.filter((p) => p.sampleColumns).map((p) => p.type);
    throw new UsageError(`connection "${options.connection}" is not a ${sampled.join(' or ')} connection: masking scan samples only those`);
  });
  const { pack, target } = one.config.connection;
  const sampleColumns = pack.sampleColumns?.bind(pack) as NonNullable<typeof pack.sampleColumns>;
  const detect = detectorsOf(one.profile);
  const coveredBy = columnRuleOf(one.profile);
  const report: ScanReport = { connection: target.name, profile: one.profileName, limit, tables: 0, columns: [], skipped: [] };
  await onConnection(one, async (connection) => {
    for await (const sample of sampleColumns(connection, { limit, timeoutMs: one.config.parsed.limits.timeout })) {
      if (sample.skipped) report.skipped.push({ table: sample.table, reason: sample.skipped });
      if (sample.columns.length > 0) report.tables++;
      for (const { column, values } of sample.columns) {
        const findings: ColumnFindings = { table: sample.table, column, sampled: values.length, matches: {} };
        for (const value of values) for (const name of detect(value)) findings.matches[name] = (findings.matches[name] ?? 0) + 1;
        const rule = coveredBy(sample.table, column);
        if (rule) findings.coveredBy = { match: rule.match, style: rule.style };
        report.columns.push(findings);
      }
    }
  });
  console.log(options.json ? terminalJson(report, 2) : renderProfile(report).trimEnd());
}
