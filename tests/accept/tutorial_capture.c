/* tutorial_capture.c — the packets behind a tutorial table and the capture that holds them
 * (tutorial_capture.h). */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_writer.h"
#include "tutorial_capture.h"

#define FLOW_STAT_REPLY 0x1ull
#define FLOW_STAT_TRUNCATED (1ull << 33)
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define LEAD_IN_STEP_NS 100000 /* fillers before the flow's first packet: 100 µs apart */
#define ETHERNET_MINIMUM 60

/* Splits a line at its TABs (in place); stores at most max fields and returns how many there are. */
static unsigned split(char *line, const char **fields, unsigned max)
{
    unsigned n = 1;
    fields[0] = line;
    for (char *p = line; *p; p++)
        if (*p == '\t') {
            *p = '\0';
            if (n < max)
                fields[n] = p + 1;
            n++;
        }
    return n;
}

void tc_table_parse(const char *text, size_t len, tc_table *table)
{
    memset(table, 0, sizeof *table);
    table->text = malloc(len + 1);
    char *copy = table->split_text = malloc(len + 1);
    ck_assert(table->text && copy);
    memcpy(table->text, text, len);
    table->text[len] = '\0';
    memcpy(copy, text, len);
    copy[len] = '\0';
    ck_assert_msg(len && copy[0] == '%', "a table starts with its column-name row");
    char *line = copy;
    for (unsigned row = 0; *line; row++) {
        char *end = strchr(line, '\n');
        ck_assert_msg(end != NULL, "table line without LF");
        *end = '\0';
        const char *fields[TC_MAX_FIELDS];
        unsigned n = split(line, fields, TC_MAX_FIELDS);
        ck_assert_uint_le(n, TC_MAX_FIELDS);
        if (row == 0) {
            table->n_columns = n;
            memcpy(table->names, fields, n * sizeof *fields);
            table->names[0]++; /* the '%' */
            table->header_len = (size_t)(end - copy) + 1;
        } else {
            ck_assert_uint_lt(table->n_rows, TC_MAX_ROWS);
            ck_assert_msg(n == table->n_columns, "row %u has %u fields, the header %u", row, n, table->n_columns);
            memcpy(table->rows[table->n_rows], fields, n * sizeof *fields);
            table->lines[table->n_rows] = table->text + (line - copy);
            table->line_len[table->n_rows] = (size_t)(end - line) + 1;
            table->n_rows++;
        }
        line = end + 1;
    }
}

void tc_table_free(tc_table *table)
{
    free(table->split_text);
    free(table->text);
    memset(table, 0, sizeof *table);
}

unsigned tc_column(const tc_table *table, const char *name)
{
    for (unsigned i = 0; i < table->n_columns; i++)
        if (strcmp(table->names[i], name) == 0)
            return i;
    ck_abort_msg("the table has no column %s", name);
    return 0;
}

uint32_t tc_unescape(const char *field, size_t len, uint8_t *out, size_t out_size)
{
    static const char escapes[] = "b\bf\fn\nr\rt\tv\v\\\\";
    uint32_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t byte = (uint8_t)field[i];
        if (byte == '\\' && i + 1 < len) {
            const char *e = strchr(escapes, field[i + 1]);
            ck_assert_msg(e && (e - escapes) % 2 == 0, "unknown escape \\%c in l7Content", field[i + 1]);
            byte = (uint8_t)e[1];
            i++;
        }
        ck_assert_uint_lt(n, out_size);
        out[n++] = byte;
    }
    return n;
}

/* "1258594162.928342" -> nanoseconds. */
static int64_t parse_time(const char *text)
{
    long long seconds;
    char fraction[10] = "000000000";
    int digits = 0;
    ck_assert_msg(sscanf(text, "%lld.%9[0-9]%n", &seconds, fraction, &digits) == 2 && !text[digits],
                  "bad time '%s'", text);
    size_t given = strlen(fraction);
    memset(fraction + given, '0', 9 - given);
    fraction[9] = '\0';
    return (int64_t)seconds * 1000000000 + strtoll(fraction, NULL, 10);
}

static uint64_t parse_u64(const char *text)
{
    char *end;
    uint64_t v = strtoull(text, &end, 0);
    ck_assert_msg(*text && !*end, "not a number: '%s'", text);
    return v;
}

static void copy_text(char *out, size_t size, const char *text)
{
    ck_assert_uint_lt(strlen(text), size);
    strcpy(out, text);
}

