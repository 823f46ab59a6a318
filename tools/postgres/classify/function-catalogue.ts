// The catalogue of built-in (and common extension) functions that are not plain reads. Matched on
// the lower-case unqualified name, so pg_catalog.pg_read_file and "pg_read_file" match too. Sources:
// the PostgreSQL 18 manual, "System Administration Functions", "Large Objects", dblink, adminpack.
// Harmless look-alikes (txid_current, pg_current_xact_id, pg_sleep, current_setting) are NOT here.
import type { DangerFlag } from './facts-schema.ts';

export interface CatalogueEntry {
  flags: readonly DangerFlag[];
  /** Calling it changes data or catalogs, not only session or server state. */
  writes?: boolean;
  /** 0-based arguments that hold SQL text the function runs; a literal there is classified too. */
  sqlArgs?: readonly number[];
}

const file: CatalogueEntry = { flags: ['fileAccess'] };
const config: CatalogueEntry = { flags: ['configChange'] };
const kill: CatalogueEntry = { flags: ['backendKill'] };
const server: CatalogueEntry = { flags: ['serverControl'] };
const serverWrite: CatalogueEntry = { flags: ['serverControl'], writes: true };
const remote: CatalogueEntry = { flags: ['remoteAccess'], writes: true };
const hiddenRead: CatalogueEntry = { flags: ['opaqueCode'] };

const DANGEROUS: Record<string, CatalogueEntry> = {
  pg_read_file: file, // reads any server file (pg_read_server_files)
  pg_read_binary_file: file, // same, as bytea
  pg_stat_file: file, // size and times of any server file
  pg_file_write: { flags: ['fileAccess'], writes: true }, // adminpack: writes a server file
  pg_file_rename: { flags: ['fileAccess'], writes: true }, // adminpack: renames a server file
  pg_file_unlink: { flags: ['fileAccess'], writes: true }, // adminpack: deletes a server file
  pg_file_sync: file, // adminpack: fsyncs a server file
  pg_file_read: file, // old adminpack name of pg_read_file
  pg_file_length: file, // old adminpack: size of a server file
  pg_logdir_ls: file, // adminpack: lists the log directory
  pg_show_all_file_settings: file, // parses postgresql.conf and its includes
  pg_hba_file_rules: file, // reads pg_hba.conf
  pg_ident_file_mappings: file, // reads pg_ident.conf
  lo_import: { flags: ['fileAccess', 'largeObject'], writes: true }, // server file -> large object
  lo_export: { flags: ['fileAccess', 'largeObject'] }, // large object -> server file
  set_config: config, // SET by function call, hidden in a SELECT; the name is inspected too
  pg_reload_conf: config, // makes the server re-read its config files
  pg_rotate_logfile: config, // switches the server log file
  pg_rotate_logfile_old: config, // adminpack name of the same
  pg_logfile_rotate: config, // pre-10 name of the same
  pg_terminate_backend: kill, // ends another session
  pg_cancel_backend: kill, // cancels another session's query
  pg_promote: server, // promotes a standby to primary
  pg_switch_wal: server, // forces a WAL segment switch
  pg_switch_xlog: server, // pre-10 name of the same
  pg_create_restore_point: server, // writes a named restore point into WAL
  pg_backup_start: server, // starts an online backup
  pg_backup_stop: server, // ends an online backup
  pg_start_backup: server, // pre-15 name
  pg_stop_backup: server, // pre-15 name
  pg_wal_replay_pause: server, // pauses recovery on a standby
  pg_wal_replay_resume: server, // resumes recovery
  pg_create_physical_replication_slot: server, // slots retain WAL until dropped: disk fills
  pg_create_logical_replication_slot: server, // same, and decodes every change in the database
  pg_drop_replication_slot: server, // breaks a replica or a CDC consumer
  pg_copy_physical_replication_slot: server,
  pg_copy_logical_replication_slot: server,
  pg_replication_slot_advance: server, // skips changes a consumer has not read
  pg_sync_replication_slots: server,
  pg_logical_emit_message: server, // writes arbitrary messages into WAL
  pg_log_backend_memory_contexts: server, // floods the server log
  pg_log_standby_snapshot: server,
  pg_import_system_collations: serverWrite, // adds collations to the catalog
  pg_restore_relation_stats: serverWrite, // overwrites planner statistics (PG 18)
  pg_restore_attribute_stats: serverWrite,
  pg_clear_relation_stats: serverWrite,
  pg_clear_attribute_stats: serverWrite,
  pg_stat_statements_reset: server, // wipes query statistics others rely on
  loread: { flags: ['largeObject'] }, // reads an open large object
  lowrite: { flags: ['largeObject'], writes: true }, // writes an open large object
  query_to_xml: { flags: ['opaqueCode'], sqlArgs: [0] }, // runs the SQL text it is given
  query_to_xmlschema: { flags: ['opaqueCode'], sqlArgs: [0] },
  query_to_xml_and_xmlschema: { flags: ['opaqueCode'], sqlArgs: [0] },
  cursor_to_xml: hiddenRead, // reads a cursor declared elsewhere
  table_to_xml: hiddenRead, // reads a table named by a value, invisible to table rules
  table_to_xmlschema: hiddenRead,
  table_to_xml_and_xmlschema: hiddenRead,
  schema_to_xml: hiddenRead, // reads every table of a schema
  schema_to_xmlschema: hiddenRead,
  schema_to_xml_and_xmlschema: hiddenRead,
  database_to_xml: hiddenRead, // reads every table of the database
  database_to_xmlschema: hiddenRead,
  database_to_xml_and_xmlschema: hiddenRead,
  ts_stat: { flags: ['opaqueCode'], sqlArgs: [0] }, // runs the SQL text it is given
  ts_rewrite: { flags: ['opaqueCode'], sqlArgs: [1] }, // two-argument form runs a SELECT given as text
  crosstab: { flags: ['opaqueCode'], sqlArgs: [0, 1] }, // tablefunc: runs its SQL text arguments
  crosstab2: { flags: ['opaqueCode'], sqlArgs: [0] },
  crosstab3: { flags: ['opaqueCode'], sqlArgs: [0] },
  crosstab4: { flags: ['opaqueCode'], sqlArgs: [0] },
  connectby: hiddenRead, // tablefunc: reads a table named by a value
};

