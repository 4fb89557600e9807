/* basicFlow.c — the basicFlow plugin: timing, header stacks, link layer, addresses with their
 * geolocation, ports and protocol of every packet and every flow direction (T2-COMPAT §6, §7.1,
 * §7.2, §8.1, §8.2). flowStat is the core's accumulated status of the direction; basicFlow adds
 * bit 48 when a direction meets a fifth distinct hdrDesc. */
#include <stdint.h>
#include <string.h>

#include <rowtap/rowtap.h>

#include "basicFlow.h"
#include "geo.h"

static const rt_option basicflow_options[] = {
    { .key = "pktTrip", .type = RT_OPT_BOOL, .default_value = "false",
      .description = "add the pktTrip packet column after pktIAT (time since the opposite direction's last packet)" },
    { .key = "countryDb", .type = RT_OPT_STRING,
      .description = ".mmdb database of country codes for public addresses (srcIPCC, dstIPCC)" },
    { .key = "asnDb", .type = RT_OPT_STRING,
      .description = ".mmdb database of organisations for public addresses (srcIPWho, dstIPWho)" },
};

/* What basicFlow keeps per direction. */
typedef struct basicflow_state {
    geo_answer src_geo, dst_geo;                  /* looked up at flow creation */
    uint32_t hdrdesc_ids[BASICFLOW_MAX_HDRDESC];  /* distinct hdrDesc, first seen first */
    uint16_t hdrdesc_hdrs[BASICFLOW_MAX_HDRDESC]; /* numHdrs of each */
    uint8_t n_hdrdesc;
    uint8_t n_src_macs, n_dst_macs;
    uint8_t n_vlans;                              /* VLAN IDs of the first packet */
    uint8_t src_macs[BASICFLOW_MAX_MACS][6];      /* distinct MACs, first seen first */
    uint8_t dst_macs[BASICFLOW_MAX_MACS][6];
    uint16_t vlans[RT_MAX_VLANS];
    uint16_t eth_type;                            /* ethType of the first packet */
} basicflow_state;

static int write_pkt_trip;   /* basicFlow.pktTrip: set by columns(), which chooses the column list */
static geo databases;

static void basicflow_columns(rt_module *self, const rt_column **packet_columns, unsigned *n_packet_columns,
                              const rt_column **flow_columns, unsigned *n_flow_columns)
{
    write_pkt_trip = rt_option_bool(self, "pktTrip");
    if (write_pkt_trip) {
        *packet_columns = basicflow_packet_columns_trip;
        *n_packet_columns = sizeof basicflow_packet_columns_trip / sizeof basicflow_packet_columns_trip[0];
    }
}

static int basicflow_init(rt_module *self)
{
    return geo_open(&databases, self, rt_option_string(self, "countryDb"), rt_option_string(self, "asnDb"));
}

static void basicflow_finish(rt_module *self)
{
    geo_close(&databases);
}

static void basicflow_flow_created(rt_module *self, rt_flow *flow, void *state, const rt_packet *pkt)
{
    basicflow_state *s = state;
    if (flow->key.ip_version) {
        geo_lookup(&databases, flow->key.ip_version, flow->key.src, &s->src_geo);
        geo_lookup(&databases, flow->key.ip_version, flow->key.dst, &s->dst_geo);
    } else {
        geo_unknown(&s->src_geo);
        geo_unknown(&s->dst_geo);
    }
    s->eth_type = pkt->eth_type;
    s->n_vlans = pkt->n_vlans < RT_MAX_VLANS ? pkt->n_vlans : RT_MAX_VLANS;
    memcpy(s->vlans, pkt->vlan_ids, s->n_vlans * sizeof s->vlans[0]);
}

/* Keeps the packet's hdrDesc if it is new and there is room; a new one beyond the limit sets
 * flowStat bit 48. */
static void remember_hdrdesc(rt_flow *flow, basicflow_state *s, const rt_packet *pkt)
{
    for (unsigned i = 0; i < s->n_hdrdesc; i++)
        if (s->hdrdesc_ids[i] == pkt->hdrdesc_id)
            return;
    if (s->n_hdrdesc == BASICFLOW_MAX_HDRDESC) {
        flow->status |= RT_STAT_HDRDESC_LIMIT;
        return;
    }
    s->hdrdesc_ids[s->n_hdrdesc] = pkt->hdrdesc_id;
    s->hdrdesc_hdrs[s->n_hdrdesc++] = pkt->num_hdrs;
}

/* Keeps a MAC address if it is new and there is room (mac NULL: no Ethernet header). */
static void remember_mac(uint8_t macs[BASICFLOW_MAX_MACS][6], uint8_t *n, const uint8_t *mac)
{
    if (!mac)
        return;
    for (unsigned i = 0; i < *n; i++)
        if (memcmp(macs[i], mac, 6) == 0)
            return;
    if (*n < BASICFLOW_MAX_MACS)
        memcpy(macs[(*n)++], mac, 6);
}

static void write_vlans(rt_row *row, const uint16_t *vlans, unsigned n)
{
    rt_row_repeat(row, n);
    for (unsigned i = 0; i < n; i++)
        rt_row_u16(row, vlans[i]);
}

static void write_optional_mac(rt_row *row, const uint8_t *mac)
{
    if (mac)
        rt_row_mac(row, mac);
    else
        rt_row_absent(row);
}

