/* plugin_harness.c — loads plugins, runs hand-made packets through them with the core's own
 * plugin calls, and reads the rows back (see plugin_harness.h). */
#include <arpa/inet.h>
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer_plugins.h"
#include "buffer.h"
#include "module_loader.h"
#include "options.h"
#include "plugin_harness.h"
#include "report_lines.h"
#include "row_writer.h"
#include "run_info.h"

/* Rows of one stream: the encoded rows one after the other, and where each starts. */
typedef struct harness_rows {
    rt_buffer data;
    size_t *starts;
    unsigned n, cap;
} harness_rows;

struct plugin_harness {
    module_path path;
    rt_module **plugins;
    size_t n_plugins;
    analyzer_plugins calls;
    schema_registry schemas[RT_STREAM_COUNT];
    int started;          /* every init succeeded: finish is due */
    int packet_rows;
    size_t state_base;    /* offset of the first state area after the rt_flow */
    size_t state_size;
    rt_flow **flows;
    size_t n_flows;
    uint64_t last_index;
    harness_rows rows[RT_STREAM_COUNT];
    rt_row row;
    char *report;
    char err[2048];
};

/* ---- hdrDesc table -------------------------------------------------------------------------- */

#define MAX_HDRDESC 256

static char *hdrdesc_texts[MAX_HDRDESC];
static unsigned n_hdrdesc;

static uint32_t intern_hdrdesc(const char *text)
{
    for (unsigned i = 0; i < n_hdrdesc; i++)
        if (strcmp(hdrdesc_texts[i], text) == 0)
            return i + 1;
    ck_assert_msg(n_hdrdesc < MAX_HDRDESC, "plugin_harness: more than %d distinct hdrDesc", MAX_HDRDESC);
    hdrdesc_texts[n_hdrdesc] = strdup(text);
    ck_assert_ptr_nonnull(hdrdesc_texts[n_hdrdesc]);
    return ++n_hdrdesc;
}

/* The harness answers rt_hdrdesc_string while no decoder is linked into the test program; the
 * definition is weak so that a decoder's definition, if linked, takes precedence — which
 * plugin_harness_start detects and refuses (the ids would not match). */
__attribute__((weak)) const char *rt_hdrdesc_string(uint32_t id, uint16_t *len)
{
    if (id == 0 || id > n_hdrdesc)
        return NULL;
    if (len)
        *len = (uint16_t)strlen(hdrdesc_texts[id - 1]);
    return hdrdesc_texts[id - 1];
}

void plugin_harness_hdrdesc(rt_packet *pkt, const char *text, uint16_t num_hdrs)
{
    pkt->hdrdesc_id = intern_hdrdesc(text);
    pkt->hdrdesc = hdrdesc_texts[pkt->hdrdesc_id - 1];
    pkt->hdrdesc_len = (uint16_t)strlen(text);
    pkt->num_hdrs = num_hdrs;
}

/* ---- life cycle ------------------------------------------------------------------------------ */

plugin_harness *plugin_harness_new(const char *plugins)
{
    plugin_harness *h = calloc(1, sizeof *h);
    ck_assert_ptr_nonnull(h);
    const char *top = getenv("top_builddir");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/plugins/.libs", top && *top ? top : ".");
    module_path_build(&h->path, dir, "ROWTAP_PLUGIN_PATH", "plugins/.libs", "");
    int rc = module_load_plugins(plugins, &h->path, &h->plugins, &h->n_plugins, h->err, sizeof h->err);
    ck_assert_msg(rc == 0, "plugin_harness: %s", h->err);
    h->state_base = (sizeof(rt_flow) + 15) & ~(size_t)15;
    return h;
}

void plugin_harness_option(plugin_harness *h, const char *assignment)
{
    ck_assert_msg(!h->started, "plugin_harness: options must be given before plugin_harness_start");
    int rc = options_add(assignment, "-X", h->err, sizeof h->err);
    ck_assert_msg(rc == 0, "plugin_harness: %s", h->err);
}

