/* pgsql_faults.c — the pgsql sink under failures (tests/pg/test_pgsql_faults.sh starts the
 * server): its backends killed and the server restarted in the middle of a multi-batch load, a
 * connection cut at COMMIT (after the server committed, and before), a server that is not
 * reachable at start. Afterwards every row must be in its table exactly once. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pgsql_harness.h"
#include "pgsql_proxy.h"
#include "unit_run.h"

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reconnects the test's own connection when a restart closed it. */
static void ensure_db(PGconn **db)
{
    PQclear(PQexec(*db, "SELECT 1"));
    if (PQstatus(*db) != CONNECTION_OK) {
        PQfinish(*db);
        *db = harness_connect();
    }
}

/* Waits until both streams of the run have committed a transaction since the last call, so that
 * both have a live connection in the middle of the load. */
static void wait_for_new_commits(PGconn *db, const char *run_id)
{
    static long long seen[2];
    static const char *const streams[2] = { "flows", "packets" };
    for (int s = 0; s < 2; s++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM rowtap_progress WHERE run_id = '%s' AND stream = '%s'",
                 run_id, streams[s]);
        int64_t give_up = now_ms() + 60000;
        long long n;
        while ((n = harness_int(db, sql)) <= seen[s]) {
            ck_assert_msg(now_ms() < give_up, "no new commit of %s after 60 s", streams[s]);
            usleep(20000);
        }
        seen[s] = n;
    }
}

/* What a fault does in the middle of a load. */
typedef void (*fault_fn)(PGconn **db, const char *run_id, const char *app_name);

static void kill_backends(PGconn **db, const char *run_id, const char *app_name)
{
    wait_for_new_commits(*db, run_id);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
             "application_name = '%s'", app_name);
    ck_assert_int_eq(harness_int(*db, sql), 2);
}

static void restart_server(PGconn **db, const char *run_id, const char *app_name)
{
    (void)app_name;
    ensure_db(db);
    wait_for_new_commits(*db, run_id);
    const char *restart = getenv("PG_SERVER_RESTART");
    ck_assert_msg(restart != NULL, "PG_SERVER_RESTART is not set (run through test_pgsql_faults.sh)");
    ck_assert_int_eq(system(restart), 0);
    ensure_db(db);
}

/* Checks that the run's rows are in the tables exactly once: `n` rows of each stream, every
 * (flowind, dir) and every pktno once, and the sums of the generated values. */
static void check_exactly_once(PGconn *db, const char *flows, const char *packets, const char *run_id, long long n)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE run_id = '%s'", flows, run_id);
    ck_assert_int_eq(harness_int(db, sql), n);
    snprintf(sql, sizeof sql, "SELECT count(DISTINCT (flowind, dir)) FROM %s WHERE run_id = '%s'", flows, run_id);
    ck_assert_int_eq(harness_int(db, sql), n);
    /* Row i has flowInd i / 2 + 1 and srcPort 1024 + i. */
    long long flowind_sum = 0;
    for (long long i = 0; i < n; i++)
        flowind_sum += i / 2 + 1;
    snprintf(sql, sizeof sql, "SELECT sum(flowind) FROM %s WHERE run_id = '%s'", flows, run_id);
    ck_assert_int_eq(harness_int(db, sql), flowind_sum);
    snprintf(sql, sizeof sql, "SELECT sum(srcport - 1024) FROM %s WHERE run_id = '%s'", flows, run_id);
    ck_assert_int_eq(harness_int(db, sql), n * (n - 1) / 2);
    if (!packets)
        return;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE run_id = '%s'", packets, run_id);
    ck_assert_int_eq(harness_int(db, sql), n);
    snprintf(sql, sizeof sql, "SELECT count(DISTINCT pktno) FROM %s WHERE run_id = '%s'", packets, run_id);
    ck_assert_int_eq(harness_int(db, sql), n);
    snprintf(sql, sizeof sql, "SELECT sum(pktno) FROM %s WHERE run_id = '%s'", packets, run_id);
    ck_assert_int_eq(harness_int(db, sql), n * (n + 1) / 2);
}

/* Loads n flow and n packet rows, interleaved, calling `fault` once a third of them is written
 * and again at two thirds. Checks the outcome. */
