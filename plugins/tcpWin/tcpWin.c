/* tcpWin.c — the tcpWin plugin: TCP window sizes and how often a direction advertised a window
 * below a threshold (T2-COMPAT §7.3, §8.5, §10).
 *
 * This file is also the worked example of the plugin interface (doc/plugins.md is the prose
 * around it). Reading it top to bottom shows everything a plugin does:
 *   1. declare its columns (tcpWin.h) and its options (below);
 *   2. describe the per-direction state it wants the core to keep next to each flow;
 *   3. read its options once in init();
 *   4. write its packet columns for every packet in packet();
 *   5. write its flow columns when a direction ends in flow_terminated();
 *   6. add lines to the end-of-run report in report();
 *   7. export one descriptor, `rowtap_plugin`, that ties all of this together.
 *
 * Everything the plugin needs comes from <rowtap/rowtap.h>; it uses no internal header of the
 * core, so the same file builds in the source tree and out of tree against the installed headers:
 *     cc -shared -fPIC $(pkg-config --cflags rowtap) tcpWin.c -o tcpWin.so */
#include <inttypes.h>
#include <stdint.h>

#include <rowtap/rowtap.h>

#include "tcpWin.h"

/* ---- Options ------------------------------------------------------------------------------
 * Options are set by the user as -X tcpWin.threshold=N or in a --config file, and listed by
 * --list-options. The core validates every value against this table (type, range) before the
 * plugin starts, so init() can read them without checking again. */
static const rt_option tcpwin_options[] = {
    {
        .key = "threshold",
        .type = RT_OPT_INT,
        .default_value = "1",
        .description = "window field below this value counts in winThPktCnt and tcpWinThCnt",
        .min = 0,
        .max = 65536,
    },
};

/* ---- Per-direction state ------------------------------------------------------------------
 * The core allocates `state_size` bytes next to every flow direction, zeroed when the direction
 * is created, and passes them to every callback as `state`. Nothing is allocated per packet or
 * per flow by the plugin itself. */
typedef struct tcpwin_state {
    uint32_t below_threshold; /* TCP packets of this direction with a window below the threshold */
} tcpwin_state;

/* ---- Plugin-wide data ---------------------------------------------------------------------
 * A plugin is loaded once per process and all its callbacks run on the analyzer thread, one at
 * a time: plain static variables are safe and need no locks. */
static uint32_t threshold;           /* tcpWin.threshold, read in init() */
static uint64_t directions_below;    /* directions with at least one packet below it (report) */
static uint64_t packets_below;       /* packets below it, over all directions (report) */

/* init: called once, after the options are validated and before the first packet. Returning
 * -1 (after rt_log_error) would stop the run before any input is read. */
static int tcpwin_init(rt_module *self)
{
    threshold = (uint32_t)rt_option_int(self, "threshold");
    directions_below = packets_below = 0;
    return 0;
}

/* The window field of a TCP packet, or -1 when the packet carries no usable TCP header: not TCP,
 * a non-IP frame, a later fragment (pkt->l4 is NULL then), or a capture cut before the window.
 * Packet bytes are only valid during the callback; every length is checked against what was
 * captured (pkt->l4_caplen) before reading. */
static int32_t tcp_window(const rt_packet *pkt)
{
    enum { IPPROTO_TCP_NUMBER = 6, WINDOW_OFFSET = 14, WINDOW_END = 16 };
    if (pkt->ip_version == 0 || pkt->l4_proto != IPPROTO_TCP_NUMBER || !pkt->l4 || pkt->l4_caplen < WINDOW_END)
        return -1;
    return (int32_t)((uint32_t)pkt->l4[WINDOW_OFFSET] << 8 | pkt->l4[WINDOW_OFFSET + 1]);
}

/* packet: called for every packet of a direction, in capture order. `row` is the packet row
 * being written, or NULL when packet rows are off (no -s); every rt_row_* call accepts NULL, so
 * the counting below runs either way. The plugin writes exactly its declared packet columns, in
 * order: one value each, or rt_row_absent() for "no value" (an empty field in the text file).
 * A mistake (wrong type, a column too many or too few) stops the run with a message naming the
 * plugin and the column. */
static void tcpwin_packet(rt_module *self, rt_flow *flow, void *state, const rt_packet *pkt, rt_row *row)
{
    tcpwin_state *s = state;
    int32_t window = tcp_window(pkt);
    if (window < 0) {
        rt_row_absent(row); /* winSize */
        rt_row_absent(row); /* winThPktCnt */
        return;
    }
    if ((uint32_t)window < threshold) {
        if (s->below_threshold++ == 0)
            directions_below++;
        packets_below++;
    }
    rt_row_u16(row, (uint16_t)window);
    rt_row_u32(row, s->below_threshold);
}

/* flow_terminated: the direction ends (timeout, eviction, end of input). Flow columns always
 * carry a value: a direction without TCP packets shows 0x00 and 0. */
static void tcpwin_flow_terminated(rt_module *self, rt_flow *flow, void *state, rt_row *row)
{
    const tcpwin_state *s = state;
    rt_row_u8(row, s->below_threshold ? TCPWIN_STAT_BELOW_THRESHOLD : 0);
    rt_row_u32(row, s->below_threshold);
}

/* report: end of run; each line is printed prefixed with "tcpWin: ". */
static void tcpwin_report(rt_module *self, rt_report *report)
{
    rt_report_line(report, "directions with a TCP window below %" PRIu32 ": %" PRIu64, threshold,
                   directions_below);
    rt_report_line(report, "packets with a TCP window below %" PRIu32 ": %" PRIu64, threshold, packets_below);
}

/* ---- The descriptor -----------------------------------------------------------------------
 * The one symbol the core looks for. RT_PLUGIN_HEADER records the interface version the plugin
 * was built for; `name` must equal the file name (tcpWin.so); `order` places the plugin among
 * the others (lower first: basicFlow 100, basicStats 120, tcpFlags 130), which is also the
 * order of the columns in the rows. Callbacks the plugin does not need stay NULL. */
RT_PLUGIN_DEFINE = {
    RT_PLUGIN_HEADER,
    .name = "tcpWin",
    .version = "1.0.0",
    .description = "TCP window sizes and packets with a window below a threshold",
    .order = 200,
    .options = tcpwin_options,
    .n_options = sizeof tcpwin_options / sizeof tcpwin_options[0],
    .packet_columns = tcpwin_packet_columns,
    .n_packet_columns = sizeof tcpwin_packet_columns / sizeof tcpwin_packet_columns[0],
    .flow_columns = tcpwin_flow_columns,
    .n_flow_columns = sizeof tcpwin_flow_columns / sizeof tcpwin_flow_columns[0],
    .state_size = sizeof(tcpwin_state),
    .init = tcpwin_init,
    .packet = tcpwin_packet,
    .flow_terminated = tcpwin_flow_terminated,
    .report = tcpwin_report,
};
