/* test_geo_special.c — the special-purpose range table of basicFlow against T2-COMPAT §6.1: for
 * every range of the specification its first and last address, and the addresses just outside
 * it (public, or in the neighbouring range the specification gives them). */
#include <arpa/inet.h>
#include <check.h>
#include <string.h>

#include "geo_special.h"
#include "unit_run.h"

/* An address and the code and label §6.1 gives it (NULL: a public address). */
typedef struct expectation {
    const char *address;
    const char *code;
    const char *label;
} expectation;

static const expectation ipv4[] = {
    { "0.0.0.0", "00", "unspecified" }, { "0.255.255.255", "00", "unspecified" }, { "1.0.0.0", NULL, NULL },
    { "126.255.255.255", NULL, NULL }, { "127.0.0.0", "01", "loopback" }, { "127.255.255.255", "01", "loopback" },
    { "128.0.0.0", NULL, NULL },
    { "9.255.255.255", NULL, NULL }, { "10.0.0.0", "02", "private_reserved" },
    { "10.255.255.255", "02", "private_reserved" }, { "11.0.0.0", NULL, NULL },
    { "172.15.255.255", NULL, NULL }, { "172.16.0.0", "02", "private_reserved" },
    { "172.31.255.255", "02", "private_reserved" }, { "172.32.0.0", NULL, NULL },
    { "192.167.255.255", NULL, NULL }, { "192.168.0.0", "02", "private_reserved" },
    { "192.168.1.105", "02", "private_reserved" }, { "192.168.255.255", "02", "private_reserved" },
    { "192.169.0.0", NULL, NULL },
    { "169.253.255.255", NULL, NULL }, { "169.254.0.0", "04", "link_local" },
    { "169.254.255.255", "04", "link_local" }, { "169.255.0.0", NULL, NULL },
    { "191.255.255.255", NULL, NULL }, { "192.0.0.0", "06", "ietf_protocol" },
    { "192.0.0.255", "06", "ietf_protocol" }, { "192.0.1.0", NULL, NULL },
    { "198.17.255.255", NULL, NULL }, { "198.18.0.0", "08", "benchmarking" },
    { "198.19.255.255", "08", "benchmarking" }, { "198.20.0.0", NULL, NULL },
    { "223.255.255.255", NULL, NULL }, { "224.0.0.0", "10", "multicast" },
    { "239.255.255.255", "10", "multicast" }, { "240.0.0.0", "24", "reserved" },
    { "255.255.255.254", "24", "reserved" }, { "255.255.255.255", "11", "broadcast" },
    { "100.63.255.255", NULL, NULL }, { "100.64.0.0", "20", "shared_address" },
    { "100.127.255.255", "20", "shared_address" }, { "100.128.0.0", NULL, NULL },
    { "192.0.1.255", NULL, NULL }, { "192.0.2.0", "21", "test_net_1" }, { "192.0.2.255", "21", "test_net_1" },
    { "192.0.3.0", NULL, NULL },
    { "198.51.99.255", NULL, NULL }, { "198.51.100.0", "22", "test_net_2" },
    { "198.51.100.255", "22", "test_net_2" }, { "198.51.101.0", NULL, NULL },
    { "203.0.112.255", NULL, NULL }, { "203.0.113.0", "23", "test_net_3" },
    { "203.0.113.255", "23", "test_net_3" }, { "203.0.114.0", NULL, NULL },
    { "192.88.98.255", NULL, NULL }, { "192.88.99.0", "60", "6to4_relay_anycast" },
    { "192.88.99.255", "60", "6to4_relay_anycast" }, { "192.88.100.0", NULL, NULL },
    { "143.166.11.10", NULL, NULL }, { "8.8.8.8", NULL, NULL },
};