/* The rt_run plugins see through rt_run_get(). */
static void describe_run(plugin_harness *h)
{
    static const char *names[64], *versions[64];
    size_t n = h->n_plugins < 64 ? h->n_plugins : 64;
    for (size_t i = 0; i < n; i++) {
        names[i] = h->plugins[i]->name;
        versions[i] = h->plugins[i]->plugin->version;
    }
    rt_run *run = run_info_get_mutable();
    run->program_version = "plugin_harness";
    run->prefix = "plugin_harness";
    run->sensor_id = 666;
    run->time_digits = strcmp(options_value(&options_core_module, "timePrecision"), "ns") == 0 ? 9 : 6;
    run->command_line = "plugin_harness";
    run->run_id = "666-0-0";
    run->n_plugins = (unsigned)n;
    run->plugin_names = names;
    run->plugin_versions = versions;
    run->schemas[RT_STREAM_FLOWS] = &h->schemas[RT_STREAM_FLOWS].schema;
    run->schemas[RT_STREAM_PACKETS] = h->packet_rows ? &h->schemas[RT_STREAM_PACKETS].schema : NULL;
}

int plugin_harness_start(plugin_harness *h, int packet_rows)
{
    uint16_t len;
    uint32_t probe = intern_hdrdesc("plugin_harness:probe");
    ck_assert_msg(rt_hdrdesc_string(probe, &len) == hdrdesc_texts[probe - 1],
                  "plugin_harness: the test program links a decoder's rt_hdrdesc_string; the harness's hdrDesc "
                  "ids would not match it (link the test without the decoder)");
    h->packet_rows = packet_rows;
    if (options_validate(h->plugins, h->n_plugins, h->err, sizeof h->err) < 0
        || analyzer_build_schemas(h->plugins, h->n_plugins, packet_rows, h->schemas, h->err, sizeof h->err) < 0)
        return -1;
    h->calls = (analyzer_plugins){ h->plugins, h->n_plugins, rt_option_bool(&options_core_module, "ipPktStatBits") };
    h->state_size = analyzer_plugins_layout(&h->calls, h->state_base);
    describe_run(h);
    if (analyzer_plugins_init(h->plugins, h->n_plugins) < 0) {
        snprintf(h->err, sizeof h->err, "a plugin's init failed (see its message on standard error)");
        return -1;
    }
    h->started = 1;
    return 0;
}

const char *plugin_harness_start_refused(const char *plugins, const char *option)
{
    plugin_harness *h = plugin_harness_new(plugins);
    plugin_harness_option(h, option);
    plugin_harness_stderr_begin();
    int rc = plugin_harness_start(h, 1);
    const char *text = plugin_harness_stderr_end();
    ck_assert_msg(rc == -1, "plugin_harness: %s started with %s", plugins, option);
    plugin_harness_free(h);
    return text;
}

const char *plugin_harness_error(const plugin_harness *h)
{
    return h->err;
}

void plugin_harness_free(plugin_harness *h)
{
    if (h->started)
        analyzer_plugins_finish(h->plugins, h->n_plugins);
    for (size_t i = 0; i < h->n_flows; i++)
        free(h->flows[i]);
    free(h->flows);
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        buffer_free(&h->rows[s].data);
        free(h->rows[s].starts);
        schema_registry_free(&h->schemas[s]);
    }
    module_unload(h->plugins, h->n_plugins);
    module_path_free(&h->path);
    options_reset();
    free(h->report);
    free(h);
}

/* ---- flows, packets, rows --------------------------------------------------------------------- */

rt_flow *plugin_harness_flow(plugin_harness *h, const rt_packet *first, rt_flow *reverse)
{
    ck_assert_msg(h->started, "plugin_harness: call plugin_harness_start first");
    rt_flow *f = calloc(1, h->state_base + h->state_size);
    ck_assert_ptr_nonnull(f);
    h->flows = realloc(h->flows, (h->n_flows + 1) * sizeof *h->flows);
    ck_assert_ptr_nonnull(h->flows);
    h->flows[h->n_flows++] = f;

    rt_flow_key *k = &f->key;
    if (first->ip_version) {
        k->ip_version = first->ip_version;
        k->l4_proto = first->l4_proto;
        memcpy(k->src, first->src_ip, 16);
        memcpy(k->dst, first->dst_ip, 16);
        if ((first->flags & RT_PKT_HAS_PORTS) && !(first->flags & RT_PKT_LATER_FRAGMENT)) {
            k->src_port = first->src_port;
            k->dst_port = first->dst_port;
        }
    } else {
        if (first->src_mac)
            memcpy(k->src, first->src_mac, 6);
        if (first->dst_mac)
            memcpy(k->dst, first->dst_mac, 6);
        k->eth_type = first->eth_type;
    }
    unsigned listed = first->n_vlans < RT_MAX_VLANS ? first->n_vlans : RT_MAX_VLANS;
    k->vlan = listed ? first->vlan_ids[listed - 1] : 0;
    f->first_time = f->last_time = first->time;
    if (reverse) {
        f->partner = reverse;
        reverse->partner = f;
        f->index = reverse->index;
        if (!(reverse->status & RT_STAT_REPLY))
            f->status |= RT_STAT_REPLY;
    } else {
        f->index = ++h->last_index;
    }
    return f;
}

