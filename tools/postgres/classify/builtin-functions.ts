// Built-in functions and operators that only compute a value from their arguments (or read session
// or catalog state). A call to anything not listed here, and not in the catalogue of dangerous or
// side-effect functions, counts as a user function: its body is unknown, so the call is not
// provably read-only. The list is deliberately common rather than complete; a missing built-in
// costs a review, never a wrong allow.

const FUNCTIONS = `
count sum avg min max array_agg string_agg json_agg jsonb_agg json_object_agg jsonb_object_agg
json_agg_strict jsonb_agg_strict json_object_agg_strict jsonb_object_agg_strict json_object_agg_unique
jsonb_object_agg_unique bool_and bool_or every bit_and bit_or bit_xor stddev stddev_pop stddev_samp
variance var_pop var_samp corr covar_pop covar_samp regr_avgx regr_avgy regr_count regr_intercept
regr_r2 regr_slope regr_sxx regr_sxy regr_syy percentile_cont percentile_disc mode any_value
range_agg range_intersect_agg xmlagg grouping
row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
num_nulls num_nonnulls
lower upper initcap length char_length character_length octet_length bit_length substr substring
position strpos trim btrim ltrim rtrim lpad rpad replace translate repeat reverse left right
split_part concat concat_ws format quote_ident quote_literal quote_nullable md5 sha224 sha256 sha384
sha512 encode decode to_hex to_bin to_oct ascii chr regexp_match regexp_matches regexp_replace
regexp_split_to_array regexp_split_to_table regexp_count regexp_instr regexp_like regexp_substr
starts_with string_to_array string_to_table array_to_string to_char to_number to_date to_timestamp
unistr normalize is_normalized casefold overlay convert convert_from convert_to parse_ident crc32
crc32c similar_to_escape similar_escape pg_collation_for overlaps xmlexists gen_random_uuid uuidv4 uuidv7 uuid_extract_timestamp uuid_extract_version get_byte get_bit
bit_count text_larger text_smaller
abs ceil ceiling floor round trunc sign sqrt cbrt power pow exp ln log log10 mod div pi random
random_normal setseed degrees radians sin cos tan cot asin acos atan atan2 sind cosd tand cotd asind
acosd atand atan2d sinh cosh tanh asinh acosh atanh width_bucket gcd lcm factorial scale min_scale
trim_scale erf erfc gamma lgamma greatest least
now clock_timestamp statement_timestamp transaction_timestamp timeofday date_trunc date_part date_bin
extract age make_date make_time make_timestamp make_timestamptz make_interval justify_days
justify_hours justify_interval isfinite date_add date_subtract timezone pg_sleep pg_sleep_for
pg_sleep_until
to_json to_jsonb row_to_json array_to_json json_build_object jsonb_build_object json_build_array
jsonb_build_array json_object jsonb_object json_array_elements jsonb_array_elements
json_array_elements_text jsonb_array_elements_text json_array_length jsonb_array_length json_each
jsonb_each json_each_text jsonb_each_text json_extract_path jsonb_extract_path json_extract_path_text
jsonb_extract_path_text json_object_keys jsonb_object_keys json_populate_record jsonb_populate_record
jsonb_populate_record_valid json_populate_recordset jsonb_populate_recordset json_to_record
jsonb_to_record json_to_recordset jsonb_to_recordset json_strip_nulls jsonb_strip_nulls jsonb_set
jsonb_set_lax jsonb_insert jsonb_pretty json_typeof jsonb_typeof jsonb_path_query
jsonb_path_query_array jsonb_path_query_first jsonb_path_exists jsonb_path_match jsonb_path_query_tz
jsonb_path_query_array_tz jsonb_path_query_first_tz jsonb_path_exists_tz jsonb_path_match_tz
to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd
ts_headline setweight strip numnode querytree array_to_tsvector tsvector_to_array ts_delete ts_filter
get_current_ts_config
array_length array_lower array_upper array_ndims array_dims array_append array_prepend array_cat
array_position array_positions array_remove array_replace array_fill array_sample array_shuffle
array_reverse array_sort cardinality unnest trim_array generate_series generate_subscripts
isempty lower_inc upper_inc lower_inf upper_inf range_merge int4range int8range numrange tsrange
tstzrange daterange int4multirange int8multirange nummultirange tsmultirange tstzmultirange
datemultirange multirange enum_first enum_last enum_range
host hostmask netmask network abbrev broadcast family masklen set_masklen inet_merge inet_same_family
macaddr8_set7bit
xml_is_well_formed xml_is_well_formed_document xml_is_well_formed_content xpath xpath_exists
xmlcomment xmltext
current_database current_catalog current_schema current_schemas current_user current_role
session_user system_user user version pg_backend_pid pg_typeof format_type pg_get_viewdef
pg_get_functiondef pg_get_function_arguments pg_get_function_result pg_get_function_identity_arguments
pg_get_indexdef pg_get_constraintdef pg_get_expr pg_get_triggerdef pg_get_ruledef pg_get_statisticsobjdef
pg_get_userbyid pg_get_serial_sequence pg_get_keywords pg_get_partkeydef pg_table_is_visible
pg_type_is_visible pg_function_is_visible pg_is_other_temp_schema pg_show_all_settings pg_config
pg_timezone_names pg_timezone_abbrevs pg_available_extensions pg_available_extension_versions pg_cursor
pg_prepared_statement pg_stat_get_last_vacuum_time pg_stat_get_last_autovacuum_time
pg_stat_get_last_analyze_time pg_stat_get_last_autoanalyze_time pg_stat_get_db_stat_reset_time
pg_stat_get_db_checksum_last_failure pg_stat_get_snapshot_timestamp pg_size_pretty pg_size_bytes pg_column_size
pg_column_compression pg_relation_filenode obj_description col_description shobj_description
has_table_privilege has_column_privilege has_any_column_privilege has_schema_privilege
has_database_privilege has_function_privilege has_sequence_privilege has_type_privilege
has_tablespace_privilege has_language_privilege has_foreign_data_wrapper_privilege
has_server_privilege has_parameter_privilege pg_has_role row_security_active to_regclass
to_regtype to_regtypemod to_regproc to_regprocedure to_regnamespace to_regrole to_regoper
to_regoperator to_regcollation currval lastval current_setting pg_postmaster_start_time
pg_conf_load_time pg_is_in_recovery pg_is_wal_replay_paused pg_last_wal_receive_lsn
pg_last_wal_replay_lsn pg_last_xact_replay_timestamp pg_current_wal_lsn pg_current_wal_insert_lsn
pg_current_wal_flush_lsn pg_wal_lsn_diff pg_walfile_name txid_current txid_current_if_assigned
txid_snapshot_xmin txid_snapshot_xmax txid_snapshot_xip txid_visible_in_snapshot txid_status
txid_current_snapshot pg_current_xact_id pg_current_xact_id_if_assigned pg_xact_status
pg_current_snapshot pg_snapshot_xmin pg_snapshot_xmax pg_snapshot_xip pg_visible_in_snapshot
pg_xact_commit_timestamp pg_blocking_pids pg_safe_snapshot_blocking_pids pg_encoding_to_char
pg_char_to_encoding pg_client_encoding pg_trigger_depth pg_jit_available pg_listening_channels
pg_notification_queue_usage pg_my_temp_schema pg_is_other_temp_schema inet_client_addr
inet_client_port inet_server_addr inet_server_port pg_stat_get_activity pg_stat_get_backend_pid
pg_tablespace_location pg_options_to_table pg_get_object_address pg_identify_object
pg_identify_object_as_address pg_describe_object pg_index_column_has_property pg_index_has_property
pg_indexam_has_property pg_input_is_valid pg_input_error_info pg_settings_get_flags
int2 int4 int8 float4 float8 numeric text varchar bpchar bool date time timetz timestamp timestamptz
interval bytea uuid json jsonb inet cidr macaddr money oid regclass name char
`;

