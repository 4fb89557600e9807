/* mix_apps.c — the applications of the benchmark mix: their names (as in the truth file), IP
 * protocols and operations. */
#include "mix_flow.h"

const mix_app_ops mix_apps[MIX_APPS] = {
    [MIX_HTTP] = { "http", 6, mix_tcp_start, mix_tcp_plan },
    [MIX_FTP] = { "ftp", 6, mix_tcp_start, mix_tcp_plan },
    [MIX_SMTP] = { "smtp", 6, mix_tcp_start, mix_tcp_plan },
    [MIX_BULK] = { "ftp-data", 6, mix_tcp_start, mix_tcp_plan },
    [MIX_FAIL] = { "fail", 6, mix_tcp_start, mix_tcp_plan },
    [MIX_DNS] = { "dns", 17, mix_dgram_udp_start, mix_dgram_udp_plan },
    [MIX_NTP] = { "ntp", 17, mix_dgram_udp_start, mix_dgram_udp_plan },
    [MIX_SYSLOG] = { "syslog", 17, mix_dgram_udp_start, mix_dgram_udp_plan },
    [MIX_DNSFRAG] = { "dnsfrag", 17, mix_dgram_udp_start, mix_dgram_udp_plan },
    [MIX_PING] = { "ping", 1, mix_dgram_icmp_start, mix_dgram_icmp_plan },
    [MIX_BIGPING] = { "bigping", 1, mix_dgram_icmp_start, mix_dgram_icmp_plan },
};
