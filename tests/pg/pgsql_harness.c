/* pgsql_harness.c — the pgsql sink run through the sink runner, generated rows, server queries. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "pgsql_harness.h"
#include "report_lines.h"
#include "run_info.h"
#include "tutorial_rows.h"

extern const rt_sink rowtap_sink;

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("harness: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

void harness_options(harness *h, const char *const *assignments)
{
    char err[1024];
    memset(h, 0, sizeof *h);
    h->module = (rt_module){ .kind = MODULE_SINK, .name = rowtap_sink.name, .options = rowtap_sink.options,
                             .n_options = rowtap_sink.n_options, .sink = &rowtap_sink };
    h->modules[0] = &h->module;
    options_reset();
    for (size_t i = 0; assignments && assignments[i]; i++)
        if (options_add(assignments[i], "-X", err, sizeof err) < 0)
            die("%s", err);
    if (options_validate(h->modules, 1, err, sizeof err) < 0)
        die("%s", err);
}

void harness_run(harness *h, const rt_column *flow_columns, unsigned n_flow, const rt_column *packet_columns,
                 unsigned n_packet, uint64_t sensor_id, const char *run_id)
{
    char err[1024];
    rt_run *run = run_info_get_mutable();
    memset(run, 0, sizeof *run);
    schema_registry_init(&h->reg[RT_STREAM_FLOWS], RT_STREAM_FLOWS);
    schema_registry_init(&h->reg[RT_STREAM_PACKETS], RT_STREAM_PACKETS);
    if (schema_registry_add(&h->reg[RT_STREAM_FLOWS], "test", flow_columns, n_flow, err, sizeof err) < 0
        || (packet_columns
            && schema_registry_add(&h->reg[RT_STREAM_PACKETS], "test", packet_columns, n_packet, err, sizeof err) < 0))
        die("%s", err);
    run->schemas[RT_STREAM_FLOWS] = schema_registry_finish(&h->reg[RT_STREAM_FLOWS]);
    run->schemas[RT_STREAM_PACKETS] = packet_columns ? schema_registry_finish(&h->reg[RT_STREAM_PACKETS]) : NULL;
    run->program_version = "test";
    run->prefix = "test";
    run->sensor_id = sensor_id;
    run->time_digits = 6;
    run->command_line = "test";
    run->run_id = run_id;
}

int harness_start(harness *h, size_t batch_bytes)
{
    h->runner = sink_runner_start(h->modules, 1, rt_run_get(), 0, 16, batch_bytes);
    return h->runner ? 0 : -1;
}

rt_row *harness_row_begin(harness *h, rt_stream stream)
{
    row_begin(&h->row, sink_runner_buffer(h->runner, stream), rt_run_get()->schemas[stream]);
    row_hand_over(&h->row, "test", rt_run_get()->schemas[stream]->n_columns);
    return &h->row;
}

void harness_row_end(harness *h, rt_stream stream)
{
    row_check_done(&h->row);
    sink_runner_row_done(h->runner, stream);
}

int harness_finish(harness *h)
{
    return sink_runner_finish(h->runner);
}

void harness_stats(harness *h, rt_stream stream, rt_sink_stats *sink, sink_runner_stats *runner)
{
    sink_runner_sink_stats(h->runner, 0, stream, sink);
    sink_runner_get_stats(h->runner, 0, stream, runner);
}

char *harness_report(harness *h)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out)
        die("open_memstream failed");
    rt_report report = { out, "pgsql" };
    sink_runner_sink_report(h->runner, 0, &report);
    fclose(out);
    return text;
}

void harness_free(harness *h)
{
    sink_runner_free(h->runner);
    schema_registry_free(&h->reg[RT_STREAM_FLOWS]);
    schema_registry_free(&h->reg[RT_STREAM_PACKETS]);
    options_reset();
    memset(h, 0, sizeof *h);
}

harness_result harness_load(const char *const *options, const rt_column *columns, unsigned n_columns,
                            const char *run_id, void (*write)(rt_row *row, uint64_t i), uint64_t first, uint64_t n)
{
    harness_result result;
    memset(&result, 0, sizeof result);
    harness h;
    harness_options(&h, options);
    harness_run(&h, columns, n_columns, NULL, 0, 1, run_id);
    result.rc = harness_start(&h, 16384);
    for (uint64_t i = first; result.rc == 0 && i < first + n; i++) {
        write(harness_row_begin(&h, RT_STREAM_FLOWS), i);
        harness_row_end(&h, RT_STREAM_FLOWS);
    }
    if (result.rc == 0) {
        result.rc = harness_finish(&h);
        harness_stats(&h, RT_STREAM_FLOWS, &result.sink, &result.runner);
        result.report = harness_report(&h);
    } else {
        result.report = strdup("");
    }
    harness_free(&h);
    return result;
}

void harness_result_free(harness_result *result)
{
    free(result->report);
    result->report = NULL;
}

unsigned long long harness_report_number(const char *report, const char *stream, const char *label)
{
    char head[64];
    snprintf(head, sizeof head, "pgsql: %s into ", stream);
    const char *line = strstr(report, head);
    const char *end = line ? strchr(line, '\n') : NULL;
    const char *at = line ? strstr(line, label) : NULL;
    if (!at || (end && at > end))
        die("no '%s' in the %s line of the report:\n%s", label, stream, report);
    while (at > line && at[-1] >= '0' && at[-1] <= '9')
        at--;
    return strtoull(at, NULL, 10);
}

/* ---- generated rows ---- */