/**
 * Statistics the server keeps of the scans, reads and writes of every relation, function and
 * database, the sizes relations grew to, and a sequence's last value (pg_sequences), which earlier
 * calls' nextval counted up. Read-only built-ins too; what they count, lineage takes as computed
 * from everything (lineage/statistics.ts). When the server last vacuumed or analyzed is a time, not
 * a count: those functions are among the others above.
 */
const STATISTICS = `
pg_sequence_last_value
pg_stat_get_numscans pg_stat_get_tuples_returned pg_stat_get_tuples_fetched pg_stat_get_tuples_inserted
pg_stat_get_tuples_updated pg_stat_get_tuples_hot_updated pg_stat_get_tuples_deleted
pg_stat_get_live_tuples pg_stat_get_dead_tuples pg_stat_get_mod_since_analyze pg_stat_get_ins_since_vacuum
pg_stat_get_blocks_fetched pg_stat_get_blocks_hit pg_stat_get_vacuum_count pg_stat_get_autovacuum_count
pg_stat_get_analyze_count pg_stat_get_autoanalyze_count
pg_stat_get_xact_numscans pg_stat_get_xact_tuples_returned pg_stat_get_xact_tuples_fetched
pg_stat_get_xact_tuples_inserted pg_stat_get_xact_tuples_updated pg_stat_get_xact_tuples_hot_updated
pg_stat_get_xact_tuples_deleted pg_stat_get_xact_blocks_fetched pg_stat_get_xact_blocks_hit
pg_stat_get_function_calls pg_stat_get_function_total_time pg_stat_get_function_self_time
pg_stat_get_xact_function_calls pg_stat_get_xact_function_total_time pg_stat_get_xact_function_self_time
pg_stat_get_db_xact_commit pg_stat_get_db_xact_rollback pg_stat_get_db_blocks_fetched pg_stat_get_db_blocks_hit
pg_stat_get_db_tuples_returned pg_stat_get_db_tuples_fetched pg_stat_get_db_tuples_inserted
pg_stat_get_db_tuples_updated pg_stat_get_db_tuples_deleted pg_stat_get_db_temp_files pg_stat_get_db_temp_bytes
pg_stat_get_db_blk_read_time pg_stat_get_db_blk_write_time pg_stat_get_db_active_time
pg_stat_get_db_session_time pg_stat_get_db_idle_in_transaction_time pg_stat_get_db_sessions
pg_stat_get_db_sessions_abandoned pg_stat_get_db_sessions_fatal pg_stat_get_db_sessions_killed
pg_stat_get_db_numbackends pg_stat_get_db_deadlocks pg_stat_get_db_checksum_failures pg_stat_get_db_conflict_all
pg_stat_get_db_conflict_tablespace pg_stat_get_db_conflict_lock pg_stat_get_db_conflict_snapshot
pg_stat_get_db_conflict_bufferpin pg_stat_get_db_conflict_startup_deadlock
pg_relation_size pg_total_relation_size pg_table_size pg_indexes_size pg_database_size pg_tablespace_size
`;

