/* status_bits.c — the table of flowStat bit meanings (T2-COMPAT §5). */
#include "status_bits.h"

typedef struct status_bit {
    const char *meaning;
    int warning;
} status_bit;

static const status_bit bits[64] = {
    [0] = { "B direction (reply side)", 0 },
    [1] = { "no Ethernet header (raw IP, null/loopback, PPP, Linux cooked)", 0 },
    [2] = { "layer-2 (non-IP) flow", 0 },
    [3] = { "PPPoE discovery", 0 },
    [4] = { "PPPoE session", 0 },
    [5] = { "LLDP", 0 },
    [6] = { "ARP", 0 },
    [7] = { "reverse ARP", 0 },
    [8] = { "VLAN tag(s) present", 0 },
    [9] = { "MPLS unicast", 0 },
    [10] = { "MPLS multicast", 0 },
    [11] = { "L2TP", 0 },
    [12] = { "GRE", 0 },
    [13] = { "PPP inside L2TP or GRE", 0 },
    [14] = { "IPv4 flow", 0 },
    [15] = { "IPv6 flow", 0 },
    [16] = { "IP version field disagrees with the ethertype", 1 },
    [17] = { "IP in IP", 0 },
    [18] = { "Ethernet over IP", 0 },
    [19] = { "Teredo", 0 },
    [20] = { "AYIYA", 0 },
    [21] = { "GTP", 0 },
    [22] = { "VXLAN", 0 },
    [23] = { "CAPWAP or LWAPP", 0 },
    [24] = { "SCTP", 0 },
    [25] = { "SSDP/UPnP", 0 },
    [26] = { "ERSPAN", 0 },
    [27] = { "WCCP", 0 },
    [28] = { "SIP/RTP", 0 },
    [29] = { "GENEVE", 0 },
    [30] = { "IPsec AH", 0 },
    [31] = { "IPsec ESP", 0 },
    [32] = { "captured length below the link-layer header size", 1 },
    [33] = { "truncated capture: fewer bytes captured than the IP length announces", 1 },
    [34] = { "captured or declared length below the minimal IP header", 1 },
    [35] = { "captured or declared length below the minimal transport header", 1 },
    [36] = { "fragmented packets seen", 0 },
    [37] = { "fragment sequence error", 1 },
    [38] = { "first fragment missing or out of order", 1 },
    [39] = { "fragment sequence incomplete when the flow ended", 1 },
    [40] = { "ended by inactivity timeout", 0 },
    [41] = { "ended early on request", 0 },
    [42] = { "evicted because the flow table was full", 1 },
    [43] = { "decoding stopped before the transport header was complete", 1 },
    [44] = { "consecutive packets with identical IPv4 identification", 0 },
    [45] = { "compressed PPP header, not decodable", 1 },
    [46] = { "IPv4 header length field below 5", 1 },
    [47] = { "IP length field 0 or larger than the frame", 1 },
    [48] = { "hdrDesc too long, or more than 4 distinct hdrDesc in a flow", 1 },
    [49] = { "alarm raised by a plugin", 1 },
    [50] = { "same address and port on both sides (TCP)", 1 },
    [51] = { "negative inter-arrival time (capture time went backwards)", 1 },
    [52] = { "flow selected for extraction", 0 },
    [55] = { "internal (subnet lookup done)", 0 },
    [56] = { "Tor address", 0 },
    [57] = { "VLAN priority tag (VLAN ID 0) seen", 0 },
    [58] = { "IPv4 packet", 0 },
    [59] = { "IPv6 packet", 0 },
    [60] = { "LAPD flow", 0 },
    [61] = { "DTLS", 0 },
    [62] = { "duration-limited sub-flow keeps its flowInd", 0 },
    [63] = { "packet cut by an input buffer limit", 1 },
};

const char *status_bit_meaning(unsigned bit)
{
    return bit < 64 && bits[bit].meaning ? bits[bit].meaning : "unused";
}

int status_bit_is_warning(unsigned bit)
{
    return bit < 64 && bits[bit].warning;
}
