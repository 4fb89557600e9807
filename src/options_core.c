/* options_core.c — the option tables of the core ("core.*") and of capture ("capture.*"). */
#include "options.h"

static const rt_option core_options[] = {
    { "timePrecision", RT_OPT_ENUM, "us", "time precision of timestamps and durations: us (6 digits, timestamps truncated on input) or ns (9 digits)", "us|ns", 0, 0, 0 },
    { "flowTimeout", RT_OPT_INT, "182", "inactivity timeout of a conversation, seconds of capture time", NULL, 1, 100000000, 0 },
    { "flowTableSize", RT_OPT_INT, "262144", "flow directions held at once; when full, the least recently active pair is evicted (flowStat bit 42, counted in the end report). Memory: about 720 bytes per direction with the default plugins (the end report gives the exact figure and the bound), allocated as the table fills", NULL, 2, 1000000000, 0 },
    { "fragTableSize", RT_OPT_INT, "65536", "IP datagrams whose later fragments are awaited at once (oldest forgotten first)", NULL, 16, 100000000, 0 },
    { "ipPktStatBits", RT_OPT_BOOL, "false", "set flowStat bits 58/59 on IPv4/IPv6 packets (as Tranalyzer2 does)", NULL, 0, 0, 0 },
    { "sinkQueue", RT_OPT_INT, "16", "row batches queued per sink before reading waits (files) or batches are dropped (live)", NULL, 1, 4096, 0 },
    { "batchBytes", RT_OPT_INT, "262144", "size at which a row batch is handed to the sinks", NULL, 4096, 1073741824, 0 },
    { "progressMs", RT_OPT_INT, "500", "the progress line on a terminal is redrawn at most this often (ms)", NULL, 10, 60000, 0 },
    { "sinkFlushMs", RT_OPT_INT, "1000", "live capture: hand partial batches to the sinks at least this often (ms)", NULL, 10, 3600000, 0 },
};

static const rt_option capture_options[] = {
    { "snaplen", RT_OPT_INT, "262144", "live capture: bytes captured per frame", NULL, 64, 262144, 0 },
    { "promisc", RT_OPT_BOOL, "true", "live capture: put the interface into promiscuous mode", NULL, 0, 0, 0 },
    { "bufferSize", RT_OPT_INT, "4194304", "live capture: kernel buffer size in bytes (0: libpcap default)", NULL, 0, 2147483647, 0 },
    { "timeoutMs", RT_OPT_INT, "100", "live capture: read timeout in ms (idle work such as timeouts runs at least this often)", NULL, 1, 60000, 0 },
};

rt_module options_core_module = {
    .kind = MODULE_CORE, .name = "core",
    .options = core_options, .n_options = sizeof core_options / sizeof core_options[0],
};

rt_module options_capture_module = {
    .kind = MODULE_CORE, .name = "capture",
    .options = capture_options, .n_options = sizeof capture_options / sizeof capture_options[0],
};
