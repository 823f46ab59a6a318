// The one store suite both implementations pass, as the architecture asks: SQLite (sqlite.test.ts)
// and PostgreSQL (postgres.test.ts) run exactly these cases.
import { actsRetentionCases } from './acts-retention.case.ts';
import { approvalCases } from './approvals.case.ts';
import { checkpointStartCases } from './checkpoint-start.case.ts';
import { auditCases } from './audit.case.ts';
import type { StoreBackend } from './places.ts';
import { prunedTamperingCases } from './pruned-tampering.case.ts';
import { retentionCases } from './retention.case.ts';
import { revocationTamperingCases } from './revocation-tampering.case.ts';
import { revocationCases } from './revocations.case.ts';
import { sealCases } from './sealed-approvals.case.ts';

export function storeCases(backend: StoreBackend): void {
  auditCases(backend);
  retentionCases(backend);
  prunedTamperingCases(backend);
  approvalCases(backend);
  revocationCases(backend);
  sealCases(backend);
  revocationTamperingCases(backend);
  actsRetentionCases(backend);
  checkpointStartCases(backend);
}
