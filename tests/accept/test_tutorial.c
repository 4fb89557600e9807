/* test_tutorial.c — acceptance: rowtap prints the tutorial's tables (T2-COMPAT §7.5).
 *
 * Each table is turned back into its packets (tutorial_capture.h), at the same packet numbers,
 * with other conversations filling every other number so that the flow gets the table's flow
 * index (tutorial_recipe.h). rowtap runs as a user would run it,
 *     rowtap -r X -w DIR/ -s -b basicFlow,tcpWin -X basicFlow.countryDb=DB -X basicFlow.asnDb=DB
 * with a database written by tests/tools/make-test-mmdb (its default networks: 143.166/16 US ARIN,
 * 138.212/16 JP Asahi Kasei Corporation, 193.86/16 CZ Vienna Point a.s.), and its packet file
 * must hold the table's rows byte for byte (column-name row included). The flow file's rows of
 * flow 35 must show the values of §8.6 for the columns basicFlow and tcpWin write; those of flow
 * 637 the values Table 1 determines.
 *
 * Without the Perl module behind make-test-mmdb the geolocation part is skipped with a message:
 * the public addresses are then expected with '-' (§6.2), everything else unchanged. */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accept_run.h"
#include "buffer.h"
#include "tutorial_capture.h"
#include "tutorial_recipe.h"
#include "unit_run.h"

#define PATH_SIZE 4096

/* Writes the test database; 0 (and a message) when make-test-mmdb cannot. */
static int make_geo_db(const char *dir, char *db, size_t db_size)
{
    char tool[PATH_SIZE], out[PATH_SIZE], err[PATH_SIZE];
    accept_path(db, db_size, "%s/tutorial.mmdb", dir);
    accept_path(out, sizeof out, "%s/mmdb.out", dir);
    accept_path(err, sizeof err, "%s/mmdb.err", dir);
    const char *argv[] = { accept_source_path("tests/tools/make-test-mmdb", tool, sizeof tool), db, NULL };
    if (accept_run(argv, out, err) == 0)
        return 1;
    size_t len;
    char *message = accept_read_file(err, &len);
    printf("SKIP (geolocation part only): make-test-mmdb failed: %s", message ? message : "no message\n");
    free(message);
    return 0;
}

/* Runs rowtap on the capture (with the database db, or none when NULL); the output files go to
 * DIR/out/. */
static void run_rowtap(const char *dir, const char *pcap_path, const char *db)
{
    char rowtap[PATH_SIZE], out_dir[PATH_SIZE], country[PATH_SIZE], asn[PATH_SIZE], out[PATH_SIZE], err[PATH_SIZE];
    accept_path(out_dir, sizeof out_dir, "%s/out/", dir);
    accept_path(country, sizeof country, "basicFlow.countryDb=%s", db ? db : "");
    accept_path(asn, sizeof asn, "basicFlow.asnDb=%s", db ? db : "");
    accept_path(out, sizeof out, "%s/rowtap.out", dir);
    accept_path(err, sizeof err, "%s/rowtap.err", dir);
    const char *argv[] = { accept_build_path("rowtap", rowtap, sizeof rowtap), "-r", pcap_path, "-w", out_dir, "-s",
                           "-b", "basicFlow,tcpWin", "-X", country, "-X", asn, NULL };
    if (!db)
        argv[8] = NULL;
    int status = accept_run(argv, out, err);
    size_t len;
    char *messages = accept_read_file(err, &len);
    ck_assert_msg(status == 0 && messages && !accept_sanitizer_report(messages), "rowtap exit status %d: %s",
                  status, messages ? messages : "");
    free(messages);
}

/* A line of the file (up to and including its LF) as a field list: field i of `line`. */
static int field_equals(const char *line, unsigned index, const char *value)
{
    for (unsigned i = 0; i < index; i++) {
        line = strpbrk(line, "\t\n");
        if (!line || *line == '\n')
            return 0;
        line++;
    }
    size_t n = strcspn(line, "\t\n");
    return strlen(value) == n && strncmp(line, value, n) == 0;
}

/* Without a database, public addresses print '-' and '-' (§6.2): the expected row changes so. */
static void append_row_without_geo(rt_buffer *out, const tc_table *t, unsigned r)
{
    unsigned geo[4] = { tc_column(t, "srcIPCC"), tc_column(t, "srcIPWho"), tc_column(t, "dstIPCC"),
                        tc_column(t, "dstIPWho") };
    for (unsigned i = 0; i < t->n_columns; i++) {
        const char *value = t->rows[r][i];
        for (unsigned g = 0; g < 4; g += 2) {
            const char *code = t->rows[r][geo[g]];
            int special = code[0] >= '0' && code[0] <= '9';
            if (!special && (i == geo[g] || i == geo[g + 1]))
                value = "-";
        }
        if (i)
            buffer_append(out, "\t", 1);
        buffer_append(out, value, strlen(value));
    }
    buffer_append(out, "\n", 1);
}

