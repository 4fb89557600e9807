/* test_txt_sink.c — the txt sink end to end: the three files of T2-COMPAT §1 under a prefix in a
 * temporary directory, their first lines, the dictionary of §9, the tutorial rows of §7.5 in
 * the packet file, standard output with -w -, counters, and write errors (/dev/full) reported
 * as RT_SINK_FATAL with the file named. Every test runs twice: with txt.directIO (the default)
 * and without. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "module_internal.h"
#include "options.h"
#include "row_batch.h"
#include "tutorial_rows.h"
#include "tutorial_tables.h"
#include "txt_sink.h"

static const rt_type opt_parts[] = { RT_H8, RT_H32 };
static const rt_column flow_columns[] = {
    RT_COLUMN("dir", C, "Flow direction: A or B"),
    RT_COLUMN("flowInd", U64, "Flow index, shared by both directions"),
    RT_COLUMN("flowStat", H64, "Flow status bits"),
    RT_COLUMN("timeFirst", TS, "Time of the first packet"),
    RT_COLUMN("duration", DUR, "Time from first to last packet"),
    RT_COLUMN_REPEATED("hdrDesc", SC, "Header stacks in order of appearance"),
    RT_COLUMN_REPEATED("srcMac", MAC, "Source MAC addresses"),
    RT_COLUMN("srcIP", IPX, "Source IP address"),
    RT_COLUMN("srcIPCC", SC, "Source country or special-range code"),
    RT_COLUMN("srcIPWho", S, "Source organisation or special-range label"),
    RT_COLUMN("avgL7PktSz", F, "Mean payload"),
    RT_COLUMN_COMPOUND("ipOptCpCl_Num", opt_parts, "IP option copy/class bits and count"),
    RT_COLUMN("tcpWinStat", H8, "Window threshold status"),
};
#define N_FLOW_COLUMNS (sizeof flow_columns / sizeof flow_columns[0])

static const char flow_names_row[] =
    "%dir\tflowInd\tflowStat\ttimeFirst\tduration\thdrDesc\tsrcMac\tsrcIP\tsrcIPCC\tsrcIPWho\t"
    "avgL7PktSz\tipOptCpCl_Num\ttcpWinStat\n";

/* §8.6: the two flow rows of flow 35, restricted to the columns above. */
static const char flow35_rows[] =
    "A\t35\t0x0000000000004000\t1258594162.928342\t22.690004\teth:ipv4:tcp\t00:08:74:38:01:b4\t"
    "192.168.1.105\t02\t\"private_reserved\"\t8.363636\t0x00_0x00000000\t0x00\n"
    "B\t35\t0x0000000000004001\t1258594163.008594\t22.418921\teth:ipv4:tcp\t00:19:e3:e7:5d:23\t"
    "143.166.11.10\tus\t\"arin\"\t123.1\t0x00_0x00000000\t0x00\n";

static const char date_line_us[] = "# Date: 1700000000.123456 sec (Tue 14 Nov 2023 22:13:20 UTC)\n";
static const char date_line_ns[] = "# Date: 1700000000.123456789 sec (Tue 14 Nov 2023 22:13:20 UTC)\n";
static const char run_lines[] =
    "# rowtap 0.1.0\n"
    "# Sensor ID: 666\n"
    "# Command line: rowtap -r faf-exercise.pcap -w out/ -s\n"
    "# Plugins loaded:\n"
    "#   1: basicFlow, 0.1.0\n"
    "#   2: tcpWin, 0.1.0\n";

static const char dictionary_flows[] =
    "#\n"
    "# Flow columns (faf-exercise_flows.txt)\n"
    "# Col No.\tType\tName\tDescription\n"
    "1\tC\tdir\tFlow direction: A or B\n"
    "2\tU64\tflowInd\tFlow index, shared by both directions\n"
    "3\tH64\tflowStat\tFlow status bits\n"
    "4\tU64.U32\ttimeFirst\tTime of the first packet\n"
    "5\tU64.U32\tduration\tTime from first to last packet\n"
    "6\tSC:R\thdrDesc\tHeader stacks in order of appearance\n"
    "7\tMAC:R\tsrcMac\tSource MAC addresses\n"
    "8\tIPX\tsrcIP\tSource IP address\n"
    "9\tSC\tsrcIPCC\tSource country or special-range code\n"
    "10\tS\tsrcIPWho\tSource organisation or special-range label\n"
    "11\tF\tavgL7PktSz\tMean payload\n"
    "12\tH8_H32\tipOptCpCl_Num\tIP option copy/class bits and count\n"
    "13\tH8\ttcpWinStat\tWindow threshold status\n";

