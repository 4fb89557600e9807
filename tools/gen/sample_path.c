/* sample_path.c — the layers in front of a frame's innermost IP header: Ethernet with tags,
 * MPLS, PPPoE, tunnels and the link types without Ethernet (see sample.h). */
#include "sample.h"

/* Documentation MAC addresses (RFC 7042) of tunnel endpoints' outer Ethernet headers. */
static const char *const tunnel_mac[2] = { "00:00:5e:00:53:0a", "00:00:5e:00:53:0b" };

static void add_tags(frame_builder *fb, const sample_path *p)
{
    for (unsigned i = 0; i < p->n_tags; i++)
        fb_vlan(fb, p->tpid[i], p->vid[i], p->priority, FB_AUTO);
}

void sample_path_ethernet(frame_builder *fb, const sample_path *p, int side)
{
    fb_eth(fb, p->mac[!side], p->mac[side], FB_AUTO);
    add_tags(fb, p);
}

void sample_path_mpls(frame_builder *fb, const sample_path *p, int side)
{
    sample_path_ethernet(fb, p, side);
    fb_mpls(fb, p->id, 0, 62, p->id2 ? 0 : FB_AUTO, 0);
    if (p->id2)
        fb_mpls(fb, p->id2, 0, 62, FB_AUTO, 0);
}

void sample_path_mpls_multicast(frame_builder *fb, const sample_path *p, int side)
{
    sample_path_ethernet(fb, p, side);
    fb_mpls(fb, p->id, 0, 62, FB_AUTO, 1);
}

void sample_path_pppoe(frame_builder *fb, const sample_path *p, int side)
{
    sample_path_ethernet(fb, p, side);
    fb_pppoe_session(fb, (uint16_t)p->id);
    fb_ppp(fb, 0, FB_AUTO);
}

/* Outer Ethernet and IPv4 of a tunnel, protocol FB_AUTO. */
static void tunnel_outer(frame_builder *fb, const sample_path *p, int side)
{
    fb_ipv4_opts o = { .src = p->outer[side], .dst = p->outer[!side], .ttl = 64,
                       .dont_fragment = 1, .proto = FB_AUTO };
    fb_eth(fb, tunnel_mac[!side], tunnel_mac[side], FB_AUTO);
    add_tags(fb, p);
    fb_ipv4_ex(fb, &o);
}

void sample_path_gre_ppp(frame_builder *fb, const sample_path *p, int side)
{
    fb_gre_opts o = { .version = 1, .protocol = FB_AUTO, .call_id = (uint16_t)(p->id + (uint32_t)side),
                      .has_sequence = 1, .sequence = p->id2 };
    tunnel_outer(fb, p, side);
    fb_gre_ex(fb, &o);
    fb_ppp(fb, FB_PPP_HDLC, FB_AUTO);
}

void sample_path_gre(frame_builder *fb, const sample_path *p, int side)
{
    fb_gre_opts o = { .protocol = FB_AUTO, .has_key = p->id != 0, .key = p->id };
    tunnel_outer(fb, p, side);
    fb_gre_ex(fb, &o);
}

void sample_path_ip_in_ip(frame_builder *fb, const sample_path *p, int side)
{
    tunnel_outer(fb, p, side);
}

/* Outer Ethernet, IPv4 and UDP of a UDP tunnel whose well-known port is on side 1 (or both);
 * returns the UDP layer. */
static int udp_tunnel_outer(frame_builder *fb, const sample_path *p, int side)
{
    tunnel_outer(fb, p, side);
    return fb_udp(fb, p->outer_port[side], p->outer_port[!side]);
}

void sample_path_vxlan(frame_builder *fb, const sample_path *p, int side)
{
    /* like most VXLAN endpoints: no outer UDP checksum */
    fb_lie(fb, udp_tunnel_outer(fb, p, side), FB_CHECKSUM, 0);
    fb_vxlan(fb, p->id);
    fb_eth(fb, p->mac[!side], p->mac[side], FB_AUTO);
}

void sample_path_geneve(frame_builder *fb, const sample_path *p, int side)
{
    /* no outer UDP checksum (it would not cover the option written below after fb_finish) */
    fb_lie(fb, udp_tunnel_outer(fb, p, side), FB_CHECKSUM, 0);
    int layer = fb_geneve(fb, p->id, 2, FB_AUTO);
    /* One option: class 0x0104 (a vendor range), type 0x01, 4 bytes of data. */
    fb_poke(fb, layer, 8, 32, 0x01040101u);
    fb_poke(fb, layer, 12, 32, 0x0000002au);
    fb_eth(fb, p->mac[!side], p->mac[side], FB_AUTO);
}

void sample_path_gtpu(frame_builder *fb, const sample_path *p, int side)
{
    udp_tunnel_outer(fb, p, side);
    fb_gtpu(fb, 0xff, p->id + (uint32_t)side, 0);
}

void sample_path_teredo(frame_builder *fb, const sample_path *p, int side)
{
    udp_tunnel_outer(fb, p, side);
    if (side == 1)
        fb_teredo_origin(fb, p->outer_port[1], p->outer[1]);
}

void sample_path_raw(frame_builder *fb, const sample_path *p, int side)
{
    fb_raw(fb, p->id);
}

void sample_path_null(frame_builder *fb, const sample_path *p, int side)
{
    fb_null(fb, p->id2 ? (int)p->id2 : FB_AUTO, p->id == 108);
    if (p->id == 108)
        fb_set_linktype(fb, 108);
}

void sample_path_sll(frame_builder *fb, const sample_path *p, int side)
{
    fb_sll(fb, side ? 0 : 4, 1, p->mac[side], FB_AUTO);
}

void sample_path_sll2(frame_builder *fb, const sample_path *p, int side)
{
    fb_sll2(fb, side ? 0 : 4, 1, 2, p->mac[side], FB_AUTO);
}

void sample_path_ppp(frame_builder *fb, const sample_path *p, int side)
{
    fb_ppp(fb, p->id2 ? FB_PPP_HDLC : 0, FB_AUTO);
}