/* Starts a row of a stream at the end of its buffer. */
static rt_row *begin_row(plugin_harness *h, rt_stream stream)
{
    harness_rows *r = &h->rows[stream];
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->starts = realloc(r->starts, r->cap * sizeof *r->starts);
        ck_assert_ptr_nonnull(r->starts);
    }
    r->starts[r->n++] = r->data.len;
    row_begin(&h->row, &r->data, &h->schemas[stream].schema);
    return &h->row;
}

void plugin_harness_packet(plugin_harness *h, rt_flow *flow, const rt_packet *pkt)
{
    rt_row *row = h->packet_rows ? begin_row(h, RT_STREAM_PACKETS) : NULL;
    analyzer_plugins_packet(&h->calls, flow, pkt, flow->packets == 0, row);
}

void plugin_harness_end(plugin_harness *h, rt_flow *a, rt_flow *b)
{
    analyzer_plugins_flow_row(&h->calls, a, 'A', begin_row(h, RT_STREAM_FLOWS));
    if (b)
        analyzer_plugins_flow_row(&h->calls, b, 'B', begin_row(h, RT_STREAM_FLOWS));
}

const char *plugin_harness_report(plugin_harness *h)
{
    free(h->report);
    size_t len;
    FILE *out = open_memstream(&h->report, &len);
    ck_assert_ptr_nonnull(out);
    report_lines_plugins(out, h->plugins, h->n_plugins);
    fclose(out);
    return h->report;
}

/* ---- reading rows back --------------------------------------------------------------------------- */

const rt_schema *plugin_harness_schema(const plugin_harness *h, rt_stream stream)
{
    return &h->schemas[stream].schema;
}

unsigned plugin_harness_column_number(const plugin_harness *h, rt_stream stream, const char *column)
{
    const rt_schema *schema = &h->schemas[stream].schema;
    for (unsigned i = 0; i < schema->n_columns; i++)
        if (strcmp(schema->columns[i].column->name, column) == 0)
            return i + 1;
    return 0;
}

unsigned plugin_harness_rows(const plugin_harness *h, rt_stream stream)
{
    return h->rows[stream].n;
}

/* Values of one column occurrence (a compound counts each part). */
static unsigned parts_of(const rt_column *c)
{
    return c->type == RT_COMPOUND ? c->n_parts : 1;
}

static rt_type part_type(const rt_column *c, unsigned value_index)
{
    return c->type == RT_COMPOUND ? c->parts[value_index % c->n_parts] : c->type;
}

/* Positions a cursor at the start of `column` in row `row`; returns the column's declaration. */
static const rt_column *seek_column(const plugin_harness *h, rt_stream stream, unsigned row, const char *column,
                                    rt_cursor *cur)
{
    const harness_rows *r = &h->rows[stream];
    ck_assert_msg(row < r->n, "plugin_harness: %s row %u does not exist (%u rows)", rt_stream_name(stream), row, r->n);
    const rt_schema *schema = &h->schemas[stream].schema;
    rt_batch batch = { stream, schema, 1, r->data.len - r->starts[row], r->data.data + r->starts[row] };
    rt_cursor_init(cur, &batch);
    for (unsigned i = 0; i < schema->n_columns; i++) {
        const rt_column *c = schema->columns[i].column;
        if (strcmp(c->name, column) == 0)
            return c;
        uint32_t count = rt_cursor_count(cur);
        if (count == RT_ABSENT)
            continue;
        rt_value skipped;
        for (uint32_t v = 0; v < count * parts_of(c); v++)
            rt_cursor_value(cur, part_type(c, v), &skipped);
    }
    ck_abort_msg("plugin_harness: the %s schema has no column '%s'", rt_stream_name(stream), column);
    return NULL;
}

uint32_t plugin_harness_count(const plugin_harness *h, rt_stream stream, unsigned row, const char *column)
{
    rt_cursor cur;
    seek_column(h, stream, row, column, &cur);
    return rt_cursor_count(&cur);
}