/* The packet file's column-name row and its rows of flow `flow_ind` from packet `from` on must be
 * the table's, byte for byte. */
static void check_packet_rows(const char *path, const tc_table *t, const char *flow_ind, uint64_t from, int geo)
{
    size_t len;
    char *file = accept_read_file(path, &len);
    ck_assert_msg(file != NULL, "no packet file %s", path);
    ck_assert_msg(len >= t->header_len && memcmp(file, t->text, t->header_len) == 0,
                  "column-name row differs:\n%.*s\nexpected\n%.*s", (int)strcspn(file, "\n"), file,
                  (int)t->header_len, t->text);
    rt_buffer got = { 0 }, want = { 0 };
    for (const char *line = file + t->header_len; *line;) {
        const char *end = strchr(line, '\n');
        ck_assert_msg(end != NULL, "the packet file does not end in LF");
        if (field_equals(line, 1, flow_ind) && strtoull(line, NULL, 10) >= from)
            buffer_append(&got, line, (size_t)(end - line) + 1);
        line = end + 1;
    }
    for (unsigned r = 0; r < t->n_rows; r++) {
        if (geo)
            buffer_append(&want, t->lines[r], t->line_len[r]);
        else
            append_row_without_geo(&want, t, r);
    }
    *buffer_reserve(&got, 1) = '\0';
    *buffer_reserve(&want, 1) = '\0';
    const char *g = (const char *)got.data, *w = (const char *)want.data;
    size_t same = 0;
    while (g[same] && g[same] == w[same])
        same++;
    size_t line_start = same;
    while (line_start && w[line_start - 1] != '\n')
        line_start--;
    ck_assert_msg(got.len == want.len && same == want.len,
                  "rows of flow %s differ at byte %zu of the row\nrowtap:   %.*s\nexpected: %.*s", flow_ind,
                  same - line_start, (int)strcspn(g + line_start, "\n"), g + line_start,
                  (int)strcspn(w + line_start, "\n"), w + line_start);
    buffer_free(&got);
    buffer_free(&want);
    free(file);
}

/* Expected flow-file values of one column for the A and B rows. */
typedef struct flow_expect {
    const char *column, *a, *b;
} flow_expect;

/* §8.6, the columns basicFlow and tcpWin write. */
static const flow_expect flow35_rows[] = {
    { "dir", "A", "B" },
    { "flowInd", "35", "35" },
    { "flowStat", "0x0000000000004000", "0x0000000000004001" },
    { "timeFirst", "1258594162.928342", "1258594163.008594" },
    { "timeLast", "1258594185.618346", "1258594185.427515" },
    { "duration", "22.690004", "22.418921" },
    { "numHdrDesc", "1", "1" },
    { "numHdrs", "3", "3" },
    { "hdrDesc", "eth:ipv4:tcp", "eth:ipv4:tcp" },
    { "srcMac", "00:08:74:38:01:b4", "00:19:e3:e7:5d:23" },
    { "dstMac", "00:19:e3:e7:5d:23", "00:08:74:38:01:b4" },
    { "ethType", "0x0800", "0x0800" },
    { "ethVlanID", "", "" },
    { "srcIP", "192.168.1.105", "143.166.11.10" },
    { "srcIPCC", "02", "us" },
    { "srcIPWho", "\"private_reserved\"", "\"arin\"" },
    { "srcPort", "49329", "21" },
    { "dstIP", "143.166.11.10", "192.168.1.105" },
    { "dstIPCC", "us", "02" },
    { "dstIPWho", "\"arin\"", "\"private_reserved\"" },
    { "dstPort", "21", "49329" },
    { "l4Proto", "6", "6" },
    { "tcpWinStat", "0x00", "0x00" },
    { "tcpWinThCnt", "0", "0" },
};
#define N_FLOW35 (sizeof flow35_rows / sizeof flow35_rows[0])

