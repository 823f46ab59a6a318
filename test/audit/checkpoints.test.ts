// Signed checkpoints against both stores: SQLite always, PostgreSQL when reachable (required under CI).
import { it } from 'node:test';
import { postgresBackend, postgresReachable, sqliteBackend } from '../store/places.ts';
import { checkpointCases } from './checkpoints.case.ts';

checkpointCases(sqliteBackend);
if (await postgresReachable()) checkpointCases(postgresBackend);
else it.skip('checkpoints on PostgreSQL: no PostgreSQL server (set PG_TEST_URL)');