rt_value plugin_harness_value(const plugin_harness *h, rt_stream stream, unsigned row, const char *column,
                              unsigned index)
{
    rt_cursor cur;
    const rt_column *c = seek_column(h, stream, row, column, &cur);
    uint32_t count = rt_cursor_count(&cur);
    ck_assert_msg(count != RT_ABSENT, "plugin_harness: %s row %u column %s is absent", rt_stream_name(stream), row,
                  column);
    ck_assert_msg(index < count * parts_of(c), "plugin_harness: %s row %u column %s has %u values, not %u",
                  rt_stream_name(stream), row, column, count * parts_of(c), index + 1);
    rt_value v;
    for (unsigned i = 0; i <= index; i++)
        rt_cursor_value(&cur, part_type(c, i), &v);
    return v;
}

/* The single value of a column. */
static rt_value single_value(const plugin_harness *h, rt_stream stream, unsigned row, const char *column)
{
    uint32_t count = plugin_harness_count(h, stream, row, column);
    ck_assert_msg(count == 1, "plugin_harness: %s row %u column %s holds %s, not one value", rt_stream_name(stream),
                  row, column, count == RT_ABSENT ? "no value (absent)" : "several values or none");
    return plugin_harness_value(h, stream, row, column, 0);
}

uint64_t plugin_harness_u(const plugin_harness *h, rt_stream stream, unsigned row, const char *column)
{
    return single_value(h, stream, row, column).n.u;
}

int64_t plugin_harness_i(const plugin_harness *h, rt_stream stream, unsigned row, const char *column)
{
    return single_value(h, stream, row, column).n.i;
}

#define TEXT_SLOTS 16
#define TEXT_SIZE 1024

const char *plugin_harness_text(const plugin_harness *h, rt_stream stream, unsigned row, const char *column,
                                unsigned index)
{
    static char slots[TEXT_SLOTS][TEXT_SIZE];
    static unsigned next;
    char *out = slots[next++ % TEXT_SLOTS];
    rt_cursor cur;
    rt_type type = part_type(seek_column(h, stream, row, column, &cur), index);
    rt_value v = plugin_harness_value(h, stream, row, column, index);
    switch (type) {
    case RT_S: case RT_SC: case RT_BIN:
        snprintf(out, TEXT_SIZE, "%.*s", (int)v.len, (const char *)v.bytes);
        break;
    case RT_MAC:
        snprintf(out, TEXT_SIZE, "%02x:%02x:%02x:%02x:%02x:%02x", v.bytes[0], v.bytes[1], v.bytes[2], v.bytes[3],
                 v.bytes[4], v.bytes[5]);
        break;
    case RT_IP4: case RT_IP6: case RT_IPX: {
        int family = v.len == 4 ? AF_INET : AF_INET6;
        if (v.len == 0 || !inet_ntop(family, v.bytes, out, TEXT_SIZE))
            snprintf(out, TEXT_SIZE, "-");
        break;
    }
    case RT_H8: case RT_H16: case RT_H32: case RT_H64:
        snprintf(out, TEXT_SIZE, "0x%0*" PRIx64, (int)rt_type_get(type)->size * 2, v.n.u);
        break;
    case RT_I8: case RT_I16: case RT_I32: case RT_I64: case RT_TS: case RT_DUR:
        snprintf(out, TEXT_SIZE, "%" PRId64, v.n.i);
        break;
    case RT_F:
        snprintf(out, TEXT_SIZE, "%.7g", (double)v.n.f);
        break;
    case RT_D:
        snprintf(out, TEXT_SIZE, "%f", v.n.d);
        break;
    case RT_C:
        snprintf(out, TEXT_SIZE, "%c", v.n.c);
        break;
    default:
        snprintf(out, TEXT_SIZE, "%" PRIu64, v.n.u);
        break;
    }
    return out;
}

/* ---- packet builders ------------------------------------------------------------------------------ */

#define ETH_LEN 14

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void parse_mac(const char *text, uint8_t mac[6])
{
    unsigned b[6];
    ck_assert_msg(sscanf(text, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) == 6,
                  "plugin_harness: '%s' is not a MAC address", text);
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)b[i];
}

