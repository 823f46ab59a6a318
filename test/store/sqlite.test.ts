// The shared store suite on the embedded SQLite store.
import { sqliteBackend } from './places.ts';
import { storeCases } from './store.case.ts';

storeCases(sqliteBackend);
