// Signed checkpoints against both stores, always: PostgreSQL is there wherever the tests run, so an
// unreachable server fails this file instead of skipping it.
import { postgresBackend, sqliteBackend } from '../store/places.ts';
import { checkpointCases } from './checkpoints.case.ts';

checkpointCases(sqliteBackend);
checkpointCases(postgresBackend);
