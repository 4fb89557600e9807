/* mix_hosts.c — who talks to whom in the benchmark mix: LAN clients (private IPv4, a
 * documentation IPv6 prefix, vendor-looking MACs) behind one router, public servers by role, and
 * the frame headers of a flow. The layouts of the headers (Ethernet, 0-2 tags, IPv4 or IPv6) are
 * composed once with the frame builder; a flow copies its layout and writes its MACs, tags,
 * addresses, TTL and protocol at the layout's offsets. Client ports are unique per client, so no
 * two flows share a 5-tuple; every ICMP flow has a pair of hosts of its own. */
#include <stdlib.h>
#include <string.h>

#include "frame_build.h"
#include "mix_flow.h"

#define PORT_FIRST 32768
#define PORT_LAST 60999

/* A header layout: its bytes and where the tags and the IP header are. */
typedef struct mix_layout {
    uint8_t bytes[MIX_HEADER_MAX];
    uint8_t len, ip_off, tag_off[2];
} mix_layout;

static mix_layout layouts[2][3]; /* [ipv6][tags] */
static int layouts_ready;

static const uint8_t router_mac[6] = { 0x00, 0x1a, 0x2b, 0x00, 0x00, 0x01 };
static const uint8_t client_ouis[6][3] = {
    { 0x3c, 0x52, 0x82 }, { 0xb8, 0x27, 0xeb }, { 0x00, 0x1b, 0x21 },
    { 0xa4, 0x83, 0xe7 }, { 0xf0, 0x18, 0x98 }, { 0x00, 0x50, 0x56 },
};
/* First octets of the public server addresses. */
static const uint8_t public_nets[] = { 23, 34, 45, 52, 54, 63, 81, 89, 93, 104, 128, 142, 151,
                                       157, 176, 185, 193, 199, 208, 212, 216 };
/* Ports in the client range that tshark gives to a dissector (tshark -G decodes). */
static const uint16_t dissector_ports[] = {
    34962, 34980, 37008, 41170, 44321, 44322, 44818, 45564, 47000, 47808, 48049, 48898, 49999,
    54328, 56000, 56001, 56500, 56501, 57000, 57001, 57032, 57033, 57500, 57501, 57532, 57533,
    59000, 59001, 59032, 59033, 59500, 59501, 59532, 59533, 60001,
};

static const uint8_t dns_v4[4][4] = { { 8, 8, 8, 8 }, { 1, 1, 1, 1 }, { 9, 9, 9, 9 },
                                      { 208, 67, 222, 222 } };
static const uint8_t dns_v6[2][16] = {
    { 0x20, 0x01, 0x48, 0x60, 0x48, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x88 },
    { 0x26, 0x06, 0x47, 0x00, 0x47, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0x11 },
};
static const uint8_t ntp_v4[3][4] = { { 162, 159, 200, 1 }, { 162, 159, 200, 123 },
                                      { 129, 6, 15, 28 } };
static const uint8_t syslog_v4[2][4] = { { 10, 255, 0, 10 }, { 10, 255, 0, 11 } };

static uint32_t mix32(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53u;
    x ^= x >> 33;
    return (uint32_t)x;
}

/* Builds the six layouts with the frame builder. */
static void build_layouts(void)
{
    static frame_builder fb;
    for (int v6 = 0; v6 < 2; v6++)
        for (int tags = 0; tags < 3; tags++) {
            mix_layout *l = &layouts[v6][tags];
            fb_init(&fb);
            fb_eth(&fb, NULL, NULL, FB_AUTO);
            for (int t = 0; t < tags; t++) {
                int layer = fb_vlan(&fb, tags == 2 && t == 0 ? 0x88a8 : 0x8100, 1, 0, FB_AUTO);
                l->tag_off[t] = (uint8_t)fb.layers[layer].off;
            }
            int ip;
            if (v6) {
                fb_ipv6_opts o = { .hop_limit = 64, .next = 6 };
                ip = fb_ipv6_ex(&fb, &o);
            } else {
                fb_ipv4_opts o = { .ttl = 64, .proto = 6 };
                ip = fb_ipv4_ex(&fb, &o);
            }
            fb_finish(&fb);
            l->ip_off = (uint8_t)fb.layers[ip].off;
            l->len = (uint8_t)fb.len;
            memcpy(l->bytes, fb.data, fb.len);
        }
    layouts_ready = 1;
}

