/* pgsql_load.c — the pgsql sink against a real server (tests/pg/test_pgsql_load.sh starts it):
 * every catalog type, repeated, compound and absent values read back as PostgreSQL prints them;
 * creating and checking tables; odd table names; refused rows isolated, counted and kept in the
 * reject file, whose lines the server reads back to the same values. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgsql_harness.h"
#include "unit_run.h"

static const rt_type opt_parts[] = { RT_H8, RT_H32 };
static const rt_type pair_parts[] = { RT_U16, RT_IPX };
static const rt_column type_columns[] = {
    RT_COLUMN("k", U8, "row key"),
    RT_COLUMN("i8", I8, ""), RT_COLUMN("i16", I16, ""), RT_COLUMN("i32", I32, ""), RT_COLUMN("i64", I64, ""),
    RT_COLUMN("u8", U8, ""), RT_COLUMN("u16", U16, ""), RT_COLUMN("u32", U32, ""), RT_COLUMN("u64", U64, ""),
    RT_COLUMN("h8", H8, ""), RT_COLUMN("h16", H16, ""), RT_COLUMN("h32", H32, ""), RT_COLUMN("h64", H64, ""),
    RT_COLUMN("f", F, ""), RT_COLUMN("d", D, ""), RT_COLUMN("c", C, ""), RT_COLUMN("s", S, ""),
    RT_COLUMN("sc", SC, ""), RT_COLUMN("ts", TS, ""), RT_COLUMN("dur", DUR, ""), RT_COLUMN("mac", MAC, ""),
    RT_COLUMN("ip4", IP4, ""), RT_COLUMN("ip6", IP6, ""), RT_COLUMN("ipx", IPX, ""), RT_COLUMN("ipxNone", IPX, ""),
    RT_COLUMN("bin", BIN, ""),
    RT_COLUMN_REPEATED("vlans", U16, ""), RT_COLUMN_REPEATED("macs", MAC, ""), RT_COLUMN_REPEATED("ips", IPX, ""),
    RT_COLUMN_REPEATED("hdrs", SC, ""), RT_COLUMN_REPEATED("times", TS, ""), RT_COLUMN_REPEATED("durs", DUR, ""),
    RT_COLUMN_REPEATED("floats", F, ""), RT_COLUMN_REPEATED("bins", BIN, ""),
    RT_COLUMN_COMPOUND("opt", opt_parts, ""), RT_COLUMN_COMPOUND_REPEATED("pairs", pair_parts, ""),
};
#define N_TYPE_COLUMNS (sizeof type_columns / sizeof type_columns[0])

/* Table columns (after sensor_id, run_id) and how PostgreSQL prints each row's value (NULL: SQL
 * NULL). Row 3 has every value absent. */