static void load_through_fault(const char *name, fault_fn fault, long long n)
{
    char table_flows[64], table_packets[64], run_id[64], app[64], o1[96], o2[96], o3[96];
    snprintf(table_flows, sizeof table_flows, "%s_flows", name);
    snprintf(table_packets, sizeof table_packets, "%s_packets", name);
    snprintf(run_id, sizeof run_id, "%s-run", name);
    snprintf(app, sizeof app, "rowtap-%s", name);
    snprintf(o1, sizeof o1, "pgsql.table.flows=%s", table_flows);
    snprintf(o2, sizeof o2, "pgsql.table.packets=%s", table_packets);
    snprintf(o3, sizeof o3, "pgsql.applicationName=%s", app);
    const char *const options[] = { o1, o2, o3, "pgsql.batchRows=3000", "pgsql.batchMs=60000", NULL };
    harness h;
    harness_options(&h, options);
    harness_run(&h, harness_flow_columns, harness_n_flow_columns, harness_packet_columns, harness_n_packet_columns, 7,
                run_id);
    PGconn *db = harness_connect();
    ck_assert_int_eq(harness_start(&h, 32768), 0);
    for (long long i = 0; i < n; i++) {
        if (i == n / 3 || i == 2 * n / 3)
            fault(&db, run_id, app);
        harness_write_flow(harness_row_begin(&h, RT_STREAM_FLOWS), (uint64_t)i);
        harness_row_end(&h, RT_STREAM_FLOWS);
        harness_write_packet(harness_row_begin(&h, RT_STREAM_PACKETS), (uint64_t)i);
        harness_row_end(&h, RT_STREAM_PACKETS);
    }
    ck_assert_int_eq(harness_finish(&h), 0);
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        rt_sink_stats stats;
        sink_runner_stats runner;
        harness_stats(&h, (rt_stream)s, &stats, &runner);
        ck_assert_uint_eq(stats.rows_written, (uint64_t)n);
        ck_assert_uint_eq(runner.rows_lost, 0);
    }
    char *report = harness_report(&h);
    fputs(report, stderr);
    ck_assert_uint_ge(harness_report_number(report, "flows", " reconnects"), 2);
    ck_assert_uint_ge(harness_report_number(report, "packets", " reconnects"), 2);
    free(report);
    harness_free(&h);
    ensure_db(&db);
    check_exactly_once(db, table_flows, table_packets, run_id, n);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT sum(rows_loaded) FROM rowtap_progress WHERE run_id = '%s'", run_id);
    ck_assert_int_eq(harness_int(db, sql), 2 * n);
    PQfinish(db);
}

START_TEST(backends_killed_mid_load)
{
    load_through_fault("killed", kill_backends, 60000);
}
END_TEST

START_TEST(server_restarted_mid_load)
{
    load_through_fault("restarted", restart_server, 60000);
}
END_TEST

/* Options that send the sink through `proxy`, into `table`, giving up after `timeout` s, with
 * transactions of 2000 rows. */
static void proxied_options(const char *options[5], char buffers[3][128], const pgsql_proxy *proxy, const char *table,
                            int timeout)
{
    snprintf(buffers[0], 128, "pgsql.conninfo=host=127.0.0.1 port=%d sslmode=disable", proxy_port(proxy));
    snprintf(buffers[1], 128, "pgsql.table.flows=%s", table);
    snprintf(buffers[2], 128, "pgsql.connectTimeout=%d", timeout);
    for (int i = 0; i < 3; i++)
        options[i] = buffers[i];
    options[3] = "pgsql.batchRows=2000";
    options[4] = NULL;
}

/* Loads n flow rows through the proxy, which cuts the connection at the third COMMIT of a load
 * (the fourth COMMIT: the sink commits its table check first). */