int mix_hosts_init(mix_ctx *m, uint64_t flows)
{
    if (!layouts_ready)
        build_layouts();
    uint64_t clients = flows / 40 + 16;
    m->n_clients = (uint32_t)(clients > 250000 ? 250000 : clients);
    uint64_t servers = flows / 10 + 32;
    m->n_servers = (uint32_t)(servers > 1000000 ? 1000000 : servers); /* < 21 * 65536 */
    m->client_port = malloc(m->n_clients * sizeof *m->client_port);
    m->client_icmp = calloc(m->n_clients, sizeof *m->client_icmp);
    if (!m->client_port || !m->client_icmp)
        return -1;
    for (uint32_t c = 0; c < m->n_clients; c++)
        m->client_port[c] = (uint16_t)(PORT_FIRST + mix32(c ^ 0x706f7274u) % (PORT_LAST - PORT_FIRST));
    return 0;
}

void mix_hosts_free(mix_ctx *m)
{
    free(m->client_port);
    free(m->client_icmp);
    m->client_port = NULL;
    m->client_icmp = NULL;
}

static int is_dissector_port(uint16_t port)
{
    for (size_t i = 0; i < sizeof dissector_ports / sizeof dissector_ports[0]; i++)
        if (dissector_ports[i] == port)
            return 1;
    return 0;
}

/* The next ephemeral port of a client. */
static uint16_t next_port(mix_ctx *m, mix_flow *f, uint32_t client)
{
    uint32_t port = m->client_port[client];
    do {
        port += 1 + (uint32_t)gen_rand_below(&f->rng, 7);
        if (port > PORT_LAST)
            port = PORT_FIRST + (port - PORT_LAST);
    } while (is_dissector_port((uint16_t)port));
    m->client_port[client] = (uint16_t)port;
    return (uint16_t)port;
}

static void client_address(uint32_t c, int v6, uint8_t *out)
{
    uint32_t h = mix32(c);
    if (v6) {
        static const uint8_t prefix[6] = { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00 };
        memcpy(out, prefix, 6);
        out[6] = (uint8_t)(c >> 24);
        out[7] = (uint8_t)(c >> 16);
        for (int i = 0; i < 4; i++)
            out[8 + i] = (uint8_t)(h >> (8 * i));
        out[12] = (uint8_t)(c >> 8);
        out[13] = (uint8_t)c;
        out[14] = (uint8_t)(h >> 7);
        out[15] = (uint8_t)(h >> 19);
        return;
    }
    /* 10.x.y.z, 172.16-31.y.z or 192.168.y.z, hosts .2 to .251; one address per client */
    uint32_t subnet = c / 250, host = 2 + c % 250;
    if (c % 5 == 3 && subnet < 4096) {
        out[0] = 172;
        out[1] = (uint8_t)(16 + subnet / 256);
    } else if (c % 5 == 4 && subnet < 256) {
        out[0] = 192;
        out[1] = 168;
    } else {
        out[0] = 10;
        out[1] = (uint8_t)(subnet / 256);
    }
    out[2] = (uint8_t)subnet;
    out[3] = (uint8_t)host;
}

static void client_mac(uint32_t c, uint8_t *out)
{
    uint32_t h = mix32((uint64_t)c << 1 | 1);
    memcpy(out, client_ouis[c % 6], 3);
    out[3] = (uint8_t)(h >> 16);
    out[4] = (uint8_t)(h >> 8);
    out[5] = (uint8_t)(c & 0xff);
}

static void server_address(uint32_t s, int v6, uint8_t *out)
{
    uint32_t h = mix32((uint64_t)s + 0x5e4f);
    if (v6) {
        static const uint8_t prefix[5] = { 0x20, 0x01, 0x0d, 0xb8, 0x02 };
        memcpy(out, prefix, 5);
        out[5] = (uint8_t)(s >> 16);
        out[6] = (uint8_t)(s >> 8);
        out[7] = (uint8_t)s;
        memset(out + 8, 0, 6);
        out[14] = (uint8_t)(h >> 8);
        out[15] = (uint8_t)(1 + h % 254);
        return;
    }
    uint32_t rest = s / (uint32_t)sizeof public_nets; /* one address per server */
    out[0] = public_nets[s % sizeof public_nets];
    out[1] = (uint8_t)(rest >> 8);
    out[2] = (uint8_t)rest;
    out[3] = (uint8_t)(1 + h % 253);
}