/* The packet of one table row. */
static void packet_from_row(const tc_table *t, unsigned r, uint32_t uncaptured, tc_packet *p)
{
    const char *const *row = t->rows[r];
    memset(p, 0, sizeof *p);
    uint64_t stat = parse_u64(row[tc_column(t, "flowStat")]);
    p->pkt_no = parse_u64(row[tc_column(t, "pktNo")]);
    p->time_ns = parse_time(row[tc_column(t, "time")]);
    p->reply = (stat & FLOW_STAT_REPLY) != 0;
    p->shown = 1;
    copy_text(p->src_mac, sizeof p->src_mac, row[tc_column(t, "srcMac")]);
    copy_text(p->dst_mac, sizeof p->dst_mac, row[tc_column(t, "dstMac")]);
    copy_text(p->src_ip, sizeof p->src_ip, row[tc_column(t, "srcIP")]);
    copy_text(p->dst_ip, sizeof p->dst_ip, row[tc_column(t, "dstIP")]);
    p->src_port = (uint16_t)parse_u64(row[tc_column(t, "srcPort")]);
    p->dst_port = (uint16_t)parse_u64(row[tc_column(t, "dstPort")]);
    p->window = (uint16_t)parse_u64(row[tc_column(t, "winSize")]);
    const char *content = row[tc_column(t, "l7Content")];
    p->payload_len = tc_unescape(content, strlen(content), p->payload, sizeof p->payload);
    p->uncaptured = stat & FLOW_STAT_TRUNCATED ? uncaptured : 0;
}

/* A packet the timing columns call for, like the shown packet `like` of its direction. */
static tc_packet derived_packet(const tc_packet *like, int64_t time_ns)
{
    tc_packet p = *like;
    p.time_ns = time_ns;
    p.shown = 0;
    p.payload_len = 0;
    return p;
}

static int by_time(const void *a, const void *b)
{
    const tc_packet *x = a, *y = b;
    return x->time_ns < y->time_ns ? -1 : x->time_ns > y->time_ns;
}

static int by_number(const void *a, const void *b)
{
    const tc_packet *x = a, *y = b;
    return x->pkt_no < y->pkt_no ? -1 : x->pkt_no > y->pkt_no;
}

/* Numbers the derived packets (derived[0..n), sorted by time): each one at the end of the gap
 * before the first shown packet later in time. */
static void number_derived(tc_packet *derived, size_t n, const tc_flow *flow)
{
    for (size_t i = n; i-- > 0;) {
        const tc_packet *next = NULL;
        for (size_t k = 0; k < flow->n; k++)
            if (flow->packets[k].time_ns > derived[i].time_ns && (!next || flow->packets[k].pkt_no < next->pkt_no))
                next = &flow->packets[k];
        ck_assert_msg(next != NULL, "a packet not shown comes after every row");
        uint64_t number = next->pkt_no - 1;
        if (i + 1 < n && derived[i + 1].pkt_no <= number)
            number = derived[i + 1].pkt_no - 1;
        for (size_t k = 0; k < flow->n; k++)
            ck_assert_msg(flow->packets[k].pkt_no != number && number > 0,
                          "no free packet number for the packet at %" PRId64 " ns", derived[i].time_ns);
        derived[i].pkt_no = number;
    }
}

void tc_flow_from_table(const tc_table *table, int handshake, uint32_t uncaptured, tc_flow *flow)
{
    memset(flow, 0, sizeof *flow);
    flow->handshake = handshake;
    unsigned iat = tc_column(table, "pktIAT"), duration = tc_column(table, "flowDuration");
    for (unsigned r = 0; r < table->n_rows; r++)
        packet_from_row(table, r, uncaptured, &flow->packets[flow->n++]);
    tc_packet derived[TC_MAX_ROWS];
    size_t n_derived = 0;
    for (int reply = 0; reply <= 1; reply++) {
        int64_t previous = INT64_MIN;
        for (unsigned r = 0; r < table->n_rows; r++) {
            const tc_packet *p = &flow->packets[r];
            if (p->reply != reply)
                continue;
            int64_t gap = parse_time(table->rows[r][iat]);
            if (previous == INT64_MIN) {
                int64_t first = p->time_ns - parse_time(table->rows[r][duration]);
                if (first != p->time_ns) {
                    ck_assert_uint_lt(n_derived, TC_MAX_ROWS);
                    derived[n_derived++] = derived_packet(p, first);
                    previous = first;
                }
            }
            if (previous != INT64_MIN && p->time_ns - gap != previous) {
                ck_assert_uint_lt(n_derived, TC_MAX_ROWS);
                derived[n_derived++] = derived_packet(p, p->time_ns - gap);
            }
            previous = p->time_ns;
        }
    }
    qsort(derived, n_derived, sizeof *derived, by_time);
    number_derived(derived, n_derived, flow);
    ck_assert_uint_le(flow->n + n_derived, TC_MAX_ROWS);
    memcpy(flow->packets + flow->n, derived, n_derived * sizeof *derived);
    flow->n += n_derived;
    qsort(flow->packets, flow->n, sizeof *flow->packets, by_number);
    for (size_t k = 1; k < flow->n; k++)
        ck_assert_msg(flow->packets[k].time_ns >= flow->packets[k - 1].time_ns,
                      "packet %" PRIu64 " is earlier than packet %" PRIu64, flow->packets[k].pkt_no,
                      flow->packets[k - 1].pkt_no);
}

