/* test_basicFlow_geo.c — basicFlow's .mmdb lookups (T2-COMPAT §6.2) with the shared MaxMind
 * test databases of $ROWTAP_SHARED/geo (answers from its MANIFEST.md: 2.125.160.216 -> GB in
 * the Country database, 1.128.0.0 -> "Telstra Pty Ltd" in the ASN database), a corrupt
 * database (error once, exit status non-zero, no crash) and databases that cannot be opened.
 * Skips (77) without $ROWTAP_SHARED or without libmaxminddb. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "log.h"
#include "plugin_harness.h"
#include "unit_run.h"

#define SEC PLUGIN_HARNESS_SEC

static char geo_dir[4096];

/* "basicFlow.<key>=<geo_dir>/<file>" */
static const char *db_option(const char *key, const char *file)
{
    static char text[2][4400];
    static int next;
    char *out = text[next++ % 2];
    snprintf(out, sizeof text[0], "basicFlow.%s=%s/%s", key, geo_dir, file);
    return out;
}

/* Starts basicFlow with up to two options (NULL: none). */
static plugin_harness *start_with(const char *first, const char *second)
{
    plugin_harness *h = plugin_harness_new("basicFlow");
    if (first)
        plugin_harness_option(h, first);
    if (second)
        plugin_harness_option(h, second);
    ck_assert_msg(plugin_harness_start(h, 1) == 0, "start: %s", plugin_harness_error(h));
    return h;
}

/* One UDP packet src -> dst in a new direction; returns the packet row number. */
static unsigned one_packet(plugin_harness *h, const char *src, const char *dst)
{
    harness_packet p;
    plugin_harness_ip_packet(&p, src, 1024, dst, 53, 17, SEC);
    rt_flow *f = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, f, &p.pkt);
    return plugin_harness_rows(h, RT_STREAM_PACKETS) - 1;
}

/* Known answers of the shared databases (MANIFEST.md), lower-cased (§6.2). */
static const struct lookup_case {
    const char *country_db, *asn_db;   /* NULL: option not set */
    const char *src, *column, *expected;
} lookups[] = {
    { "GeoLite2-Country-Test.mmdb", NULL, "2.125.160.216", "srcIPCC", "gb" },
    { "GeoLite2-Country-Test.mmdb", NULL, "2.125.160.216", "srcIPWho", "-" },
    { NULL, "GeoLite2-ASN-Test.mmdb", "1.128.0.0", "srcIPWho", "telstra pty ltd" },
    { NULL, "GeoLite2-ASN-Test.mmdb", "1.128.0.0", "srcIPCC", "-" },
    { "GeoLite2-Country-Test.mmdb", "GeoLite2-ASN-Test.mmdb", "2.125.160.216", "srcIPCC", "gb" },
    { "GeoLite2-Country-Test.mmdb", "GeoLite2-ASN-Test.mmdb", "1.128.0.0", "srcIPWho", "telstra pty ltd" },
    { "GeoLite2-Country-Test.mmdb", "GeoLite2-ASN-Test.mmdb", "2.125.160.216", "dstIPCC", "02" },
};

START_TEST(shared_databases_give_known_answers)
{
    const struct lookup_case *c = &lookups[_i];
    plugin_harness *h = start_with(c->country_db ? db_option("countryDb", c->country_db) : NULL,
                                   c->asn_db ? db_option("asnDb", c->asn_db) : NULL);
    unsigned row = one_packet(h, c->src, "10.0.0.1");
    ck_assert_str_eq(plugin_harness_text(h, RT_STREAM_PACKETS, row, c->column, 0), c->expected);
    plugin_harness_free(h);
}
END_TEST

/* 128.128.128.128 leads to a corrupt record of the broken database: '-', one error naming the
 * file, the error count (exit status) raised; a second failure is not reported again. An IPv6
 * address in this IPv4-only database is merely unknown, not an error. */
START_TEST(corrupt_database_gives_dash_and_one_error)
{
    const char *file = "MaxMind-DB-test-broken-search-tree-24.mmdb";
    plugin_harness *h = start_with(db_option("countryDb", file), NULL);
    unsigned errors = log_error_count();
    plugin_harness_stderr_begin();
    unsigned v6 = one_packet(h, "2a00::1", "2a00::2");
    const char *quiet = plugin_harness_stderr_end();
    ck_assert_str_eq(quiet, "");
    ck_assert_uint_eq(log_error_count(), errors);
    ck_assert_str_eq(plugin_harness_text(h, RT_STREAM_PACKETS, v6, "srcIPCC", 0), "-");

    plugin_harness_stderr_begin();
    unsigned first = one_packet(h, "128.128.128.128", "10.0.0.1");
    unsigned second = one_packet(h, "128.128.128.144", "10.0.0.1");
    const char *err = plugin_harness_stderr_end();
    ck_assert_msg(strstr(err, file) != NULL, "message does not name the file: %s", err);
    ck_assert_msg(strstr(err, "basicFlow") != NULL, "message does not name the plugin: %s", err);
    ck_assert_ptr_null(strstr(strstr(err, file) + 1, file));
    ck_assert_uint_eq(log_error_count(), errors + 1);
    ck_assert_str_eq(plugin_harness_text(h, RT_STREAM_PACKETS, first, "srcIPCC", 0), "-");
    ck_assert_str_eq(plugin_harness_text(h, RT_STREAM_PACKETS, second, "srcIPCC", 0), "-");
    ck_assert_str_eq(plugin_harness_text(h, RT_STREAM_PACKETS, first, "dstIPCC", 0), "02");
    plugin_harness_free(h);
}
END_TEST

/* A database that cannot be opened stops the start with an error naming the file. */
START_TEST(missing_database_file_is_refused)
{
    const char *err = plugin_harness_start_refused("basicFlow", "basicFlow.countryDb=/nonexistent/geo/none.mmdb");
    ck_assert_msg(strstr(err, "/nonexistent/geo/none.mmdb") != NULL, "message does not name the file: %s", err);
}
END_TEST

START_TEST(file_that_is_no_database_is_refused)
{
    const char *err = plugin_harness_start_refused("basicFlow", db_option("asnDb", "MANIFEST.md"));
    ck_assert_msg(strstr(err, "MANIFEST.md") != NULL, "message does not name the file: %s", err);
}
END_TEST

int main(void)
{
#ifndef HAVE_MAXMINDDB
    printf("SKIP: this build has no libmaxminddb (test_basicFlow checks the error a database option gives then)\n");
    return 77;
#endif
    const char *shared = getenv("ROWTAP_SHARED");
    struct stat st;
    if (shared)
        snprintf(geo_dir, sizeof geo_dir, "%s/geo", shared);
    if (!shared || stat(geo_dir, &st) != 0) {
        printf("SKIP: the shared test databases ($ROWTAP_SHARED/geo) are not available\n");
        return 77;
    }
    Suite *s = suite_create("basicFlow_geo");
    TCase *tc = tcase_create("mmdb");
    tcase_add_loop_test(tc, shared_databases_give_known_answers, 0, sizeof lookups / sizeof lookups[0]);
    tcase_add_test(tc, corrupt_database_gives_dash_and_one_error);
    tcase_add_test(tc, missing_database_file_is_refused);
    tcase_add_test(tc, file_that_is_no_database_is_refused);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