static void load_through_cut(const char *name, proxy_cut how, long long n)
{
    pgsql_proxy *proxy = proxy_start(atoi(getenv("PGPORT")));
    char table[64], run_id[64], buffers[3][128];
    snprintf(table, sizeof table, "%s_flows", name);
    snprintf(run_id, sizeof run_id, "%s-run", name);
    const char *options[5];
    proxied_options(options, buffers, proxy, table, 30);
    proxy_cut_at_commit(proxy, 4, how);
    harness_result r = harness_load(options, harness_flow_columns, harness_n_flow_columns, run_id, harness_write_flow,
                                    0, (uint64_t)n);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_int_eq(proxy_cuts(proxy), 1);
    ck_assert_int_eq(proxy_commits_swallowed(proxy), how == PROXY_CUT_AFTER_COMMIT);
    ck_assert_uint_eq(harness_report_number(r.report, "flows", " unanswered commits checked"), 1);
    ck_assert_uint_eq(harness_report_number(r.report, "flows", " of them done"), how == PROXY_CUT_AFTER_COMMIT);
    ck_assert_uint_eq(harness_report_number(r.report, "flows", " rows loaded"), (uint64_t)n);
    ck_assert_uint_eq(r.sink.rows_written, (uint64_t)n);
    harness_result_free(&r);
    proxy_stop(proxy);
    PGconn *db = harness_connect();
    check_exactly_once(db, table, NULL, run_id, n);
    PQfinish(db);
}

START_TEST(connection_cut_after_the_server_committed)
{
    load_through_cut("cut_after", PROXY_CUT_AFTER_COMMIT, 20000);
}
END_TEST

START_TEST(connection_cut_before_the_commit_arrived)
{
    load_through_cut("cut_before", PROXY_CUT_BEFORE_COMMIT, 20000);
}
END_TEST

START_TEST(unreachable_server_gives_up_after_connect_timeout)
{
    pgsql_proxy *proxy = proxy_start(atoi(getenv("PGPORT")));
    proxy_refuse(proxy, 1);
    const char *options[5];
    char buffers[3][128];
    proxied_options(options, buffers, proxy, "never", 1);
    int64_t start = now_ms();
    harness_stderr_begin();
    harness_result r = harness_load(options, harness_flow_columns, harness_n_flow_columns, "never-run",
                                    harness_write_flow, 0, 100);
    char *messages = harness_stderr_end();
    int64_t elapsed = now_ms() - start;
    ck_assert_int_eq(r.rc, -1);
    ck_assert_ptr_nonnull(strstr(messages, "trying again for up to 1 s"));
    ck_assert_ptr_nonnull(strstr(messages, "gave up after 1 s"));
    ck_assert_ptr_null(strstr(messages, "sslmode")); /* the conninfo is never printed */
    free(messages);
    ck_assert_int_ge(elapsed, 1000);
    ck_assert_int_lt(elapsed, 20000);
    ck_assert_uint_eq(r.sink.rows_written, 0);
    ck_assert_uint_eq(r.runner.rows_lost, 100);
    harness_result_free(&r);
    proxy_stop(proxy);
}
END_TEST

/* Lets the proxy through after 1.5 s (the sink thread keeps the writer waiting meanwhile). */
static void *open_later(void *arg)
{
    usleep(1500000);
    proxy_refuse(arg, 0);
    return NULL;
}

START_TEST(server_ready_within_connect_timeout)
{
    pgsql_proxy *proxy = proxy_start(atoi(getenv("PGPORT")));
    proxy_refuse(proxy, 1);
    const char *options[5];
    char buffers[3][128];
    proxied_options(options, buffers, proxy, "late_flows", 30);
    pthread_t opener;
    pthread_create(&opener, NULL, open_later, proxy);
    harness_result r = harness_load(options, harness_flow_columns, harness_n_flow_columns, "late-run",
                                    harness_write_flow, 0, 1000);
    pthread_join(opener, NULL);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.sink.rows_written, 1000);
    ck_assert_uint_ge(r.runner.retries, 1);
    harness_result_free(&r);
    proxy_stop(proxy);
    PGconn *db = harness_connect();
    check_exactly_once(db, "late_flows", NULL, "late-run", 1000);
    PQfinish(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pgsql_faults");
    TCase *tc = tcase_create("server");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, backends_killed_mid_load);
    tcase_add_test(tc, server_restarted_mid_load);
    tcase_add_test(tc, connection_cut_after_the_server_committed);
    tcase_add_test(tc, connection_cut_before_the_commit_arrived);
    tcase_add_test(tc, unreachable_server_gives_up_after_connect_timeout);
    tcase_add_test(tc, server_ready_within_connect_timeout);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