/* TCP state of the two directions while writing. */
typedef struct tc_tcp {
    uint32_t next_seq[2];
    uint16_t ip_id[2];
    int started[2];
} tc_tcp;

/* The frame of one packet of the flow. */
static void build_flow_frame(frame_builder *fb, const tc_flow *flow, const tc_packet *p, tc_tcp *tcp)
{
    static const uint8_t syn_options[] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 2, 1, 1, 4, 2 };
    static const uint8_t syn_ack_options[] = { 2, 4, 0x05, 0x64, 1, 1, 4, 2 };
    int d = p->reply;
    uint8_t flags = TCP_ACK;
    const uint8_t *options = NULL;
    uint8_t options_len = 0;
    if (flow->handshake && !tcp->started[d]) {
        flags = d ? TCP_SYN | TCP_ACK : TCP_SYN;
        options = d ? syn_ack_options : syn_options;
        options_len = d ? sizeof syn_ack_options : sizeof syn_options;
    }
    uint32_t data = p->payload_len + p->uncaptured;
    if (data)
        flags |= TCP_PSH;
    fb_init(fb);
    fb_eth(fb, p->dst_mac, p->src_mac, FB_AUTO);
    fb_ipv4_opts ip = { .src = p->src_ip, .dst = p->dst_ip, .ttl = d ? 116 : 128, .id = tcp->ip_id[d]++,
                        .dont_fragment = 1, .proto = FB_AUTO };
    fb_ipv4_ex(fb, &ip);
    fb_tcp_opts t = { .src_port = p->src_port, .dst_port = p->dst_port, .seq = tcp->next_seq[d],
                      .ack = flags & TCP_ACK ? tcp->next_seq[!d] : 0, .flags = flags, .window = p->window,
                      .options = options, .options_len = options_len };
    fb_tcp_ex(fb, &t);
    fb_payload(fb, p->payload, p->payload_len);
    fb_payload_fill(fb, 'x', p->uncaptured);
    fb_pad_to(fb, ETHERNET_MINIMUM);
    tcp->next_seq[d] += data + (flags & TCP_SYN ? 1 : 0);
    tcp->started[d] = 1;
}

/* Time of packet number n between the flow's packets a (or none) and b. */
static int64_t filler_time(uint64_t n, const tc_packet *a, const tc_packet *b)
{
    if (!a)
        return b->time_ns - (int64_t)(b->pkt_no - n) * LEAD_IN_STEP_NS;
    int64_t span = b->time_ns - a->time_ns;
    int64_t t = a->time_ns + span * (int64_t)(n - a->pkt_no) / (int64_t)(b->pkt_no - a->pkt_no);
    return t - t % 1000;
}

void tc_write_capture(const char *path, const tc_flow *flow, uint32_t snaplen, tc_filler filler, void *ctx)
{
    static frame_builder fb;
    pcap_writer *w = pcap_writer_open_pcap(path, PCAP_WRITER_LITTLE_ENDIAN, 0, PCAP_WRITER_LINKTYPE_ETHERNET,
                                           snaplen);
    tc_tcp tcp = { { 0x3a1c5f02u, 0x9e2d4b71u }, { 0x1f40, 0x6a00 }, { 0, 0 } };
    uint64_t last = flow->packets[flow->n - 1].pkt_no, fillers = 0;
    size_t k = 0;
    for (uint64_t n = 1; n <= last; n++) {
        int64_t time_ns;
        uint32_t uncaptured = 0;
        if (flow->packets[k].pkt_no == n) {
            build_flow_frame(&fb, flow, &flow->packets[k], &tcp);
            time_ns = flow->packets[k].time_ns;
            uncaptured = flow->packets[k].uncaptured;
            k++;
        } else {
            fb_init(&fb);
            filler(&fb, n, ++fillers, ctx);
            time_ns = filler_time(n, k ? &flow->packets[k - 1] : NULL, &flow->packets[k]);
        }
        uint32_t len = fb_finish(&fb);
        ck_assert_msg(len > 0, "packet %" PRIu64 " could not be built", n);
        uint32_t caplen = len - uncaptured < snaplen ? len - uncaptured : snaplen;
        pcap_writer_packet(w, 0, time_ns, fb.data, caplen, len);
    }
    pcap_writer_close(w);
}