static const char dictionary_packets[] =
    "#\n"
    "# Packet columns (faf-exercise_packets.txt)\n"
    "# Col No.\tType\tName\tDescription\n"
    "1\tU64\tpktNo\tPacket number\n"
    "2\tU64\tflowInd\tFlow index, shared by both directions\n"
    "3\tH64\tflowStat\tFlow status bits up to this packet\n"
    "4\tU64.U32\ttime\tPacket time\n"
    "5\tU64.U32\tpktIAT\tTime since the previous packet of the direction\n"
    "6\tU64.U32\tflowDuration\tTime since the first packet of the direction\n"
    "7\tU16\tnumHdrs\tHeader count\n"
    "8\tSC\thdrDesc\tHeader stack\n"
    "9\tU16:R\tethVlanID\tVLAN IDs, outermost first\n"
    "10\tMAC\tsrcMac\tSource MAC address\n"
    "11\tMAC\tdstMac\tDestination MAC address\n"
    "12\tH16\tethType\tEthernet type\n"
    "13\tIPX\tsrcIP\tSource IP address\n"
    "14\tSC\tsrcIPCC\tSource country or special-range code\n"
    "15\tS\tsrcIPWho\tSource organisation or special-range label\n"
    "16\tU16\tsrcPort\tSource port\n"
    "17\tIPX\tdstIP\tDestination IP address\n"
    "18\tSC\tdstIPCC\tDestination country or special-range code\n"
    "19\tS\tdstIPWho\tDestination organisation or special-range label\n"
    "20\tU16\tdstPort\tDestination port\n"
    "21\tU8\tl4Proto\tIP protocol number\n"
    "22\tU16\twinSize\tTCP window field\n"
    "23\tU32\twinThPktCnt\tPackets of the direction with window below threshold\n"
    "24\tBIN\tl7Content\tApplication payload\n";

/* ---- helpers ------------------------------------------------------------------------------- */

static char temp_dir[64];
static char prefix[128];
static row_batch flows, packets;
static const char *const plugin_names[] = { "basicFlow", "tcpWin" };
static const char *const plugin_versions[] = { "0.1.0", "0.1.0" };

/* The sink as the core registers it, with its options; direct_io is txt.directIO of the test. */
static rt_module txt_module = { .kind = MODULE_SINK, .name = "txt", .sink = &txt_sink };
static int direct_io;

static void set_direct_io(int on)
{
    char err[256];
    rt_module *modules[] = { &txt_module };
    txt_module.options = txt_sink.options;
    txt_module.n_options = txt_sink.n_options;
    options_reset();
    ck_assert_int_eq(options_add(on ? "txt.directIO=true" : "txt.directIO=false", "-X", err, sizeof err), 0);
    ck_assert_msg(options_validate(modules, 1, err, sizeof err) == 0, "%s", err);
    direct_io = on;
}