static const struct {
    const char *name, *type, *row1, *row2;
} expected[] = {
    { "k", "smallint", "1", "2" },
    { "i8", "smallint", "-128", "127" },
    { "i16", "smallint", "-32768", "32767" },
    { "i32", "integer", "-2147483648", "2147483647" },
    { "i64", "bigint", "-9223372036854775808", "9223372036854775807" },
    { "u8", "smallint", "255", "0" },
    { "u16", "integer", "65535", "0" },
    { "u32", "bigint", "4294967295", "0" },
    { "u64", "bigint", "-1", "9223372036854775807" },
    { "h8", "smallint", "255", "1" },
    { "h16", "integer", "65535", "2048" },
    { "h32", "bigint", "4294967295", "1" },
    { "h64", "bigint", "-9223372036854775807", "288230376151728129" },
    { "f", "real", "1.5", "-2.25" },
    { "d", "double precision", "0.1", "-1e+300" },
    { "c", "character(1)", "A", "B" },
    { "s", "text", "caf\xc3\xa9 \"quoted\"\ttab", "" },
    { "sc", "text", "eth:ipv4:tcp", "x..y" },
    { "ts", "timestamp with time zone", "2009-11-19 01:29:22.928342+00", "1969-12-31 23:59:59.999999+00" },
    { "dur", "interval", "00:00:21.783327", "-00:00:00.00012" },
    { "mac", "macaddr", "00:50:fc:28:a5:eb", "ff:ff:ff:ff:ff:ff" },
    { "ip4", "inet", "193.86.108.236", "0.0.0.0" },
    { "ip6", "inet", "fe80::1", "2001:db8::ff00:42:8329" },
    { "ipx", "inet", "10.0.0.1", "::1" },
    { "ipxnone", "inet", NULL, "192.168.1.1" },
    { "bin", "bytea", "\\x00ff5c0a", "\\x" },
    { "vlans", "integer[]", "{20,100}", "{}" },
    { "macs", "macaddr[]", "{00:50:fc:28:a5:eb}", "{}" },
    { "ips", "inet[]", "{10.0.0.1,NULL,::1}", "{}" },
    { "hdrs", "text[]", "{eth:ipv4:tcp,\"a,b\"}", "{\"\"}" },
    { "times", "timestamp with time zone[]", "{\"2009-11-19 01:29:22.928342+00\",\"1970-01-01 00:00:00+00\"}", "{}" },
    { "durs", "interval[]", "{00:00:01}", "{}" },
    { "floats", "real[]", "{0.5,2}", "{}" },
    { "bins", "bytea[]", "{\"\\\\x00\"}", "{}" },
    { "opt_1", "smallint", "31", "0" },
    { "opt_2", "bigint", "2147483648", "0" },
    { "pairs_1", "integer[]", "{1,2}", "{}" },
    { "pairs_2", "inet[]", "{10.0.0.1,NULL}", "{}" },
};
#define N_EXPECTED (sizeof expected / sizeof expected[0])