/**
 * The set-returning functions among them (pg_proc.proretset): in a select list each repeats the
 * row once per value it returns, so how many rows come back is computed from its arguments.
 */
const SET_RETURNING = `
generate_series generate_subscripts unnest regexp_matches regexp_split_to_table string_to_table
json_array_elements json_array_elements_text jsonb_array_elements jsonb_array_elements_text json_each
json_each_text jsonb_each jsonb_each_text json_object_keys jsonb_object_keys json_populate_recordset
jsonb_populate_recordset json_to_recordset jsonb_to_recordset jsonb_path_query jsonb_path_query_tz
pg_get_keywords pg_listening_channels pg_options_to_table pg_snapshot_xip txid_snapshot_xip
pg_show_all_settings pg_config pg_timezone_names pg_timezone_abbrevs pg_available_extensions
pg_available_extension_versions pg_cursor pg_prepared_statement
pg_stat_get_activity
`;

/** Operators of core PostgreSQL (and the A_Expr names the parser gives to LIKE, BETWEEN, ...). */
const OPERATORS = `
= <> != < > <= >= + - * / % ^ || |/ ||/ @ & | # ~ << >> ~~ ~~* !~~ !~~* ~* !~ !~* @> <@ && -> ->>
#> #>> ? ?| ?& @? @@ @@@ #- <-> <#> <<| |>> &< &> &<| |&> <<= >>= -|- ?# ?- ?-| ?|| ## ~= ^@ @-@
<^ >^
`;

/** Prefix operators of core PostgreSQL (negation, bitwise not, abs, roots, geometric tests, tsquery not). */
const PREFIX_OPERATORS = `- + ~ @ |/ ||/ # @-@ @@ ?- ?| !!`;

/** A_Expr names of the BETWEEN forms, which contain spaces. */
const BETWEEN_FORMS = ['BETWEEN', 'NOT BETWEEN', 'BETWEEN SYMMETRIC', 'NOT BETWEEN SYMMETRIC'];

/** The operators the server looks up by name for each BETWEEN form. */
export const BETWEEN_OPERATORS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(BETWEEN_FORMS.map((form) => [form, ['<', '>', '<=', '>=']]));

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

export const STATISTICS_BUILTINS: ReadonlySet<string> = words(STATISTICS);
export const SAFE_BUILTIN_FUNCTIONS: ReadonlySet<string> = new Set([...words(FUNCTIONS), ...STATISTICS_BUILTINS]);
export const SET_RETURNING_BUILTINS: ReadonlySet<string> = words(SET_RETURNING);
export const BUILTIN_OPERATORS: ReadonlySet<string> = new Set([...words(OPERATORS), ...BETWEEN_FORMS]);
/** An infix name used as a prefix (`OPERATOR(=) x`) has no built-in meaning: only a user's operator answers it. */
export const BUILTIN_PREFIX_OPERATORS: ReadonlySet<string> = words(PREFIX_OPERATORS);