/* Without a database: "us" -> "-", "\"arin\"" -> "\"-\"" (any code or label of a public address). */
static const char *without_geo(const char *column, const char *value)
{
    int geo_column = strstr(column, "IPCC") || strstr(column, "IPWho");
    const char *bare = value[0] == '"' ? value + 1 : value;
    if (!geo_column || (bare[0] >= '0' && bare[0] <= '9') || strcmp(bare, "private_reserved\"") == 0)
        return value;
    return value[0] == '"' ? "\"-\"" : "-";
}

/* The two rows of flow `flow_ind` in the flow file (flowInd is its column 2, §8.1): adjacent, A
 * then B, with the expected values. */
static void check_flow_rows(const char *path, const char *flow_ind, const flow_expect *expect, size_t n, int geo)
{
    size_t len;
    char *file = accept_read_file(path, &len);
    ck_assert_msg(file != NULL && file[0] == '%', "no flow file %s", path);
    rt_buffer rows = { 0 };
    const char *line = file, *previous_match = NULL, *previous = NULL;
    int adjacent = 1;
    for (; *line; previous = line, line = strchr(line, '\n') + 1) {
        const char *end = strchr(line, '\n');
        ck_assert_msg(end != NULL, "the flow file does not end in LF");
        if (line == file || field_equals(line, 1, flow_ind)) {
            if (previous_match && previous_match != previous)
                adjacent = 0;
            if (line != file)
                previous_match = line;
            buffer_append(&rows, line, (size_t)(end - line) + 1);
        }
    }
    tc_table flows;
    tc_table_parse((const char *)rows.data, rows.len, &flows);
    ck_assert_msg(flows.n_rows == 2, "flow %s has %u rows in the flow file, expected 2 (A and B)", flow_ind,
                  flows.n_rows);
    ck_assert_msg(adjacent, "the rows of flow %s are not adjacent", flow_ind);
    for (size_t i = 0; i < n; i++) {
        unsigned c = tc_column(&flows, expect[i].column);
        for (int side = 0; side < 2; side++) {
            const char *want = side ? expect[i].b : expect[i].a;
            if (!geo)
                want = without_geo(expect[i].column, want);
            const char *got = flows.rows[side][c];
            ck_assert_msg(strcmp(got, want) == 0, "flow %s row %d, %s: rowtap '%s', expected '%s'", flow_ind,
                          side + 1, expect[i].column, got, want);
        }
    }
    tc_table_free(&flows);
    buffer_free(&rows);
    free(file);
}

/* Builds the capture of one table, runs rowtap and checks both files. */
static void run_table(const tutorial_recipe *recipe, tc_table *table, tc_flow *flow, char *dir, size_t dir_size,
                      int *geo)
{
    char pcap_path[PATH_SIZE], db[PATH_SIZE];
    accept_temp_dir(dir, dir_size);
    accept_path(pcap_path, sizeof pcap_path, "%s/%s.pcap", dir, recipe->name);
    tutorial_recipe_write(recipe, TUTORIAL_TABLES, pcap_path, table, flow);
    *geo = make_geo_db(dir, db, sizeof db);
    run_rowtap(dir, pcap_path, *geo ? db : NULL);
    char packets[PATH_SIZE];
    accept_path(packets, sizeof packets, "%s/out/%s_packets.txt", dir, recipe->name);
    uint64_t from = strtoull(table->rows[0][tc_column(table, "pktNo")], NULL, 10);
    check_packet_rows(packets, table, recipe->flow_ind, from, *geo);
}

static tc_table table;
static tc_flow flow;

START_TEST(table2_flow35)
{
    char dir[PATH_SIZE], flows[PATH_SIZE];
    int geo;
    run_table(&tutorial_recipes[TUTORIAL_TABLE2], &table, &flow, dir, sizeof dir, &geo);
    /* §7.5: row 1273 is the 950-byte multi-line reply, each escape one byte. */
    ck_assert_uint_eq(flow.packets[7].pkt_no, 1273);
    ck_assert_uint_eq(flow.packets[7].payload_len, 950);
    accept_path(flows, sizeof flows, "%s/out/faf-exercise_flows.txt", dir);
    check_flow_rows(flows, "35", flow35_rows, N_FLOW35, geo);
    tc_table_free(&table);
    accept_remove_tree(dir);
}
END_TEST

/* A list of expected flow values with room for their text. */
typedef struct expect_list {
    flow_expect items[32];
    char text[32][2][64];
    size_t n;
} expect_list;

static void expect_add(expect_list *l, const char *column, const char *a, const char *b)
{
    ck_assert_uint_lt(l->n, 32);
    snprintf(l->text[l->n][0], sizeof l->text[l->n][0], "%s", a);
    snprintf(l->text[l->n][1], sizeof l->text[l->n][1], "%s", b);
    l->items[l->n] = (flow_expect){ column, l->text[l->n][0], l->text[l->n][1] };
    l->n++;
}