static void write_type_row(rt_row *row, uint64_t k)
{
    static const uint8_t mac[6] = { 0x00, 0x50, 0xfc, 0x28, 0xa5, 0xeb }, bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const uint8_t ip4[4] = { 193, 86, 108, 236 }, zero4[4] = { 0 }, ten[4] = { 10, 0, 0, 1 };
    static const uint8_t lan[4] = { 192, 168, 1, 1 }, fe80[16] = { 0xfe, 0x80, [15] = 1 };
    static const uint8_t doc6[16] = { 0x20, 0x01, 0x0d, 0xb8, [10] = 0xff, [11] = 0x00, [12] = 0x00, [13] = 0x42,
                                      [14] = 0x83, [15] = 0x29 };
    static const uint8_t loop6[16] = { [15] = 1 }, bin[4] = { 0x00, 0xff, 0x5c, 0x0a };
    rt_row_u8(row, (uint8_t)k);
    if (k == 3) {
        for (unsigned c = 1; c < N_TYPE_COLUMNS; c++)
            rt_row_absent(row);
        return;
    }
    int one = k == 1;
    rt_row_i8(row, one ? INT8_MIN : INT8_MAX);
    rt_row_i16(row, one ? INT16_MIN : INT16_MAX);
    rt_row_i32(row, one ? INT32_MIN : INT32_MAX);
    rt_row_i64(row, one ? INT64_MIN : INT64_MAX);
    rt_row_u8(row, one ? UINT8_MAX : 0);
    rt_row_u16(row, one ? UINT16_MAX : 0);
    rt_row_u32(row, one ? UINT32_MAX : 0);
    rt_row_u64(row, one ? UINT64_MAX : (uint64_t)INT64_MAX);
    rt_row_u8(row, one ? 0xff : 0x01);
    rt_row_u16(row, one ? 0xffff : 0x0800);
    rt_row_u32(row, one ? 0xffffffffu : 1);
    rt_row_u64(row, one ? UINT64_C(0x8000000000000001) : UINT64_C(0x0400000000004001));
    rt_row_float(row, one ? 1.5f : -2.25f);
    rt_row_double(row, one ? 0.1 : -1e300);
    rt_row_char(row, one ? 'A' : 'B');
    if (one)
        rt_row_cstring(row, "caf\xc3\xa9 \"quoted\"\ttab");
    else
        rt_row_string(row, "", 0);
    rt_row_string(row, one ? "eth:ipv4:tcp" : "x\0\xffy", one ? 12 : 4);
    rt_row_time(row, one ? INT64_C(1258594162928342000) : -1);
    rt_row_duration(row, one ? INT64_C(21783327000) : -120999);
    rt_row_mac(row, one ? mac : bcast);
    rt_row_ip4(row, one ? ip4 : zero4);
    rt_row_ip6(row, one ? fe80 : doc6);
    rt_row_ipx(row, one ? 4 : 6, one ? ten : loop6);
    rt_row_ipx(row, one ? 0 : 4, one ? NULL : lan);
    rt_row_bytes(row, bin, one ? 4 : 0);
    rt_row_repeat(row, one ? 2 : 0);
    if (one) {
        rt_row_u16(row, 20);
        rt_row_u16(row, 100);
    }
    rt_row_repeat(row, one ? 1 : 0);
    if (one)
        rt_row_mac(row, mac);
    rt_row_repeat(row, one ? 3 : 0);
    if (one) {
        rt_row_ipx(row, 4, ten);
        rt_row_ipx(row, 0, NULL);
        rt_row_ipx(row, 6, loop6);
    }
    rt_row_repeat(row, one ? 2 : 1);
    rt_row_cstring(row, one ? "eth:ipv4:tcp" : "");
    if (one)
        rt_row_cstring(row, "a,b");
    rt_row_repeat(row, one ? 2 : 0);
    if (one) {
        rt_row_time(row, INT64_C(1258594162928342000));
        rt_row_time(row, 0);
    }
    rt_row_repeat(row, one);
    if (one)
        rt_row_duration(row, 1000000000);
    rt_row_repeat(row, one ? 2 : 0);
    if (one) {
        rt_row_float(row, 0.5f);
        rt_row_float(row, 2.0f);
    }
    rt_row_repeat(row, one);
    if (one)
        rt_row_bytes(row, bin, 1);
    rt_row_u8(row, one ? 0x1f : 0);
    rt_row_u32(row, one ? 0x80000000u : 0);
    rt_row_repeat(row, one ? 2 : 0);
    if (one) {
        rt_row_u16(row, 1);
        rt_row_ipx(row, 4, ten);
        rt_row_u16(row, 2);
        rt_row_ipx(row, 0, NULL);
    }
}

/* Loads the three rows of the type test. */
static int load_type_rows(const char *const *options, rt_sink_stats *stats)
{
    harness_result r = harness_load(options, type_columns, N_TYPE_COLUMNS, "types-run", write_type_row, 1, 3);
    *stats = r.sink;
    harness_result_free(&r);
    return r.rc;
}

/* Loads the generated flow rows first..first+n-1. */
static int load_flows(const char *const *options, const char *run_id, uint64_t first, uint64_t n,
                      rt_sink_stats *stats)
{
    harness_result r = harness_load(options, harness_flow_columns, harness_n_flow_columns, run_id, harness_write_flow,
                                    first, n);
    if (stats)
        *stats = r.sink;
    harness_result_free(&r);
    return r.rc;
}

START_TEST(every_type_reads_back_as_written)
{
    static const char *const options[] = { "pgsql.table.flows=alltypes", "pgsql.batchRows=2", NULL };
    rt_sink_stats stats;
    ck_assert_int_eq(load_type_rows(options, &stats), 0);
    ck_assert_uint_eq(stats.rows_written, 3);
    ck_assert_uint_eq(stats.rows_failed, 0);
    PGconn *db = harness_connect();
    char sql[512];
    for (size_t i = 0; i < N_EXPECTED; i++) {
        snprintf(sql, sizeof sql, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                 "'alltypes'::regclass AND attname = '%s'", expected[i].name);
        char *type = harness_text(db, sql);
        ck_assert_msg(strcmp(type, expected[i].type) == 0, "%s is %s", expected[i].name, type);
        free(type);
        for (int k = 1; k <= 3; k++) {
            snprintf(sql, sizeof sql, "SELECT \"%s\" FROM alltypes WHERE k = %d", expected[i].name, k);
            char *got = harness_text(db, sql);
            const char *want = k == 1 ? expected[i].row1 : k == 2 ? expected[i].row2 : i == 0 ? "3" : NULL;
            ck_assert_msg(want ? got && strcmp(got, want) == 0 : !got, "%s row %d: got %s, want %s", expected[i].name,
                          k, got ? got : "NULL", want ? want : "NULL");
            free(got);
        }
    }
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM alltypes WHERE sensor_id = 1 AND run_id = 'types-run'"),
                     3);
    PQfinish(db);
}
END_TEST