static void setup(void)
{
    snprintf(temp_dir, sizeof temp_dir, "/tmp/rowtap-txt-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(temp_dir));
    snprintf(prefix, sizeof prefix, "%s/faf-exercise", temp_dir);
    row_batch_init(&flows, RT_STREAM_FLOWS, flow_columns, N_FLOW_COLUMNS);
    row_batch_init(&packets, RT_STREAM_PACKETS, tutorial_packet_columns, TUTORIAL_N_PACKET_COLUMNS);
}

static void teardown(void)
{
    DIR *dir = opendir(temp_dir);
    struct dirent *entry;
    char path[320];
    while (dir && (entry = readdir(dir)) != NULL)
        if (entry->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", temp_dir, entry->d_name);
            unlink(path);
        }
    if (dir)
        closedir(dir);
    rmdir(temp_dir);
    row_batch_free(&flows);
    row_batch_free(&packets);
    options_reset();
}

static void setup_direct(void)
{
    setup();
    set_direct_io(1);
}

static void setup_page_cache(void)
{
    setup();
    set_direct_io(0);
}

/* The run of `rowtap -r faf-exercise.pcap -w out/ -s` with the test schemas. */
static rt_run test_run(int with_packets)
{
    rt_run run = {
        .program_version = "0.1.0",
        .prefix = prefix,
        .sensor_id = 666,
        .time_digits = 6,
        .command_line = "rowtap -r faf-exercise.pcap -w out/ -s",
        .start_time = 1700000000123456789,
        .run_id = "666-1700000000-1",
        .n_plugins = 2,
        .plugin_names = plugin_names,
        .plugin_versions = plugin_versions,
    };
    run.schemas[RT_STREAM_FLOWS] = flows.schema;
    run.schemas[RT_STREAM_PACKETS] = with_packets ? packets.schema : NULL;
    return run;
}

static void write_flow35(row_batch *batch)
{
    const tutorial_endpoint *sides[2] = { &tutorial_table2.a, &tutorial_table2.b };
    static const char hdr_desc[] = "eth:ipv4:tcp";
    for (int b = 0; b < 2; b++) {
        rt_row *row = row_batch_begin_row(batch);
        rt_row_char(row, b ? 'B' : 'A');
        rt_row_u64(row, 35);
        rt_row_u64(row, 0x4000u | (unsigned)b);
        rt_row_time(row, b ? 1258594163008594000 : 1258594162928342000);
        rt_row_duration(row, b ? 22418921000 : 22690004000);
        rt_row_repeat(row, 1);
        rt_row_string(row, hdr_desc, sizeof hdr_desc - 1);
        rt_row_repeat(row, 1);
        rt_row_mac(row, sides[b]->mac);
        rt_row_ipx(row, 4, sides[b]->ip);
        rt_row_cstring(row, sides[b]->country);
        rt_row_cstring(row, sides[b]->organisation);
        rt_row_float(row, b ? 1231.0f / 10 : 92.0f / 11);
        rt_row_u8(row, 0);
        rt_row_u32(row, 0);
        rt_row_u8(row, 0);
        row_batch_end_row(batch);
    }
}

/* Contents of the file prefix+suffix, NUL-terminated; NULL when it does not exist. */
static char *read_output(const char *suffix, size_t *size)
{
    char path[192];
    snprintf(path, sizeof path, "%s%s", prefix, suffix);
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *memory = open_memstream(&text, &len);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, file)) > 0)
        fwrite(chunk, 1, n, memory);
    fclose(file);
    fclose(memory);
    if (size)
        *size = len;
    return text;
}

static rt_sink_status write_batch(void *instance, const row_batch *batch)
{
    rt_batch view = row_batch_view(batch);
    uint32_t failed = 99;
    rt_sink_status status = txt_sink.write(instance, &view, &failed);
    ck_assert_uint_eq(failed, 0);
    return status;
}

/* Standard error goes to a file between capture_start and capture_stop. */
static int saved_stderr = -1;
static char capture_path[192];