/* The server of a role: an address from the role's pool. */
static void role_server(mix_ctx *m, mix_flow *f, int role, int v6, uint32_t client, uint8_t *out)
{
    switch (role) {
    case MIX_ROLE_DNS:
        if (v6)
            memcpy(out, dns_v6[gen_rand_below(&f->rng, 2)], 16);
        else
            memcpy(out, dns_v4[gen_rand_below(&f->rng, 4)], 4);
        return;
    case MIX_ROLE_NTP:
        if (!v6) {
            memcpy(out, ntp_v4[gen_rand_below(&f->rng, 3)], 4);
            return;
        }
        break;
    case MIX_ROLE_SYSLOG:
        memcpy(out, syslog_v4[client % 2], 4);
        return;
    default:
        break;
    }
    uint32_t pool = role == MIX_ROLE_WEB ? m->n_servers : m->n_servers / 8 + 1;
    server_address((uint32_t)gen_rand_below(&f->rng, pool), v6, out);
}

/* Writes one side's header from the layout. */
static void fill_header(mix_flow *f, int side, const mix_layout *l, const uint8_t *client_mac_bytes,
                        uint8_t ttl)
{
    uint8_t *h = f->header[side];
    memcpy(h, l->bytes, l->len);
    const uint8_t *src = side == f->local ? client_mac_bytes : router_mac;
    const uint8_t *dst = side == f->local ? router_mac : client_mac_bytes;
    memcpy(h, dst, 6);
    memcpy(h + 6, src, 6);
    for (unsigned t = 0; t < f->n_tags; t++) {
        h[l->tag_off[t]] = (uint8_t)(f->vlan[t] >> 8 & 0x0f);
        h[l->tag_off[t] + 1] = (uint8_t)f->vlan[t];
    }
    uint8_t *ip = h + l->ip_off;
    if (f->ipv6) {
        ip[6] = f->proto;
        ip[7] = ttl;
        memcpy(ip + 8, f->addr[side], 16);
        memcpy(ip + 24, f->addr[!side], 16);
        if (f->proto == 6) { /* a flow label per connection and direction */
            uint32_t label = mix32(f->id * 2 + (uint64_t)side) & 0xfffff;
            ip[1] = (uint8_t)(label >> 16);
            ip[2] = (uint8_t)(label >> 8);
            ip[3] = (uint8_t)label;
        }
    } else {
        ip[6] = f->proto == 6 ? 0x40 : 0; /* TCP sets don't-fragment */
        ip[8] = ttl;
        ip[9] = f->proto;
        memcpy(ip + 12, f->addr[side], 4);
        memcpy(ip + 16, f->addr[!side], 4);
    }
}

void mix_hosts_assign(mix_ctx *m, mix_flow *f, int client_side, uint16_t server_port, int role)
{
    const gen_options *o = m->options;
    uint32_t client = (uint32_t)gen_rand_below(&f->rng, m->n_clients);
    int server_side = !client_side;
    f->local = (uint8_t)client_side;
    if (role == MIX_ROLE_PING) { /* a pair of hosts of its own */
        while (m->client_icmp[client] >= m->n_servers)
            client = (client + 1) % m->n_clients;
        uint32_t s = (uint32_t)((uint64_t)client * 7919u + m->client_icmp[client]++) % m->n_servers;
        client_address(client, f->ipv6, f->addr[client_side]);
        server_address(s, f->ipv6, f->addr[server_side]);
    } else {
        client_address(client, f->ipv6, f->addr[client_side]);
        role_server(m, f, role, f->ipv6, client, f->addr[server_side]);
        f->port[client_side] = next_port(m, f, client);
        f->port[server_side] = server_port;
    }
    if (gen_rand_chance(&f->rng, o->vlan_share)) {
        static const uint16_t vlans[5] = { 10, 20, 30, 40, 100 };
        if (gen_rand_chance(&f->rng, 0.3)) {
            f->n_tags = 2;
            f->vlan[0] = (uint16_t)(1000 + client % 8);
            f->vlan[1] = vlans[client % 5];
        } else {
            f->n_tags = 1;
            f->vlan[0] = vlans[client % 5];
        }
    }
    const mix_layout *l = &layouts[f->ipv6][f->n_tags];
    f->header_len = l->len;
    f->ip_off = l->ip_off;
    uint8_t mac[6];
    client_mac(client, mac);
    uint8_t remote_ttl = (uint8_t)(44 + gen_rand_below(&f->rng, 17));
    fill_header(f, client_side, l, mac, 64);
    fill_header(f, server_side, l, mac, remote_ttl);
    f->ip_id[0] = (uint16_t)gen_rand_next(&f->rng);
    f->ip_id[1] = (uint16_t)gen_rand_next(&f->rng);
}