START_TEST(typed_queries_work)
{
    static const char *const options[] = { "pgsql.table.flows=queries", NULL };
    rt_sink_stats stats;
    ck_assert_int_eq(load_flows(options, "queries-run", 0, 100, &stats), 0);
    PGconn *db = harness_connect();
    /* The rows i = 0..99 have srcIP 10.0.0.i, flowStat bit 0 = i & 1, dstIP IPv6 when i % 5 == 0. */
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM queries WHERE srcIP << '10.0.0.0/8'"), 100);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM queries WHERE flowStat & 1 = 1"), 50);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM queries WHERE family(dstip) = 6"), 20);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM queries WHERE timeFirst > '2009-11-19 01:29:22+00' "
                                     "AND duration >= interval '50 ms'"), 50);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM queries WHERE timeLast - timeFirst = duration"), 100);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM queries WHERE 20 = ANY(ethVlanID)"), 10);
    PQfinish(db);
}
END_TEST

/* Creates an empty reject file (path is a mkstemp template) and its option. */
static void make_reject_file(char *path, char *option, size_t option_size)
{
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    snprintf(option, option_size, "pgsql.rejectFile=%s", path);
}

/* Reads the reject file back into `table` with COPY (its fields after the third TAB). Returns the
 * number of lines; checks each line's table and SQLSTATE. */
static int reload_rejects(PGconn *db, const char *path, const char *table, const char *quoted, const char *sqlstate)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char sql[256];
    snprintf(sql, sizeof sql, "COPY %s FROM STDIN", table);
    PGresult *r = PQexec(db, sql);
    ck_assert_int_eq(PQresultStatus(r), PGRES_COPY_IN);
    PQclear(r);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lines = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        char *state = strchr(line, '\t');
        ck_assert_ptr_nonnull(state);
        *state++ = '\0';
        ck_assert_str_eq(line, quoted);
        ck_assert_int_eq(strncmp(state, sqlstate, 5), 0);
        char *fields = strchr(strchr(state, '\t') + 1, '\t') + 1;
        ck_assert_int_eq(PQputCopyData(db, fields, (int)strlen(fields)), 1);
        lines++;
    }
    free(line);
    fclose(f);
    ck_assert_int_eq(PQputCopyEnd(db, NULL), 1);
    r = PQgetResult(db);
    ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "reloading: %s", PQresultErrorMessage(r));
    PQclear(r);
    while ((r = PQgetResult(db)))
        PQclear(r);
    return lines;
}