static void capture_start(void)
{
    snprintf(capture_path, sizeof capture_path, "%s/stderr.txt", temp_dir);
    int fd = open(capture_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    saved_stderr = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
}

/* The captured messages, NUL-terminated (caller frees). */
static char *capture_stop(void)
{
    fflush(stderr);
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    FILE *file = fopen(capture_path, "r");
    ck_assert_ptr_nonnull(file);
    char *text = calloc(1, 4096);
    size_t n = fread(text, 1, 4095, file);
    text[n] = '\0';
    fclose(file);
    unlink(capture_path);
    return text;
}

/* ---- tests --------------------------------------------------------------------------------- */

START_TEST(test_three_files)
{
    rt_run run = test_run(1);
    void *instance = NULL;
    ck_assert_int_eq(txt_sink.open(&txt_module, &run, &instance), 0);
    write_flow35(&flows);
    tutorial_append_rows(&packets, &tutorial_table2);
    ck_assert_int_eq(write_batch(instance, &flows), RT_SINK_OK);
    ck_assert_int_eq(write_batch(instance, &packets), RT_SINK_OK);
    ck_assert_int_eq(txt_sink.flush(instance), RT_SINK_OK);

    rt_sink_stats stats;
    size_t flows_size, packets_size;
    char *flow_text = read_output("_flows.txt", &flows_size);
    char *packet_text = read_output("_packets.txt", &packets_size);
    txt_sink.stats(instance, RT_STREAM_FLOWS, &stats);
    ck_assert_uint_eq(stats.rows_written, 2);
    ck_assert_uint_eq(stats.bytes_written, flows_size);
    ck_assert_uint_eq(stats.rows_failed, 0);
    txt_sink.stats(instance, RT_STREAM_PACKETS, &stats);
    ck_assert_uint_eq(stats.rows_written, 21);
    ck_assert_uint_eq(stats.bytes_written, packets_size);
    ck_assert_int_eq(txt_sink.close(instance), RT_SINK_OK);
    txt_sink.destroy(instance);

    /* flow file: the column-name row, then the rows (§2.1, §8.6) */
    ck_assert_uint_eq(strncmp(flow_text, flow_names_row, strlen(flow_names_row)), 0);
    ck_assert_str_eq(flow_text + strlen(flow_names_row), flow35_rows);

    /* packet file: exactly the tutorial's Table 2, names row included */
    rt_buffer expected[TUTORIAL_N_TABLES] = { { 0 } };
    tutorial_tables_load(TXT_TEST_DATA "/tutorial_tables.txt", expected);
    ck_assert_str_eq(packet_text, (char *)expected[1].data);
    ck_assert_uint_eq(strncmp(packet_text, "%pktNo\tflowInd\tflowStat\t", 24), 0);

    /* dictionary (§9) */
    char *dictionary = read_output("_headers.txt", NULL);
    ck_assert_ptr_nonnull(dictionary);
    char whole[8192];
    snprintf(whole, sizeof whole, "%s%s%s%s", date_line_us, run_lines, dictionary_flows, dictionary_packets);
    ck_assert_str_eq(dictionary, whole);

    for (int i = 0; i < TUTORIAL_N_TABLES; i++)
        buffer_free(&expected[i]);
    free(flow_text);
    free(packet_text);
    free(dictionary);
}
END_TEST

START_TEST(test_without_packets)
{
    rt_run run = test_run(0);
    run.time_digits = 9;
    void *instance = NULL;
    ck_assert_int_eq(txt_sink.open(&txt_module, &run, &instance), 0);
    write_flow35(&flows);
    ck_assert_int_eq(write_batch(instance, &flows), RT_SINK_OK);
    ck_assert_int_eq(txt_sink.close(instance), RT_SINK_OK);
    txt_sink.destroy(instance);

    ck_assert_ptr_null(read_output("_packets.txt", NULL));
    char *flow_text = read_output("_flows.txt", NULL);
    ck_assert_ptr_nonnull(flow_text);
    ck_assert_ptr_nonnull(strstr(flow_text, "\t1258594162.928342000\t22.690004000\t"));
    char *dictionary = read_output("_headers.txt", NULL);
    char whole[8192];
    snprintf(whole, sizeof whole, "%s%s%s", date_line_ns, run_lines, dictionary_flows);
    ck_assert_str_eq(dictionary, whole);
    free(flow_text);
    free(dictionary);
}
END_TEST

/* -w - with standard output on /dev/full: the flow rows cannot be written. */
START_TEST(test_stdout_full)
{
    int full = open("/dev/full", O_WRONLY);
    ck_assert_int_ge(full, 0);
    fflush(stdout);
    int saved_stdout = dup(STDOUT_FILENO);
    dup2(full, STDOUT_FILENO);
    close(full);
    rt_run run = test_run(0);
    run.flows_to_stdout = 1;
    void *instance = NULL;
    capture_start();
    int opened = txt_sink.open(&txt_module, &run, &instance);
    write_flow35(&flows);
    rt_sink_status written = opened == 0 ? write_batch(instance, &flows) : RT_SINK_FATAL;
    rt_sink_status flushed = opened == 0 ? txt_sink.flush(instance) : RT_SINK_OK;
    rt_sink_status closed = opened == 0 ? txt_sink.close(instance) : RT_SINK_OK;
    if (opened == 0)
        txt_sink.destroy(instance);
    char *messages = capture_stop();
    dup2(saved_stdout, STDOUT_FILENO);
    close(saved_stdout);
    ck_assert_int_eq(opened, 0);
    ck_assert_int_eq(written, RT_SINK_OK); /* two rows stay in the buffer */
    ck_assert_int_eq(flushed, RT_SINK_FATAL);
    ck_assert_int_eq(closed, RT_SINK_FATAL);
    ck_assert_msg(strstr(messages, "cannot write standard output: No space left on device"),
                  "messages: %s", messages);
    ck_assert_ptr_null(read_output("_flows.txt", NULL));
    char *dictionary = read_output("_headers.txt", NULL);
    ck_assert_ptr_nonnull(strstr(dictionary, "\n# Flow columns (standard output)\n"));
    free(dictionary);
    free(messages);
}
END_TEST

/* A flow file that is /dev/full (through a link) and a batch larger than one chunk: write()
 * itself fails. */
START_TEST(test_file_full)
{
    char path[192];
    snprintf(path, sizeof path, "%s_full_flows.txt", prefix);
    ck_assert_int_eq(symlink("/dev/full", path), 0);
    snprintf(prefix + strlen(prefix), sizeof prefix - strlen(prefix), "_full");
    rt_run run = test_run(0);
    void *instance = NULL;
    ck_assert_int_eq(txt_sink.open(&txt_module, &run, &instance), 0);
    while (flows.data.len < 2 * TXT_SINK_CHUNK_BYTES)
        write_flow35(&flows);
    capture_start();
    rt_sink_status first = write_batch(instance, &flows);
    rt_sink_status again = write_batch(instance, &flows);
    rt_sink_status closed = txt_sink.close(instance);
    txt_sink.destroy(instance);
    char *messages = capture_stop();
    ck_assert_int_eq(first, RT_SINK_FATAL);
    ck_assert_int_eq(again, RT_SINK_FATAL);
    ck_assert_int_eq(closed, RT_SINK_FATAL);
    char expected[256];
    snprintf(expected, sizeof expected, "cannot write %s: No space left on device", path);
    ck_assert_msg(strstr(messages, expected), "messages: %s", messages);
    const char *second = strstr(strstr(messages, "cannot write") + 1, "cannot write");
    ck_assert_msg(second == NULL, "the error is logged once: %s", messages);
    free(messages);
}
END_TEST

/* Rows accepted earlier and still in the buffer when a later write fails are the sink's to count
 * as failed; the rows of the failing batch are the core's (sink.h). */
START_TEST(test_buffered_rows_lost_count_as_failed)
{
    char path[192];
    snprintf(path, sizeof path, "%s_lost_flows.txt", prefix);
    ck_assert_int_eq(symlink("/dev/full", path), 0);
    snprintf(prefix + strlen(prefix), sizeof prefix - strlen(prefix), "_lost");
    rt_run run = test_run(0);
    void *instance = NULL;
    ck_assert_int_eq(txt_sink.open(&txt_module, &run, &instance), 0);
    write_flow35(&flows); /* 2 rows: far less than a chunk, kept in the buffer */
    ck_assert_int_eq(write_batch(instance, &flows), RT_SINK_OK);
    row_batch_clear(&flows);
    while (flows.data.len < 2 * TXT_SINK_CHUNK_BYTES)
        write_flow35(&flows);
    capture_start();
    rt_sink_status failing = write_batch(instance, &flows);
    free(capture_stop());
    rt_sink_stats stats;
    txt_sink.stats(instance, RT_STREAM_FLOWS, &stats);
    ck_assert_int_eq(failing, RT_SINK_FATAL);
    ck_assert_uint_eq(stats.rows_written, 0);
    ck_assert_uint_eq(stats.rows_failed, 2);
    capture_start();
    txt_sink.close(instance);
    free(capture_stop());
    txt_sink.destroy(instance);
}
END_TEST

START_TEST(test_open_fails)
{
    static const char missing[] = "/nonexistent-rowtap-dir/trace";
    rt_run run = test_run(1);
    run.prefix = missing;
    void *instance = NULL;
    capture_start();
    int opened = txt_sink.open(&txt_module, &run, &instance);
    char *messages = capture_stop();
    ck_assert_int_eq(opened, -1);
    ck_assert_msg(strstr(messages, "cannot create /nonexistent-rowtap-dir/trace_flows.txt: No such file or directory"),
                  "messages: %s", messages);
    free(messages);
}
END_TEST

/* Many rows: a batch is rendered, then written once its text fills a chunk; counters follow. */
START_TEST(test_chunks_and_counters)
{
    snprintf(prefix + strlen(prefix), sizeof prefix - strlen(prefix), "_big");
    rt_run run = test_run(0);
    void *instance = NULL;
    ck_assert_int_eq(txt_sink.open(&txt_module, &run, &instance), 0);
    rt_sink_stats stats;
    txt_sink.stats(instance, RT_STREAM_FLOWS, &stats);
    ck_assert_uint_eq(stats.rows_written, 0);
    ck_assert_uint_eq(stats.bytes_written, 0);
    for (int i = 0; i < 10000; i++)
        write_flow35(&flows); /* 20000 rows, about 2.5 MB of text */
    ck_assert_int_eq(write_batch(instance, &flows), RT_SINK_OK);
    txt_sink.stats(instance, RT_STREAM_FLOWS, &stats);
    size_t first = strlen(flow_names_row) + 20000 * strlen(flow35_rows) / 2;
    if (direct_io) { /* whole blocks, written asynchronously: counted once the next write waits for them */
        ck_assert_uint_eq(stats.rows_written, 0);
        ck_assert_uint_eq(stats.bytes_written, 0);
    } else { /* 2.5 MB is more than a chunk: written */
        ck_assert_uint_eq(stats.rows_written, 20000);
        ck_assert_uint_eq(stats.bytes_written, first);
    }
    ck_assert_int_eq(write_batch(instance, &flows), RT_SINK_OK);
    ck_assert_int_eq(txt_sink.flush(instance), RT_SINK_OK);
    txt_sink.stats(instance, RT_STREAM_FLOWS, &stats);
    ck_assert_uint_eq(stats.rows_written, 40000);
    size_t size;
    char *text = read_output("_flows.txt", &size);
    ck_assert_uint_eq(stats.bytes_written, size);
    ck_assert_uint_eq(size, strlen(flow_names_row) + 20000 * strlen(flow35_rows));
    ck_assert_uint_eq(strncmp(text, flow_names_row, strlen(flow_names_row)), 0);
    ck_assert_str_eq(text + size - strlen(flow35_rows), flow35_rows);
    ck_assert_int_eq(txt_sink.close(instance), RT_SINK_OK);
    txt_sink.destroy(instance);
    free(text);
}
END_TEST

/* The flags of this process's descriptor open on `path` (from /proc/self/fdinfo), or -1. */
static long open_flags_of(const char *path)
{
    DIR *dir = opendir("/proc/self/fd");
    struct dirent *entry;
    long flags = -1;
    while (dir && flags < 0 && (entry = readdir(dir)) != NULL) {
        char link[320], target[256], info[320];
        snprintf(link, sizeof link, "/proc/self/fd/%s", entry->d_name);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n <= 0)
            continue;
        target[n] = '\0';
        if (strcmp(target, path) != 0)
            continue;
        snprintf(info, sizeof info, "/proc/self/fdinfo/%s", entry->d_name);
        FILE *file = fopen(info, "r");
        char line[128];
        while (file && fgets(line, sizeof line, file))
            if (sscanf(line, "flags: %lo", &flags) == 1)
                break;
        if (file)
            fclose(file);
    }
    if (dir)
        closedir(dir);
    return flags;
}