const rt_column harness_flow_columns[] = {
    RT_COLUMN("dir", C, "Flow direction: A or B"),
    RT_COLUMN("flowInd", U64, "Flow index, shared by both directions"),
    RT_COLUMN("flowStat", H64, "Flow status bits"),
    RT_COLUMN("timeFirst", TS, "Time of the first packet"),
    RT_COLUMN("timeLast", TS, "Time of the last packet"),
    RT_COLUMN("duration", DUR, "Time from first to last packet"),
    RT_COLUMN("numHdrDesc", U8, "Number of distinct header stacks"),
    RT_COLUMN_REPEATED("numHdrs", U16, "Header count of each header stack"),
    RT_COLUMN_REPEATED("hdrDesc", SC, "Header stacks in order of appearance"),
    RT_COLUMN_REPEATED("srcMac", MAC, "Source MAC addresses"),
    RT_COLUMN_REPEATED("dstMac", MAC, "Destination MAC addresses"),
    RT_COLUMN("ethType", H16, "Ethernet type"),
    RT_COLUMN_REPEATED("ethVlanID", U16, "VLAN IDs, outermost first"),
    RT_COLUMN("srcIP", IPX, "Source IP address"),
    RT_COLUMN("srcIPCC", SC, "Source country or special-range code"),
    RT_COLUMN("srcIPWho", S, "Source organisation or special-range label"),
    RT_COLUMN("srcPort", U16, "Source port"),
    RT_COLUMN("dstIP", IPX, "Destination IP address"),
    RT_COLUMN("dstIPCC", SC, "Destination country or special-range code"),
    RT_COLUMN("dstIPWho", S, "Destination organisation or special-range label"),
    RT_COLUMN("dstPort", U16, "Destination port"),
    RT_COLUMN("l4Proto", U8, "IP protocol number"),
    RT_COLUMN("tcpWinStat", H8, "Window threshold status"),
    RT_COLUMN("tcpWinThCnt", U32, "Packets with window below threshold"),
};
const unsigned harness_n_flow_columns = sizeof harness_flow_columns / sizeof harness_flow_columns[0];


static const int64_t base_time = INT64_C(1258594162928342000);

static void write_address(rt_row *row, uint64_t i, int v6)
{
    uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8 };
    if (v6) {
        memcpy(a + 8, &i, 8);
        rt_row_ipx(row, 6, a);
    } else {
        uint8_t v4[4] = { 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
        rt_row_ipx(row, 4, v4);
    }
}