START_TEST(every_type_survives_the_reject_file)
{
    static const char *const first[] = { "pgsql.table.flows=typeref", NULL };
    rt_sink_stats stats;
    ck_assert_int_eq(load_type_rows(first, &stats), 0);
    PGconn *db = harness_connect();
    harness_exec(db, "CREATE TABLE typerej (LIKE typeref, CHECK (k < 0))");
    char path[] = "/tmp/rowtap-rejects-XXXXXX", reject_option[128];
    make_reject_file(path, reject_option, sizeof reject_option);
    const char *const second[] = { "pgsql.table.flows=typerej", reject_option, NULL };
    /* refused rows make the run unsuccessful (-1) although the sink carried on */
    ck_assert_int_eq(load_type_rows(second, &stats), -1);
    ck_assert_uint_eq(stats.rows_written, 0);
    ck_assert_uint_eq(stats.rows_failed, 3);
    harness_exec(db, "ALTER TABLE typerej DROP CONSTRAINT typerej_k_check");
    ck_assert_int_eq(reload_rejects(db, path, "typerej", "\"typerej\"", "23514"), 3);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM typeref"), 3);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM (SELECT to_jsonb(t) - 'run_id' FROM typeref t EXCEPT "
                                     "SELECT to_jsonb(t) - 'run_id' FROM typerej t) d"), 0);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM (SELECT to_jsonb(t) - 'run_id' FROM typerej t EXCEPT "
                                     "SELECT to_jsonb(t) - 'run_id' FROM typeref t) d"), 0);
    PQfinish(db);
    unlink(path);
}
END_TEST

START_TEST(refused_rows_are_isolated_counted_and_kept)
{
    static const char *const create[] = { "pgsql.table.flows=refusing", NULL };
    rt_sink_stats stats;
    ck_assert_int_eq(load_flows(create, "refuse-0", 0, 0, &stats), 0);
    PGconn *db = harness_connect();
    harness_exec(db, "ALTER TABLE refusing ADD CONSTRAINT no7 CHECK (flowind % 100 <> 7)");
    char path[] = "/tmp/rowtap-rejects-XXXXXX", reject_option[128];
    make_reject_file(path, reject_option, sizeof reject_option);
    const char *const load[] = { "pgsql.table.flows=refusing", "pgsql.batchRows=400", reject_option, NULL };
    /* Rows 0..999 have flowInd i / 2 + 1: flowInd 7, 107, 207, 307, 407 (two rows each) are refused. */
    harness_stderr_begin();
    int rc = load_flows(load, "refuse-1", 0, 1000, &stats);
    char *messages = harness_stderr_end();
    ck_assert_int_eq(rc, -1); /* rows were refused: not every row was written */
    ck_assert_uint_eq(stats.rows_written, 990);
    ck_assert_uint_eq(stats.rows_failed, 10);
    ck_assert_ptr_nonnull(strstr(messages, "the server refused"));
    ck_assert_ptr_nonnull(strstr(messages, "23514"));
    free(messages);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM refusing WHERE run_id = 'refuse-1'"), 990);
    ck_assert_int_eq(harness_int(db, "SELECT sum(rows_rejected) FROM rowtap_progress WHERE run_id = 'refuse-1'"), 10);
    harness_exec(db, "ALTER TABLE refusing DROP CONSTRAINT no7");
    ck_assert_int_eq(reload_rejects(db, path, "refusing", "\"refusing\"", "23514"), 10);
    ck_assert_int_eq(harness_int(db, "SELECT count(DISTINCT (flowind, dir)) FROM refusing WHERE run_id = 'refuse-1'"),
                     1000);
    const char *const reference[] = { "pgsql.table.flows=refusing_ref", NULL };
    ck_assert_int_eq(load_flows(reference, "refuse-1", 0, 1000, &stats), 0);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM refusing_ref"), 1000);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM (SELECT * FROM refusing_ref EXCEPT "
                                     "SELECT * FROM refusing) d"), 0);
    PQfinish(db);
    unlink(path);
}
END_TEST

START_TEST(missing_columns_are_refused_or_added)
{
    static const char *const plain[] = { "pgsql.table.flows=partial", NULL };
    rt_sink_stats stats;
    ck_assert_int_eq(load_flows(plain, "partial-0", 0, 10, &stats), 0);
    PGconn *db = harness_connect();
    harness_exec(db, "ALTER TABLE partial DROP COLUMN srcport, DROP COLUMN dstipwho");
    harness_stderr_begin();
    int rc = load_flows(plain, "partial-1", 10, 10, &stats);
    char *messages = harness_stderr_end();
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(strstr(messages, "\"srcport\" integer"));
    ck_assert_ptr_nonnull(strstr(messages, "\"dstipwho\" text"));
    ck_assert_ptr_nonnull(strstr(messages, "pgsql.addColumns=true"));
    free(messages);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM partial"), 10);
    static const char *const adding[] = { "pgsql.table.flows=partial", "pgsql.addColumns=true", NULL };
    ck_assert_int_eq(load_flows(adding, "partial-2", 20, 10, &stats), 0);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM partial"), 20);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM partial WHERE srcport IS NOT NULL AND dstipwho = "
                                     "'example org'"), 10);
    char *type = harness_text(db, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                                  "'partial'::regclass AND attname = 'srcport'");
    ck_assert_str_eq(type, "integer");
    free(type);
    PQfinish(db);
}
END_TEST