static void format_time(char *out, size_t size, int64_t ns)
{
    snprintf(out, size, "%" PRId64 ".%06" PRId64, ns / 1000000000, ns % 1000000000 / 1000);
}

/* The flow columns Table 1 determines: the endpoints of its rows; the first times derived from
 * flowDuration (§7.2); the last rows of each direction (the capture has no later packets of the
 * flow) for timeLast, flowStat and the window count (§8.5: tcpWinStat 0x01 once a window below
 * the threshold was counted). */
static void flow637_expect(const tc_table *t, const tc_flow *f, expect_list *l)
{
    static const char *const same[][2] = {
        { "flowInd", "flowInd" }, { "flowStat", "flowStat" }, { "numHdrs", "numHdrs" },
        { "hdrDesc", "hdrDesc" }, { "srcMac", "srcMac" }, { "dstMac", "dstMac" }, { "ethType", "ethType" },
        { "ethVlanID", "ethVlanID" }, { "srcIP", "srcIP" }, { "srcIPCC", "srcIPCC" }, { "srcPort", "srcPort" },
        { "dstIP", "dstIP" }, { "dstIPCC", "dstIPCC" }, { "dstPort", "dstPort" }, { "l4Proto", "l4Proto" },
        { "tcpWinThCnt", "winThPktCnt" },
    };
    const char *const *last[2] = { NULL, NULL };
    unsigned stat = tc_column(t, "flowStat");
    for (unsigned r = 0; r < t->n_rows; r++)
        last[strtoull(t->rows[r][stat], NULL, 16) & 1] = t->rows[r];
    ck_assert(last[0] && last[1]);
    memset(l, 0, sizeof *l);
    expect_add(l, "dir", "A", "B");
    expect_add(l, "numHdrDesc", "1", "1");
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        unsigned c = tc_column(t, same[i][1]);
        expect_add(l, same[i][0], last[0][c], last[1][c]);
    }
    static const char *const who[] = { "srcIPWho", "dstIPWho" };
    for (int k = 0; k < 2; k++) {
        char a[64], b[64];
        unsigned c = tc_column(t, who[k]);
        snprintf(a, sizeof a, "\"%s\"", last[0][c]);
        snprintf(b, sizeof b, "\"%s\"", last[1][c]);
        expect_add(l, who[k], a, b);
    }
    char times[3][2][32];
    for (int side = 0; side < 2; side++) {
        int64_t first = INT64_MAX, end = INT64_MIN;
        for (size_t p = 0; p < f->n; p++)
            if (f->packets[p].reply == side) {
                first = f->packets[p].time_ns < first ? f->packets[p].time_ns : first;
                end = f->packets[p].time_ns > end ? f->packets[p].time_ns : end;
            }
        format_time(times[0][side], sizeof times[0][side], first);
        format_time(times[1][side], sizeof times[1][side], end);
        format_time(times[2][side], sizeof times[2][side], end - first);
    }
    expect_add(l, "timeFirst", times[0][0], times[0][1]);
    expect_add(l, "timeLast", times[1][0], times[1][1]);
    expect_add(l, "duration", times[2][0], times[2][1]);
    unsigned count = tc_column(t, "winThPktCnt");
    expect_add(l, "tcpWinStat", strcmp(last[0][count], "0") ? "0x01" : "0x00",
               strcmp(last[1][count], "0") ? "0x01" : "0x00");
}

START_TEST(table1_flow637)
{
    char dir[PATH_SIZE], flows[PATH_SIZE];
    int geo;
    run_table(&tutorial_recipes[TUTORIAL_TABLE1], &table, &flow, dir, sizeof dir, &geo);
    /* §7.5: A's first packet 1022171701.743433, B's 1022171701.752598, 9.165 ms later. */
    ck_assert_int_eq(flow.packets[0].time_ns, 1022171701743433000ll);
    ck_assert_int_eq(flow.packets[1].time_ns, 1022171701752598000ll);
    static expect_list expect;
    flow637_expect(&table, &flow, &expect);
    accept_path(flows, sizeof flows, "%s/out/annoloc2_flows.txt", dir);
    check_flow_rows(flows, "637", expect.items, expect.n, geo);
    tc_table_free(&table);
    accept_remove_tree(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tutorial");
    TCase *tc = tcase_create("tables");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, table2_flow35);
    tcase_add_test(tc, table1_flow637);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