/* srcIP, srcIPCC, srcIPWho, srcPort (or the dst ones) of an IP flow. */
static void write_endpoint(rt_row *row, const rt_flow *flow, const uint8_t *addr, const geo_answer *where,
                           uint16_t port, int has_port)
{
    rt_row_ipx(row, flow->key.ip_version, addr);
    rt_row_string(row, where->code, where->code_len);
    rt_row_string(row, where->who, where->who_len);
    if (has_port)
        rt_row_u16(row, port);
    else
        rt_row_absent(row);
}

/* The endpoint columns of a packet row; all empty for a non-IP packet (§7.1). Ports are empty
 * without a protocol that has ports and 0 for a later fragment. */
static void write_packet_endpoints(rt_row *row, const rt_flow *flow, const basicflow_state *s, const rt_packet *pkt)
{
    enum { ENDPOINT_COLUMNS = 9 };
    if (!flow->key.ip_version) {
        for (int i = 0; i < ENDPOINT_COLUMNS; i++)
            rt_row_absent(row);
        return;
    }
    int has_ports = (pkt->flags & RT_PKT_HAS_PORTS) != 0;
    int later_fragment = (pkt->flags & RT_PKT_LATER_FRAGMENT) != 0;
    write_endpoint(row, flow, flow->key.src, &s->src_geo, later_fragment ? 0 : pkt->src_port, has_ports);
    write_endpoint(row, flow, flow->key.dst, &s->dst_geo, later_fragment ? 0 : pkt->dst_port, has_ports);
    rt_row_u8(row, flow->key.l4_proto);
}

static void basicflow_packet(rt_module *self, rt_flow *flow, void *state, const rt_packet *pkt, rt_row *row)
{
    basicflow_state *s = state;
    remember_hdrdesc(flow, s, pkt);
    remember_mac(s->src_macs, &s->n_src_macs, pkt->src_mac);
    remember_mac(s->dst_macs, &s->n_dst_macs, pkt->dst_mac);
    if (!row)
        return;
    rt_row_u64(row, flow->status);
    rt_row_time(row, pkt->time);
    rt_row_duration(row, flow->packets ? pkt->time - flow->last_time : 0);
    if (write_pkt_trip) {
        const rt_flow *opposite = flow->partner;
        rt_row_duration(row, opposite && opposite->packets ? pkt->time - opposite->last_time : 0);
    }
    rt_row_duration(row, pkt->time - flow->first_time);
    rt_row_u16(row, pkt->num_hdrs);
    rt_row_string(row, pkt->hdrdesc, pkt->hdrdesc_len);
    write_vlans(row, pkt->vlan_ids, pkt->n_vlans < RT_MAX_VLANS ? pkt->n_vlans : RT_MAX_VLANS);
    write_optional_mac(row, pkt->src_mac);
    write_optional_mac(row, pkt->dst_mac);
    rt_row_u16(row, pkt->eth_type);
    write_packet_endpoints(row, flow, s, pkt);
}

static void write_macs(rt_row *row, const uint8_t macs[BASICFLOW_MAX_MACS][6], unsigned n)
{
    rt_row_repeat(row, n);
    for (unsigned i = 0; i < n; i++)
        rt_row_mac(row, macs[i]);
}

static void basicflow_flow_terminated(rt_module *self, rt_flow *flow, void *state, rt_row *row)
{
    const basicflow_state *s = state;
    rt_row_u64(row, flow->status);
    rt_row_time(row, flow->first_time);
    rt_row_time(row, flow->last_time);
    rt_row_duration(row, flow->last_time - flow->first_time);
    rt_row_u8(row, s->n_hdrdesc);
    rt_row_repeat(row, s->n_hdrdesc);
    for (unsigned i = 0; i < s->n_hdrdesc; i++)
        rt_row_u16(row, s->hdrdesc_hdrs[i]);
    rt_row_repeat(row, s->n_hdrdesc);
    for (unsigned i = 0; i < s->n_hdrdesc; i++) {
        uint16_t len = 0;
        const char *text = rt_hdrdesc_string(s->hdrdesc_ids[i], &len);
        rt_row_string(row, text ? text : "", text ? len : 0);
    }
    write_macs(row, s->src_macs, s->n_src_macs);
    write_macs(row, s->dst_macs, s->n_dst_macs);
    rt_row_u16(row, s->eth_type);
    write_vlans(row, s->vlans, s->n_vlans);
    int ip = flow->key.ip_version != 0; /* a non-IP flow: "-", "-", "-", port 0 (§8.2) */
    write_endpoint(row, flow, flow->key.src, &s->src_geo, ip ? flow->key.src_port : 0, 1);
    write_endpoint(row, flow, flow->key.dst, &s->dst_geo, ip ? flow->key.dst_port : 0, 1);
    rt_row_u8(row, ip ? flow->key.l4_proto : 0);
}

RT_PLUGIN_DEFINE = {
    RT_PLUGIN_HEADER,
    .name = "basicFlow",
    .version = "1.0.0",
    .description = "Timing, header stacks, MAC and IP addresses, geolocation, ports and protocol",
    .order = 100,
    .options = basicflow_options,
    .n_options = sizeof basicflow_options / sizeof basicflow_options[0],
    .packet_columns = basicflow_packet_columns,
    .n_packet_columns = sizeof basicflow_packet_columns / sizeof basicflow_packet_columns[0],
    .flow_columns = basicflow_flow_columns,
    .n_flow_columns = sizeof basicflow_flow_columns / sizeof basicflow_flow_columns[0],
    .state_size = sizeof(basicflow_state),
    .columns = basicflow_columns,
    .init = basicflow_init,
    .flow_created = basicflow_flow_created,
    .packet = basicflow_packet,
    .flow_terminated = basicflow_flow_terminated,
    .finish = basicflow_finish,
};