START_TEST(incompatible_columns_are_refused)
{
    PGconn *db = harness_connect();
    static const char *const setups[] = {
        "CREATE TABLE wrongtype AS SELECT * FROM queries_template; "
        "ALTER TABLE wrongtype ALTER COLUMN srcip TYPE text",
        "CREATE TABLE wrongtype AS SELECT * FROM queries_template; "
        "ALTER TABLE wrongtype ALTER COLUMN srcport TYPE smallint",
        "CREATE TABLE wrongtype AS SELECT * FROM queries_template; "
        "ALTER TABLE wrongtype ALTER COLUMN hdrdesc TYPE text USING hdrdesc[1]",
        "CREATE TABLE wrongtype AS SELECT * FROM queries_template; "
        "ALTER TABLE wrongtype ADD COLUMN note text NOT NULL",
    };
    static const char *const named[] = { "\"srcip\" of table \"wrongtype\" is text, but rowtap writes inet",
                                         "\"srcport\" of table \"wrongtype\" is smallint, but rowtap writes integer",
                                         "\"hdrdesc\" of table \"wrongtype\" is text, but rowtap writes text[]",
                                         "\"note\" of table \"wrongtype\" is NOT NULL without a default" };
    static const char *const create[] = { "pgsql.table.flows=queries_template", NULL };
    rt_sink_stats stats;
    ck_assert_int_eq(load_flows(create, "template", 0, 0, &stats), 0);
    for (size_t i = 0; i < sizeof setups / sizeof setups[0]; i++) {
        harness_exec(db, "DROP TABLE IF EXISTS wrongtype");
        harness_exec(db, setups[i]);
        static const char *const load[] = { "pgsql.table.flows=wrongtype", "pgsql.addColumns=true", NULL };
        harness_stderr_begin();
        int rc = load_flows(load, "wrong", 0, 5, &stats);
        char *messages = harness_stderr_end();
        ck_assert_int_eq(rc, -1);
        ck_assert_msg(strstr(messages, named[i]) != NULL, "case %zu: %s", i, messages);
        free(messages);
        ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM wrongtype"), 0);
    }
    PQfinish(db);
}
END_TEST

START_TEST(wider_existing_columns_are_accepted)
{
    static const char *const create[] = { "pgsql.table.flows=wide_template", NULL };
    rt_sink_stats stats;
    ck_assert_int_eq(load_flows(create, "wide-0", 0, 0, &stats), 0);
    PGconn *db = harness_connect();
    harness_exec(db, "CREATE DOMAIN port AS integer CHECK (VALUE BETWEEN 0 AND 65535); "
                     "CREATE TABLE wide AS SELECT * FROM wide_template; "
                     "ALTER TABLE wide ALTER COLUMN dstport TYPE port, ALTER COLUMN srcport TYPE bigint, ALTER COLUMN timefirst TYPE bigint USING 0, "
                     "ALTER COLUMN duration TYPE bigint USING 0, ALTER COLUMN srcipwho TYPE varchar(40), "
                     "ALTER COLUMN numhdrdesc TYPE integer, ALTER COLUMN timelast TYPE timestamp, "
                     "ADD COLUMN note text DEFAULT 'kept', ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY");
    static const char *const load[] = { "pgsql.table.flows=wide", NULL };
    ck_assert_int_eq(load_flows(load, "wide-1", 0, 10, &stats), 0);
    /* Row 3: timeFirst 1258594162928342000 + 3 ms, duration 3 ms, in nanoseconds. */
    ck_assert_int_eq(harness_int(db, "SELECT timefirst FROM wide WHERE flowind = 2 AND dir = 'B'"),
                     1258594162931342000LL);
    ck_assert_int_eq(harness_int(db, "SELECT duration FROM wide WHERE flowind = 2 AND dir = 'B'"), 3000000);
    char *last = harness_text(db, "SELECT timelast::text FROM wide WHERE flowind = 2 AND dir = 'B'");
    ck_assert_str_eq(last, "2009-11-19 01:29:22.934342");
    free(last);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM wide WHERE note = 'kept' AND id IS NOT NULL"), 10);
    ck_assert_int_eq(harness_int(db, "SELECT sum(dstport) FROM wide"), 4430);
    PQfinish(db);
}
END_TEST