/* Whether the temporary directory's file system accepts O_DIRECT. */
static int directory_accepts_direct(void)
{
    char path[192];
    snprintf(path, sizeof path, "%s/probe", temp_dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_DIRECT, 0600);
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
    return fd >= 0;
}

/* Flushes between batches leave a partial block in the file, which later writes complete: after
 * every flush the file holds exactly the rows written so far, and the counters agree with it. */
START_TEST(test_flushes_between_chunks)
{
    rt_run run = test_run(0);
    void *instance = NULL;
    ck_assert_int_eq(txt_sink.open(&txt_module, &run, &instance), 0);
    char path[192];
    snprintf(path, sizeof path, "%s_flows.txt", prefix);
    long flags = open_flags_of(path);
    ck_assert_int_ge(flags, 0);
    ck_assert_int_eq((flags & O_DIRECT) != 0, direct_io && directory_accepts_direct());

    static const int pairs_per_step[] = { 1, 3, 9000, 1, 7000, 2, 30, 12000, 5 };
    size_t pairs = 0;
    for (size_t step = 0; step < sizeof pairs_per_step / sizeof pairs_per_step[0]; step++) {
        row_batch_clear(&flows);
        for (int i = 0; i < pairs_per_step[step]; i++)
            write_flow35(&flows);
        pairs += (size_t)pairs_per_step[step];
        ck_assert_int_eq(write_batch(instance, &flows), RT_SINK_OK);
        if (step % 3 == 2)
            continue; /* no flush: the next batch follows a chunk write */
        ck_assert_int_eq(txt_sink.flush(instance), RT_SINK_OK);
        size_t size;
        char *text = read_output("_flows.txt", &size);
        ck_assert_uint_eq(size, strlen(flow_names_row) + pairs * strlen(flow35_rows));
        ck_assert_uint_eq(strncmp(text, flow_names_row, strlen(flow_names_row)), 0);
        for (size_t p = 0; p < pairs; p++)
            ck_assert_uint_eq(memcmp(text + strlen(flow_names_row) + p * strlen(flow35_rows), flow35_rows,
                                     strlen(flow35_rows)), 0);
        rt_sink_stats stats;
        txt_sink.stats(instance, RT_STREAM_FLOWS, &stats);
        ck_assert_uint_eq(stats.rows_written, 2 * pairs);
        ck_assert_uint_eq(stats.bytes_written, size);
        free(text);
    }
    ck_assert_int_eq(txt_sink.close(instance), RT_SINK_OK);
    txt_sink.destroy(instance);
    size_t size;
    char *text = read_output("_flows.txt", &size);
    ck_assert_uint_eq(size, strlen(flow_names_row) + pairs * strlen(flow35_rows));
    ck_assert_uint_eq(memcmp(text + size - strlen(flow35_rows), flow35_rows, strlen(flow35_rows)), 0);
    free(text);
}
END_TEST

