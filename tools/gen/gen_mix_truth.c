/* gen_mix_truth.c — writes the mix's ground truth as JSON (see gen_mix_truth.h). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>

#include "gen_mix_truth.h"

static const char *const proto_names[4] = { "tcp", "udp", "icmp", "icmpv6" };

static int proto_index(uint8_t proto)
{
    return proto == 6 ? 0 : proto == 17 ? 1 : proto == 1 ? 2 : 3;
}

void gen_mix_truth_begin(mix_ctx *m, uint64_t flows, double duration)
{
    const gen_options *o = m->options;
    if (!m->truth)
        return;
    fprintf(m->truth,
            "{\"generator\":\"rowtap-gen\",\"format_version\":1,\n"
            "\"args\":{\"packets\":%" PRIu64 ",\"flows\":%" PRIu64 ",\"seed\":%" PRIu64
            ",\"vlan_share\":%g,\"ipv6_share\":%g,\"duration\":%g,\"snaplen\":%u},\n"
            "\"pcap\":{\"magic\":\"a1b2c3d4\",\"byte_order\":\"little\",\"version\":\"2.4\","
            "\"linktype\":1,\"snaplen\":%u,\"ts_resolution\":\"us\"},\n"
            "\"notes\":\"one record per bidirectional flow in the order the flows ended; a = the "
            "side that sent the first packet; packets and bytes per direction are frames and wire "
            "bytes (Ethernet padding included, no FCS); l4_packets = frames carrying the transport "
            "header (all but later IPv4 fragments); ICMP flows are keyed by their two addresses "
            "(each pair has one ICMP flow); every 5-tuple occurs in one flow only\",\n"
            "\"flows\":[",
            o->packets, flows, o->seed, o->vlan_share, o->ipv6_share, duration, o->snaplen,
            o->snaplen);
}

static void put_time(FILE *out, int64_t ns)
{
    fprintf(out, "\"%" PRId64 ".%06" PRId64 "\"", ns / 1000000000, ns % 1000000000 / 1000);
}

void gen_mix_truth_flow(mix_ctx *m, const mix_flow *f)
{
    FILE *out = m->truth;
    m->totals.conversations[proto_index(f->proto)]++;
    if (!out)
        return;
    char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
    int family = f->ipv6 ? AF_INET6 : AF_INET;
    inet_ntop(family, f->addr[0], a, sizeof a);
    inet_ntop(family, f->addr[1], b, sizeof b);
    int icmp = f->proto == 1 || f->proto == 58;
    fprintf(out, "%s\n{\"id\":%" PRIu64 ",\"proto\":\"%s\",\"ipver\":%d,\"a\":\"%s\",\"a_port\":%u,"
                 "\"b\":\"%s\",\"b_port\":%u,",
            m->flows_done ? "," : "", f->id, proto_names[proto_index(f->proto)], f->ipv6 ? 6 : 4, a,
            f->port[0], b, f->port[1]);
    if (icmp)
        fprintf(out, "\"icmp_id\":%u,", f->st.dgram.icmp_id);
    else
        fputs("\"icmp_id\":null,", out);
    fputs("\"vlan\":[", out);
    for (unsigned t = 0; t < f->n_tags; t++)
        fprintf(out, "%s%u", t ? "," : "", f->vlan[t]);
    fprintf(out, "],\"app\":\"%s\",\"packets\":%u,\"packets_a_to_b\":%" PRIu64
                 ",\"packets_b_to_a\":%" PRIu64 ",\"bytes\":%" PRIu64 ",\"bytes_a_to_b\":%" PRIu64
                 ",\"bytes_b_to_a\":%" PRIu64 ",\"l4_packets\":%" PRIu64 ",\"ipv4_fragments\":%" PRIu64
                 ",\"first_ts\":",
            mix_apps[f->app].name, f->written, f->packets[0], f->packets[1], f->bytes[0] + f->bytes[1],
            f->bytes[0], f->bytes[1], f->l4_packets, f->fragments);
    put_time(out, f->first_time);
    fputs(",\"last_ts\":", out);
    put_time(out, f->last_time);
    fputc('}', out);
}

int gen_mix_truth_end(mix_ctx *m)
{
    FILE *out = m->truth;
    if (!out)
        return 0;
    const mix_totals *t = &m->totals;
    fprintf(out,
            "\n],\n\"total_packets\":%" PRIu64 ",\"total_bytes\":%" PRIu64
            ",\"total_captured_bytes\":%" PRIu64 ",\"flows_count\":%" PRIu64 ",\n"
            "\"conversations\":{\"tcp\":%" PRIu64 ",\"udp\":%" PRIu64 ",\"icmp\":%" PRIu64
            ",\"icmpv6\":%" PRIu64 "},\n"
            "\"protocols\":{\"eth\":%" PRIu64 ",\"vlan\":%" PRIu64 ",\"qinq\":%" PRIu64
            ",\"ipv4\":%" PRIu64 ",\"ipv6\":%" PRIu64 ",\"tcp\":%" PRIu64 ",\"udp\":%" PRIu64
            ",\"icmp\":%" PRIu64 ",\"icmpv6\":%" PRIu64 ",\"ipv4_fragments\":%" PRIu64
            ",\"ipv4_fragments_nonfirst\":%" PRIu64 "},\n\"apps_packets\":{",
            t->packets, t->wire_bytes, t->captured_bytes, m->flows_done, t->conversations[0],
            t->conversations[1], t->conversations[2], t->conversations[3], t->packets, t->vlan,
            t->qinq, t->ipv4, t->ipv6, t->tcp, t->udp, t->icmp, t->icmpv6, t->fragments,
            t->fragments_later);
    for (unsigned a = 0; a < MIX_APPS; a++)
        fprintf(out, "%s\"%s\":%" PRIu64, a ? "," : "", mix_apps[a].name, t->app_packets[a]);
    fputs("}}\n", out);
    return ferror(out) ? -1 : 0;
}