/* Writes the Ethernet header and points the packet's MAC fields at it. */
static void put_ethernet(harness_packet *p, const char *src_mac, const char *dst_mac, uint16_t eth_type)
{
    parse_mac(dst_mac, p->frame);
    parse_mac(src_mac, p->frame + 6);
    put16(p->frame + 12, eth_type);
    p->pkt.dst_mac = p->frame;
    p->pkt.src_mac = p->frame + 6;
    p->pkt.eth_type = eth_type;
    p->pkt.data = p->frame;
    p->pkt.linktype = 1;
}

static uint64_t packets_built;

/* Transport header length and hdrDesc token of a protocol the builder knows. */
static unsigned transport(uint8_t proto, const char **token, int *has_ports)
{
    static const struct { uint8_t proto; const char *token; unsigned len; int ports; } known[] = {
        { 6, "tcp", 20, 1 }, { 17, "udp", 8, 1 }, { 136, "udplite", 8, 1 }, { 132, "sctp", 12, 1 },
        { 1, "icmp", 8, 0 }, { 58, "icmpv6", 8, 0 },
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].proto == proto) {
            *token = known[i].token;
            *has_ports = known[i].ports;
            return known[i].len;
        }
    *token = NULL;
    *has_ports = 0;
    return 0;
}

void plugin_harness_ip_packet(harness_packet *p, const char *src, uint16_t src_port, const char *dst,
                              uint16_t dst_port, uint8_t l4_proto, int64_t time)
{
    memset(p, 0, sizeof *p);
    rt_packet *k = &p->pkt;
    int v6 = strchr(src, ':') != NULL;
    unsigned ip_len = v6 ? 40 : 20, addr_len = v6 ? 16 : 4;
    put_ethernet(p, "02:00:00:00:00:01", "02:00:00:00:00:02", v6 ? 0x86dd : 0x0800);
    uint8_t *ip = p->frame + ETH_LEN;
    ck_assert_msg(inet_pton(v6 ? AF_INET6 : AF_INET, src, k->src_ip) == 1, "plugin_harness: bad address %s", src);
    ck_assert_msg(inet_pton(v6 ? AF_INET6 : AF_INET, dst, k->dst_ip) == 1, "plugin_harness: bad address %s", dst);
    const char *token;
    int has_ports;
    unsigned l4_len = transport(l4_proto, &token, &has_ports);
    if (v6) {
        ip[0] = 0x60;
        put16(ip + 4, (uint16_t)l4_len);
        ip[6] = l4_proto;
        ip[7] = 64;
        memcpy(ip + 8, k->src_ip, addr_len);
        memcpy(ip + 24, k->dst_ip, addr_len);
    } else {
        ip[0] = 0x45;
        put16(ip + 2, (uint16_t)(ip_len + l4_len));
        ip[8] = 64;
        ip[9] = l4_proto;
        memcpy(ip + 12, k->src_ip, addr_len);
        memcpy(ip + 16, k->dst_ip, addr_len);
    }
    uint8_t *l4 = ip + ip_len;
    if (has_ports) {
        put16(l4, src_port);
        put16(l4 + 2, dst_port);
        k->src_port = src_port;
        k->dst_port = dst_port;
        k->flags |= RT_PKT_HAS_PORTS;
    }
    if (l4_proto == 6)
        l4[12] = 5 << 4;
    if (l4_proto == 1 || l4_proto == 58)
        l4[0] = l4_proto == 1 ? 8 : 128; /* echo request */
    k->number = ++packets_built;
    k->time = time;
    k->caplen = k->wirelen = ETH_LEN + ip_len + l4_len;
    k->ip_version = v6 ? 6 : 4;
    k->l4_proto = l4_proto;
    k->l3 = ip;
    k->l3_hdr_len = (uint16_t)ip_len;
    k->ip_len = ip_len + l4_len;
    if (l4_len) {
        k->l4 = l4;
        k->l4_caplen = l4_len;
        k->flags |= RT_PKT_L4_COMPLETE;
    }
    char desc[64];
    snprintf(desc, sizeof desc, "eth:%s%s%s", v6 ? "ipv6" : "ipv4", token ? ":" : "", token ? token : "");
    plugin_harness_hdrdesc(k, desc, token ? 3 : 2);
}