START_TEST(test_descriptor)
{
    ck_assert_uint_eq(txt_sink.abi_version, RT_ABI_VERSION);
    ck_assert_uint_eq(txt_sink.struct_size, sizeof(rt_sink));
    ck_assert_str_eq(txt_sink.name, "txt");
    ck_assert_ptr_nonnull(txt_sink.open);
    ck_assert_ptr_nonnull(txt_sink.write);
    ck_assert_ptr_nonnull(txt_sink.flush);
    ck_assert_ptr_nonnull(txt_sink.close);
    ck_assert_ptr_nonnull(txt_sink.stats);
}
END_TEST

static Suite *txt_sink_suite(void)
{
    Suite *suite = suite_create("txt_sink");
    static const char *const names[] = { "direct I/O", "page cache" };
    void (*const setups[])(void) = { setup_direct, setup_page_cache };
    for (int i = 0; i < 2; i++) {
        TCase *files = tcase_create(names[i]);
        tcase_add_checked_fixture(files, setups[i], teardown);
        tcase_add_test(files, test_three_files);
        tcase_add_test(files, test_without_packets);
        tcase_add_test(files, test_stdout_full);
        tcase_add_test(files, test_file_full);
        tcase_add_test(files, test_buffered_rows_lost_count_as_failed);
        tcase_add_test(files, test_open_fails);
        tcase_add_test(files, test_chunks_and_counters);
        tcase_add_test(files, test_flushes_between_chunks);
        tcase_add_test(files, test_descriptor);
        tcase_set_timeout(files, 60);
        suite_add_tcase(suite, files);
    }
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(txt_sink_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