void harness_write_flow(rt_row *row, uint64_t i)
{
    uint8_t mac[6] = { 0x00, 0x50, 0xfc, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
    int64_t first = base_time + (int64_t)i * 1000000, dur = (int64_t)(i % 1000) * 1000000;
    rt_row_char(row, (char)('A' + (i & 1)));
    rt_row_u64(row, i / 2 + 1);
    rt_row_u64(row, UINT64_C(0x0400000000004000) | (i & 1));
    rt_row_time(row, first);
    rt_row_time(row, first + dur);
    rt_row_duration(row, dur);
    rt_row_u8(row, 1);
    rt_row_repeat(row, 1);
    rt_row_u16(row, 3);
    rt_row_repeat(row, 1);
    rt_row_cstring(row, "eth:ipv4:tcp");
    rt_row_repeat(row, 1);
    rt_row_mac(row, mac);
    rt_row_repeat(row, 1);
    mac[0] = 0x02;
    rt_row_mac(row, mac);
    rt_row_u16(row, 0x0800);
    rt_row_repeat(row, i % 10 == 0);
    if (i % 10 == 0)
        rt_row_u16(row, 20);
    write_address(row, i, 0);
    rt_row_cstring(row, "02");
    rt_row_cstring(row, "private_reserved");
    rt_row_u16(row, (uint16_t)(1024 + i % 60000));
    write_address(row, i, i % 5 == 0);
    rt_row_cstring(row, "us");
    rt_row_cstring(row, "example org");
    rt_row_u16(row, 443);
    rt_row_u8(row, 6);
    rt_row_u8(row, (uint8_t)(i % 2));
    rt_row_u32(row, (uint32_t)(i % 7));
}

const rt_column *const harness_packet_columns = tutorial_packet_columns;
const unsigned harness_n_packet_columns = TUTORIAL_N_PACKET_COLUMNS;

void harness_write_packet(rt_row *row, uint64_t i)
{
    static const uint8_t payload[64] = "GET /index.html HTTP/1.1\r\nHost: www.example.org\r\n\r\n";
    uint8_t mac[6] = { 0x00, 0x50, 0xfc, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
    rt_row_u64(row, i + 1);
    rt_row_u64(row, i / 10 + 1);
    rt_row_u64(row, UINT64_C(0x0400000000004000) | (i & 1));
    rt_row_time(row, base_time + (int64_t)i * 1000);
    rt_row_duration(row, (int64_t)(i % 10) * 1000);
    rt_row_duration(row, (int64_t)(i % 100) * 1000);
    rt_row_u16(row, 3);
    rt_row_cstring(row, "eth:ipv4:tcp");
    if (i % 50 == 0) {
        rt_row_repeat(row, 1);
        rt_row_u16(row, 20);
    } else {
        rt_row_absent(row);
    }
    rt_row_mac(row, mac);
    mac[0] = 0x02;
    rt_row_mac(row, mac);
    rt_row_u16(row, 0x0800);
    write_address(row, i / 10, 0);
    rt_row_cstring(row, "02");
    rt_row_cstring(row, "private_reserved");
    rt_row_u16(row, (uint16_t)(1024 + i % 60000));
    write_address(row, i / 10, 0);
    rt_row_cstring(row, "us");
    rt_row_cstring(row, "example org");
    rt_row_u16(row, 80);
    rt_row_u8(row, 6);
    rt_row_u16(row, (uint16_t)(64240 - i % 1000));
    rt_row_u32(row, 0);
    if (i % 3)
        rt_row_bytes(row, payload, i % 3 == 1 ? sizeof payload : 0);
    else
        rt_row_absent(row);
}

/* ---- the server ---- */

PGconn *harness_connect(void)
{
    PGconn *conn = PQconnectdb("");
    if (PQstatus(conn) != CONNECTION_OK)
        die("cannot connect to the test server: %s", PQerrorMessage(conn));
    PQclear(PQexec(conn, "SET TimeZone = 'UTC'"));
    return conn;
}

void harness_exec(PGconn *conn, const char *sql)
{
    PGresult *r = PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        die("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
}

char *harness_text(PGconn *conn, const char *sql)
{
    PGresult *r = PQexec(conn, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1)
        die("%s: %s", sql, PQresultErrorMessage(r));
    char *value = PQgetisnull(r, 0, 0) ? NULL : strdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return value;
}

long long harness_int(PGconn *conn, const char *sql)
{
    char *text = harness_text(conn, sql);
    if (!text)
        die("%s: NULL", sql);
    long long v = atoll(text);
    free(text);
    return v;
}

static int saved_stderr = -1;
static FILE *captured;

void harness_stderr_begin(void)
{
    fflush(stderr);
    captured = tmpfile();
    if (!captured)
        die("tmpfile failed");
    saved_stderr = dup(STDERR_FILENO);
    dup2(fileno(captured), STDERR_FILENO);
}

char *harness_stderr_end(void)
{
    fflush(stderr);
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    long size = ftell(captured);
    char *text = calloc(1, (size_t)(size < 0 ? 0 : size) + 1);
    rewind(captured);
    if (text && size > 0 && fread(text, 1, (size_t)size, captured) != (size_t)size)
        text[0] = '\0';
    fclose(captured);
    fputs(text ? text : "", stderr); /* keep the messages in the test log */
    return text;
}
