/* sample_part_tunnels.c — sample part: tunnels: PPTP (enhanced GRE carrying PPP carrying IPv4),
 * plain GRE with a key, IPv4 in IPv4, a ping to the 6to4 relay anycast address and 6in4 through
 * it, VXLAN, GTP-U
 * from a mobile subscriber with a shared (100.64/10) address, Geneve and Teredo. Every tunnel
 * carries a short conversation keyed on its innermost IP header. */
#include "sample_apps.h"
#include "sample_part.h"

void sample_part_tunnels(sample_ctx *c)
{
    static const sample_path pptp = { .open = sample_path_gre_ppp,
                                      .outer = { DESKTOP_IP, "198.51.100.1" }, .id = 0x4000,
                                      .id2 = 1 };
    static const sample_path gre = { .open = sample_path_gre,
                                     .outer = { "203.0.113.1", "203.0.113.2" }, .id = 42 };
    static const sample_path ipip = { .open = sample_path_ip_in_ip,
                                      .outer = { "203.0.113.5", "203.0.113.6" } };
    static const sample_path six_in_four = { .open = sample_path_ip_in_ip,
                                             .outer = { "198.51.100.77", "192.88.99.1" } };
    static const sample_path vxlan = { .open = sample_path_vxlan,
                                       .mac = { "00:50:56:b0:05:05", "00:50:56:b0:05:06" },
                                       .outer = { "10.0.0.11", "10.0.0.12" },
                                       .outer_port = { 51234, 4789 }, .id = 5001 };
    static const sample_path gtpu = { .open = sample_path_gtpu,
                                      .outer = { "10.99.0.1", "10.99.0.2" },
                                      .outer_port = { 2152, 2152 }, .id = 0x1000 };
    static const sample_path geneve = { .open = sample_path_geneve,
                                        .mac = { "00:50:56:b0:06:05", "00:50:56:b0:06:06" },
                                        .outer = { "10.0.0.21", "10.0.0.22" },
                                        .outer_port = { 6081, 6081 }, .id = 7000 };
    static const sample_path teredo = { .open = sample_path_teredo,
                                        .outer = { LAPTOP_IP, "192.0.2.45" },
                                        .outer_port = { 50123, 3544 } };

    sample_apps_http(c, &pptp, "172.16.5.10", 51000, "172.16.0.10", 1360, "/intranet/", 300000, 42000);
    sample_conv conv;
    sample_conv_init(&conv, c, &gre, "10.50.0.1", "10.60.0.1");
    sample_conv_ping(&conv, 0x5001, 1, 300000, 3000);
    sample_apps_dns(c, &ipip, "10.70.0.1", 41001, "10.80.0.1", "db.internal.example", "10.80.0.44", 300000, 25000);
    /* the 6to4 host checks that the relay is reachable, then talks IPv6 through it */
    static const sample_path to_relay = { .open = sample_path_ethernet,
                                          .mac = { "00:16:3e:4d:00:77", "00:16:3e:00:00:01" },
                                          .pad = 1 };
    sample_conv_init(&conv, c, &to_relay, "198.51.100.77", "192.88.99.1");
    sample_conv_ping(&conv, 0x6401, 1, 300000, 14000);
    sample_apps_http(c, &six_in_four, "2002:c633:644d::1", 51500, "2001:218::80", 1360, "/", 300000, 42000);
    sample_apps_http(c, &vxlan, "10.200.5.5", 52000, "10.200.5.6", 1360, "/healthz", 300000, 900);
    sample_apps_dns(c, &gtpu, "100.64.20.7", 42002, "8.8.8.8", "mail.example.net", "1.128.0.1", 300000, 25000);
    sample_conv_init(&conv, c, &gtpu, "100.64.20.7", "8.8.8.8");
    sample_conv_ping(&conv, 0x6001, 1, 200000, 48000);
    sample_apps_dns(c, &geneve, "10.210.5.5", 43003, "10.210.5.6", "svc.cluster.example", "10.210.9.9", 300000, 25000);
    sample_conv_init(&conv, c, &teredo, "2001:0:c000:22d:8000:3c34:34ff:8eb2", "2001:db8:5::1");
    sample_conv_ping(&conv, 0x7001, 1, 300000, 61000);
}