START_TEST(missing_table_without_create_is_refused)
{
    static const char *const load[] = { "pgsql.table.flows=absent_table", "pgsql.create=false", NULL };
    rt_sink_stats stats;
    harness_stderr_begin();
    int rc = load_flows(load, "absent", 0, 5, &stats);
    char *messages = harness_stderr_end();
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(strstr(messages, "does not exist and pgsql.create=false"));
    free(messages);
    PGconn *db = harness_connect();
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM pg_class WHERE relname = 'absent_table'"), 0);
    PQfinish(db);
}
END_TEST

START_TEST(odd_table_names_are_quoted)
{
    PGconn *db = harness_connect();
    harness_exec(db, "CREATE SCHEMA \"odd;schema\"");
    static const char *const load[] = { "pgsql.table.flows=we\"ird;name", "pgsql.table.packets=\"odd;schema\".Ta\"b'le",
                                        "pgsql.table.progress=\"odd;schema\".prog\"ress", NULL };
    harness h;
    harness_options(&h, load);
    harness_run(&h, harness_flow_columns, harness_n_flow_columns, harness_packet_columns, harness_n_packet_columns, 1,
                "odd-run");
    ck_assert_int_eq(harness_start(&h, 16384), 0);
    for (uint64_t i = 0; i < 300; i++) {
        harness_write_flow(harness_row_begin(&h, RT_STREAM_FLOWS), i);
        harness_row_end(&h, RT_STREAM_FLOWS);
        harness_write_packet(harness_row_begin(&h, RT_STREAM_PACKETS), i);
        harness_row_end(&h, RT_STREAM_PACKETS);
    }
    ck_assert_int_eq(harness_finish(&h), 0);
    harness_free(&h);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM \"we\"\"ird;name\""), 300);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM \"odd;schema\".\"ta\"\"b'le\""), 300);
    ck_assert_int_eq(harness_int(db, "SELECT sum(rows_loaded) FROM \"odd;schema\".\"prog\"\"ress\""), 600);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM pg_class WHERE relname IN ('we', 'name', 'ta', 'le')"), 0);
    PQfinish(db);
}
END_TEST

START_TEST(created_tables_can_have_the_primary_key)
{
    static const char *const load[] = { "pgsql.table.flows=keyed", "pgsql.primaryKey=true", NULL };
    rt_sink_stats stats;
    ck_assert_int_eq(load_flows(load, "keyed-1", 0, 50, &stats), 0);
    PGconn *db = harness_connect();
    char *key = harness_text(db, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                                 "'keyed'::regclass AND contype = 'p'");
    ck_assert_str_eq(key, "PRIMARY KEY (sensor_id, run_id, flowind, dir)");
    free(key);
    PQfinish(db);
}
END_TEST