static const expectation ipv6[] = {
    { "::", "00", "unspecified" }, { "::1", "01", "loopback" }, { "::2", NULL, NULL },
    { "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "fc00::", "03", "unique_local" },
    { "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "03", "unique_local" }, { "fe00::", NULL, NULL },
    { "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "fe80::", "04", "link_local" },
    { "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "04", "link_local" }, { "fec0::", NULL, NULL },
    { "2001:1:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "2001:2::", "08", "benchmarking" },
    { "2001:2:0:ffff:ffff:ffff:ffff:ffff", "08", "benchmarking" }, { "2001:2:1::", NULL, NULL },
    { "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "ff00::", "10", "multicast" },
    { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "10", "multicast" },
    { "ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "100::", "25", "discard_only" },
    { "100::ffff:ffff:ffff:ffff", "25", "discard_only" }, { "100:0:0:1::", NULL, NULL },
    { "2001:1f:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "2001:20::", "26", "orchid_v2" },
    { "2001:2f:ffff:ffff:ffff:ffff:ffff:ffff", "26", "orchid_v2" }, { "2001:30::", NULL, NULL },
    { "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "2001:db8::", "27", "documentation" },
    { "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "27", "documentation" }, { "2001:db9::", NULL, NULL },
    { "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "3fff::", "27", "documentation" },
    { "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", "27", "documentation" }, { "3fff:1000::", NULL, NULL },
    { "::fffe:ffff:ffff", NULL, NULL }, { "::ffff:0:0", "61", "ipv4_mapped" },
    { "::ffff:192.168.1.1", "61", "ipv4_mapped" }, { "::ffff:ffff:ffff", "61", "ipv4_mapped" },
    { "::1:0:0:0", NULL, NULL },
    { "::ffff:0:0:0", "62", "ipv4_translated" }, { "::ffff:0:ffff:ffff", "62", "ipv4_translated" },
    { "::ffff:1:0:0", NULL, NULL },
    { "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "64:ff9b::", "63", "nat64" },
    { "64:ff9b::ffff:ffff", "63", "nat64" }, { "64:ff9b::1:0:0", NULL, NULL },
    { "64:ff9b:1::", "63", "nat64" }, { "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "63", "nat64" },
    { "64:ff9b:2::", NULL, NULL },
    { "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "2001::", "64", "teredo" },
    { "2001:0:ffff:ffff:ffff:ffff:ffff:ffff", "64", "teredo" }, { "2001:1::", NULL, NULL },
    { "2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL }, { "2002::", "65", "6to4" },
    { "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "65", "6to4" }, { "2003::", NULL, NULL },
    { "2a00:1450::1", NULL, NULL },
};

static void check_all(const expectation *list, size_t n, int version)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t addr[16];
        ck_assert_msg(inet_pton(version == 4 ? AF_INET : AF_INET6, list[i].address, addr) == 1, "bad test address %s",
                      list[i].address);
        const geo_special_range *r = geo_special_find(version, addr);
        if (!list[i].code) {
            ck_assert_msg(r == NULL, "%s: expected a public address, got %s/%s", list[i].address,
                          r ? r->code : "", r ? r->label : "");
            continue;
        }
        ck_assert_msg(r != NULL, "%s: expected %s, got a public address", list[i].address, list[i].code);
        ck_assert_msg(strcmp(r->code, list[i].code) == 0 && strcmp(r->label, list[i].label) == 0,
                      "%s: expected %s/%s, got %s/%s", list[i].address, list[i].code, list[i].label, r->code,
                      r->label);
    }
}

START_TEST(ipv4_ranges_and_their_boundaries)
{
    check_all(ipv4, sizeof ipv4 / sizeof ipv4[0], 4);
}
END_TEST

START_TEST(ipv6_ranges_and_their_boundaries)
{
    check_all(ipv6, sizeof ipv6 / sizeof ipv6[0], 6);
}
END_TEST

/* The version selects the table: the bytes of 127.0.0.1 read as IPv6 are 7f00:1:: (public), and
 * those of fc00:: read as IPv4 are 252.0.0.0 (reserved, not unique_local). */
START_TEST(the_version_selects_the_table)
{
    uint8_t loopback4[16] = { 127, 0, 0, 1 };
    ck_assert_ptr_null(geo_special_find(6, loopback4));
    uint8_t unique_local6[16] = { 0xfc, 0x00 };
    const geo_special_range *r = geo_special_find(4, unique_local6);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->code, "24");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("geo_special");
    TCase *tc = tcase_create("ranges");
    tcase_add_test(tc, ipv4_ranges_and_their_boundaries);
    tcase_add_test(tc, ipv6_ranges_and_their_boundaries);
    tcase_add_test(tc, the_version_selects_the_table);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
