/* test_options.c — runtime options (-X, --config), secret masking, the output prefix rules of
 * T2-COMPAT §1 and the -R list file. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit_run.h"
#include "input_list.h"
#include "options.h"
#include "output_prefix.h"
#include "secret_mask.h"

static char err[1024];

static const rt_option demo_options[] = {
    { "threshold", RT_OPT_INT, "1", "window threshold", NULL, 0, 65535, 0 },
    { "conninfo", RT_OPT_STRING, NULL, "connection", NULL, 0, 0, 0 },
    { "apiKey", RT_OPT_STRING, NULL, "a key", NULL, 0, 0, RT_OPT_SECRET },
    { "*", RT_OPT_PASSTHROUGH, NULL, "anything", NULL, 0, 0, 0 },
};
static rt_module demo = { .kind = MODULE_PLUGIN, .name = "demo", .options = demo_options, .n_options = 4 };
static rt_module *const modules[] = { &demo };

static int add(const char *assignment)
{
    return options_add(assignment, "-X", err, sizeof err);
}

START_TEST(defaults_and_overrides)
{
    options_reset();
    ck_assert_int_eq(add("demo.threshold=7"), 0);
    ck_assert_int_eq(add("core.flowTimeout=60"), 0);
    ck_assert_int_eq(add("demo.threshold = 9"), 0);
    ck_assert_int_eq(options_validate(modules, 1, err, sizeof err), 0);
    ck_assert_int_eq(rt_option_int(&demo, "threshold"), 9);
    ck_assert_int_eq(rt_option_int(&options_core_module, "flowTimeout"), 60);
    ck_assert_str_eq(options_value(&options_core_module, "timePrecision"), "us");
    ck_assert_ptr_null(rt_option_string(&demo, "conninfo"));
}
END_TEST

START_TEST(bad_keys_and_values_are_errors)
{
    static const char *const bad[] = {
        "demo.threshold=abc", "demo.threshold=70000", "core.timePrecision=ms", "core.flowTimeout=0",
        "nosuch.key=1", "core.nosuch=1", "core.ipPktStatBits=maybe",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        options_reset();
        ck_assert_int_eq(add(bad[i]), 0);
        ck_assert_msg(options_validate(modules, 1, err, sizeof err) < 0, "%s accepted", bad[i]);
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)strcspn(bad[i], "="), bad[i]);
        ck_assert_msg(strstr(err, key) != NULL, "message '%s' does not name %s", err, key);
    }
    options_reset();
    ck_assert_int_lt(add("novalue"), 0);
    ck_assert_int_lt(add("=3"), 0);
}
END_TEST

static void collect(const char *key, const char *value, void *arg)
{
    char *out = arg;
    strcat(out, key);
    strcat(out, "=");
    strcat(out, value);
    strcat(out, ";");
}

START_TEST(passthrough_keys_in_order)
{
    options_reset();
    add("demo.linger.ms=5");
    add("demo.acks=all");
    add("demo.linger.ms=7");
    add("demo.threshold=2");
    ck_assert_int_eq(options_validate(modules, 1, err, sizeof err), 0);
    char out[256] = "";
    rt_option_each(&demo, collect, out);
    ck_assert_str_eq(out, "acks=all;linger.ms=7;");
}
END_TEST

START_TEST(config_file_then_command_line)
{
    options_reset();
    char path[] = "/tmp/rowtap-test-config-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    const char *text = "# comment\n\ncore.flowTimeout = 30\ndemo.conninfo = \"host=db port=5\"\n";
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    ck_assert_int_eq(options_load_file(path, err, sizeof err), 0);
    add("core.flowTimeout=45");
    ck_assert_int_eq(options_validate(modules, 1, err, sizeof err), 0);
    ck_assert_int_eq(rt_option_int(&options_core_module, "flowTimeout"), 45);
    ck_assert_str_eq(rt_option_string(&demo, "conninfo"), "host=db port=5");
    unlink(path);
    ck_assert_int_lt(options_load_file("/nonexistent/rowtap.conf", err, sizeof err), 0);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/rowtap.conf"));
}
END_TEST

START_TEST(secrets_are_masked)
{
    options_reset();
    ck_assert_int_eq(options_validate(modules, 1, err, sizeof err), 0);
    static const char *const cases[][2] = {
        { "demo.conninfo=host=db password=s3cret user=x", "demo.conninfo=host=db password=**** user=x" },
        { "demo.conninfo=host=db password='a b\\'c' user=x", "demo.conninfo=host=db password=**** user=x" },
        { "demo.conninfo=postgresql://loader:pw@db/flows", "demo.conninfo=postgresql://loader:****@db/flows" },
        { "demo.conninfo=postgresql://loader@db/flows", "demo.conninfo=postgresql://loader@db/flows" },
        { "demo.apiKey=abc", "demo.apiKey=****" },
        { "demo.sasl.password=abc", "demo.sasl.password=****" },
        { "demo.threshold=3", "demo.threshold=3" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *m = secret_mask_assignment(cases[i][0]);
        ck_assert_str_eq(m, cases[i][1]);
        free(m);
    }
}
END_TEST

static char tmpdir[64];

static void make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/rowtap-prefix-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

START_TEST(prefix_rules)
{
    char out[4096], dir[256], lit[256];
    int to_stdout;
    make_tmpdir();
    ck_assert_int_eq(output_prefix_make("data/faf-exercise.pcap", NULL, NULL, out, sizeof out, &to_stdout, err, sizeof err), 0);
    ck_assert_str_eq(out, "data/faf-exercise");
    ck_assert_int_eq(output_prefix_make("x.y/trace", NULL, NULL, out, sizeof out, &to_stdout, err, sizeof err), 0);
    ck_assert_str_eq(out, "x.y/trace");
    ck_assert_int_eq(output_prefix_make("-", NULL, NULL, out, sizeof out, &to_stdout, err, sizeof err), 0);
    ck_assert_str_eq(out, "stdin");
    ck_assert_int_eq(output_prefix_make(NULL, "eth0", NULL, out, sizeof out, &to_stdout, err, sizeof err), 0);
    ck_assert_str_eq(out, "eth0");
    /* existing folder, with and without '/' */
    ck_assert_int_eq(output_prefix_make("a/faf-exercise.pcap", NULL, tmpdir, out, sizeof out, &to_stdout, err, sizeof err), 0);
    snprintf(dir, sizeof dir, "%s/faf-exercise", tmpdir);
    ck_assert_str_eq(out, dir);
    snprintf(lit, sizeof lit, "%s/", tmpdir);
    ck_assert_int_eq(output_prefix_make("a/faf-exercise.pcap", NULL, lit, out, sizeof out, &to_stdout, err, sizeof err), 0);
    ck_assert_str_eq(out, dir);
    /* literal prefix with missing parents: created */
    snprintf(lit, sizeof lit, "%s/new/deeper/run1", tmpdir);
    ck_assert_int_eq(output_prefix_make("t.pcap", NULL, lit, out, sizeof out, &to_stdout, err, sizeof err), 0);
    ck_assert_str_eq(out, lit);
    snprintf(dir, sizeof dir, "%s/new/deeper", tmpdir);
    struct stat st;
    ck_assert_int_eq(stat(dir, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    /* -w - */
    ck_assert_int_eq(output_prefix_make("t.pcap", NULL, "-", out, sizeof out, &to_stdout, err, sizeof err), 0);
    ck_assert_int_eq(to_stdout, 1);
    ck_assert_str_eq(out, "t");
    /* a file in the way of a folder */
    snprintf(lit, sizeof lit, "%s/file", tmpdir);
    FILE *f = fopen(lit, "w");
    fclose(f);
    snprintf(lit, sizeof lit, "%s/file/run", tmpdir);
    ck_assert_int_lt(output_prefix_make("t.pcap", NULL, lit, out, sizeof out, &to_stdout, err, sizeof err), 0);
    ck_assert_ptr_nonnull(strstr(err, "not a folder"));
    /* a prefix is never expanded: '$HOME' and '*' stay as they are */
    snprintf(lit, sizeof lit, "%s/$HOME*", tmpdir);
    ck_assert_int_eq(output_prefix_make("t.pcap", NULL, lit, out, sizeof out, &to_stdout, err, sizeof err), 0);
    ck_assert_str_eq(out, lit);
}
END_TEST

START_TEST(list_file)
{
    make_tmpdir();
    char path[128];
    snprintf(path, sizeof path, "%s/day.list", tmpdir);
    FILE *f = fopen(path, "w");
    fputs("# captures of the day\n  first.pcap  \n\n#second.pcap\nthird.pcapng\n", f);
    fclose(f);
    char **paths;
    long n = input_list_read(path, &paths, err, sizeof err);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(paths[0], "first.pcap");
    ck_assert_str_eq(paths[1], "third.pcapng");
    input_list_free(paths, n);
    f = fopen(path, "w");
    fputs("# nothing\n", f);
    fclose(f);
    ck_assert_int_lt(input_list_read(path, &paths, err, sizeof err), 0);
    ck_assert_ptr_nonnull(strstr(err, "names no capture file"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, defaults_and_overrides);
    tcase_add_test(tc, bad_keys_and_values_are_errors);
    tcase_add_test(tc, passthrough_keys_in_order);
    tcase_add_test(tc, config_file_then_command_line);
    tcase_add_test(tc, secrets_are_masked);
    tcase_add_test(tc, prefix_rules);
    tcase_add_test(tc, list_file);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