/* Writes `text` to a new temporary file (mode 0600) whose name is put in `path`. */
static void write_temp(char *path, const char *text)
{
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

/* Loads 10 flow rows into "secured" with this conninfo option; returns the load's result and
 * what was logged (caller frees). */
static int load_secured(const char *conninfo, char **messages)
{
    static int runs;
    char run_id[32];
    snprintf(run_id, sizeof run_id, "secured-%d", ++runs);
    const char *const options[] = { conninfo, "pgsql.table.flows=secured", NULL };
    harness_stderr_begin();
    int rc = load_flows(options, run_id, 0, 10, NULL);
    *messages = harness_stderr_end();
    ck_assert_ptr_null(strstr(*messages, "Secr3t"));
    return rc;
}

START_TEST(unset_connection_parameters_come_from_the_libpq_sources)
{
    /* A role that must give a password over TCP (scram), placed before the trust rules. */
    PGconn *db = harness_connect();
    harness_exec(db, "CREATE ROLE needpw LOGIN SUPERUSER PASSWORD 'Secr3t!'");
    char hba[1024], *old = harness_text(db, "SELECT pg_read_file('pg_hba.conf')");
    snprintf(hba, sizeof hba, "%s/pg_hba.conf", getenv("PG_DATA"));
    FILE *f = fopen(hba, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "host all needpw 127.0.0.1/32 scram-sha-256\n%s", old);
    fclose(f);
    free(old);
    harness_exec(db, "SELECT pg_reload_conf()");
    const char *port = getenv("PGPORT");
    char conninfo[256], *messages;
    setenv("PGPASSFILE", "/nonexistent", 1);
    unsetenv("PGPASSWORD");

    /* No password anywhere: a clear error at once, not after pgsql.connectTimeout (30 s). */
    snprintf(conninfo, sizeof conninfo, "pgsql.conninfo=host=127.0.0.1 port=%s user=needpw", port);
    ck_assert_int_eq(load_secured(conninfo, &messages), -1);
    ck_assert_ptr_nonnull(strstr(messages, "asks for a password"));
    free(messages);

    /* The password from the password file (PGPASSFILE stands for ~/.pgpass). */
    char passfile[] = "/tmp/rowtap-pgpass-XXXXXX", line[128];
    snprintf(line, sizeof line, "127.0.0.1:%s:*:needpw:Secr3t!\n", port);
    write_temp(passfile, line);
    setenv("PGPASSFILE", passfile, 1);
    ck_assert_int_eq(load_secured(conninfo, &messages), 0);
    free(messages);

    /* Host, port and user from a service file. */
    char services[] = "/tmp/rowtap-service-XXXXXX", text[256];
    snprintf(text, sizeof text, "[rowtap_test]\nhost=127.0.0.1\nport=%s\nuser=needpw\n", port);
    write_temp(services, text);
    setenv("PGSERVICEFILE", services, 1);
    ck_assert_int_eq(load_secured("pgsql.conninfo=service=rowtap_test", &messages), 0);
    free(messages);

    /* A URI with its password, and nothing else. */
    setenv("PGPASSFILE", "/nonexistent", 1);
    snprintf(conninfo, sizeof conninfo, "pgsql.conninfo=postgresql://needpw:Secr3t!@127.0.0.1:%s/postgres", port);
    ck_assert_int_eq(load_secured(conninfo, &messages), 0);
    free(messages);
    ck_assert_int_eq(harness_int(db, "SELECT count(*) FROM secured"), 30);
    unlink(passfile);
    unlink(services);
    PQfinish(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pgsql_load");
    TCase *tc = tcase_create("server");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_type_reads_back_as_written);
    tcase_add_test(tc, typed_queries_work);
    tcase_add_test(tc, every_type_survives_the_reject_file);
    tcase_add_test(tc, refused_rows_are_isolated_counted_and_kept);
    tcase_add_test(tc, missing_columns_are_refused_or_added);
    tcase_add_test(tc, incompatible_columns_are_refused);
    tcase_add_test(tc, wider_existing_columns_are_accepted);
    tcase_add_test(tc, missing_table_without_create_is_refused);
    tcase_add_test(tc, odd_table_names_are_quoted);
    tcase_add_test(tc, created_tables_can_have_the_primary_key);
    tcase_add_test(tc, unset_connection_parameters_come_from_the_libpq_sources);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