/** Families matched by prefix: every member is dangerous for the same reason. */
const DANGEROUS_PREFIXES: ReadonlyArray<readonly [string, CatalogueEntry]> = [
  ['pg_ls_', file], // pg_ls_dir, pg_ls_logdir, pg_ls_waldir, pg_ls_tmpdir, pg_ls_archive_statusdir, ...
  ['lo_', { flags: ['largeObject'], writes: true }], // lo_create, lo_unlink, lo_put, lo_from_bytea, lo_open, ...
  ['dblink', remote], // dblink, dblink_exec, dblink_connect(_u), dblink_send_query, ...: other servers, any SQL
  ['postgres_fdw_', { flags: ['remoteAccess'] }], // postgres_fdw_disconnect(_all), postgres_fdw_get_connections
  ['pg_stat_reset', server], // pg_stat_reset, pg_stat_reset_shared, pg_stat_reset_single_table_counters, ...
  ['pg_replication_origin_', server], // replication origin setup, advance, session state
  ['pg_logical_slot_', server], // pg_logical_slot_get/peek_(binary_)changes: every change, past row security
];

/** Built-ins that change state without being dangerous: never part of a read-only call. */
const SIDE_EFFECTS: Record<string, { writes: boolean }> = {
  nextval: { writes: true }, // advances a sequence
  setval: { writes: true }, // sets a sequence
  pg_notify: { writes: false }, // NOTIFY by function call
  pg_advisory_lock: { writes: false }, // advisory locks outlive the call on a pooled session
  pg_advisory_lock_shared: { writes: false },
  pg_advisory_xact_lock: { writes: false },
  pg_advisory_xact_lock_shared: { writes: false },
  pg_try_advisory_lock: { writes: false },
  pg_try_advisory_lock_shared: { writes: false },
  pg_try_advisory_xact_lock: { writes: false },
  pg_try_advisory_xact_lock_shared: { writes: false },
  pg_advisory_unlock: { writes: false },
  pg_advisory_unlock_shared: { writes: false },
  pg_advisory_unlock_all: { writes: false },
};

export function dangerousFunction(name: string): CatalogueEntry | undefined {
  // hasOwn, not a bare lookup: a function named "constructor" must not find Object's.
  if (Object.hasOwn(DANGEROUS, name)) return DANGEROUS[name];
  for (const [prefix, entry] of DANGEROUS_PREFIXES) if (name.startsWith(prefix)) return entry;
  return undefined;
}

export function sideEffectFunction(name: string): { writes: boolean } | undefined {
  return Object.hasOwn(SIDE_EFFECTS, name) ? SIDE_EFFECTS[name] : undefined;
}