void plugin_harness_arp_packet(harness_packet *p, const char *src_mac, const char *dst_mac, int64_t time)
{
    static const uint8_t sender_ip[4] = { 192, 168, 1, 105 }, target_ip[4] = { 192, 168, 1, 1 };
    memset(p, 0, sizeof *p);
    rt_packet *k = &p->pkt;
    put_ethernet(p, src_mac, dst_mac, 0x0806);
    uint8_t *arp = p->frame + ETH_LEN;
    put16(arp, 1);          /* hardware: Ethernet */
    put16(arp + 2, 0x0800); /* protocol: IPv4 */
    arp[4] = 6;
    arp[5] = 4;
    put16(arp + 6, 1);      /* request */
    memcpy(arp + 8, p->frame + 6, 6);
    memcpy(arp + 14, sender_ip, 4);
    memcpy(arp + 24, target_ip, 4);
    k->number = ++packets_built;
    k->time = time;
    k->caplen = k->wirelen = ETH_LEN + 28;
    k->status = RT_STAT_ARP;
    k->l7 = arp;
    k->l7_len = k->l7_caplen = 28;
    plugin_harness_hdrdesc(k, "eth:arp", 2);
}

/* The writable TCP header of a packet built here. */
static uint8_t *tcp_header(harness_packet *p)
{
    ck_assert_msg(p->pkt.l4 && p->pkt.l4_proto == 6, "plugin_harness: the packet has no TCP header");
    return p->frame + (p->pkt.l4 - p->frame);
}

void plugin_harness_tcp_window(harness_packet *p, uint16_t window)
{
    put16(tcp_header(p) + 14, window);
}

void plugin_harness_tcp_flags(harness_packet *p, uint8_t flags)
{
    tcp_header(p)[13] = flags;
}

void plugin_harness_macs(harness_packet *p, const char *src_mac, const char *dst_mac)
{
    parse_mac(src_mac, p->frame + 6);
    parse_mac(dst_mac, p->frame);
}

void plugin_harness_vlans(harness_packet *p, const uint16_t *ids, unsigned n)
{
    rt_packet *k = &p->pkt;
    unsigned listed = n < RT_MAX_VLANS ? n : RT_MAX_VLANS;
    memcpy(k->vlan_ids, ids, listed * sizeof ids[0]);
    k->n_vlans = (uint8_t)listed;
    k->vlan_depth = (uint8_t)n;
    for (unsigned i = 0; i < listed; i++)
        k->status |= RT_STAT_VLAN | (ids[i] == 0 ? RT_STAT_VLAN_PRIO_TAG : 0);
    const char *rest = k->hdrdesc + strcspn(k->hdrdesc, ":");
    char desc[160];
    if (n == 1)
        snprintf(desc, sizeof desc, "eth:vlan%s", rest);
    else
        snprintf(desc, sizeof desc, "eth:vlan{%u}%s", n, rest);
    plugin_harness_hdrdesc(k, desc, (uint16_t)(k->num_hdrs + n));
}

void plugin_harness_later_fragment(harness_packet *p)
{
    rt_packet *k = &p->pkt;
    k->flags = (k->flags & ~(uint32_t)RT_PKT_L4_COMPLETE) | RT_PKT_FRAGMENT | RT_PKT_LATER_FRAGMENT;
    k->status |= RT_STAT_FRAGMENT | RT_STAT_DECODE_STOPPED;
    if (k->ip_version == 4)
        put16(p->frame + ETH_LEN + 6, 185); /* fragment offset 185 * 8 bytes */
    k->l4 = NULL;
    k->l4_caplen = 0;
    k->src_port = k->dst_port = 0;
}

/* ---- standard error ------------------------------------------------------------------------------- */

static int saved_stderr = -1;
static FILE *captured;
static char *captured_text;

void plugin_harness_stderr_begin(void)
{
    fflush(stderr);
    captured = tmpfile();
    ck_assert_ptr_nonnull(captured);
    saved_stderr = dup(STDERR_FILENO);
    ck_assert_int_ge(saved_stderr, 0);
    dup2(fileno(captured), STDERR_FILENO);
}

const char *plugin_harness_stderr_end(void)
{
    fflush(stderr);
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    off_t size = lseek(fileno(captured), 0, SEEK_END);
    free(captured_text);
    captured_text = calloc(1, (size_t)(size > 0 ? size : 0) + 1);
    ck_assert_ptr_nonnull(captured_text);
    rewind(captured);
    size_t got = size > 0 ? fread(captured_text, 1, (size_t)size, captured) : 0;
    captured_text[got] = '\0';
    fclose(captured);
    return captured_text;
}
