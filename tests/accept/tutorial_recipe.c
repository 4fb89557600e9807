/* tutorial_recipe.c — the captures of the tutorial's tables: the filler conversations (UDP
 * exchanges with a resolver; for Table 2 also the passive-mode data connection that follows the
 * control connection's PASV reply) and each table's snap length and handshake. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "tutorial_recipe.h"
#include "tutorial_tables.h"

/* The UDP conversations that fill the packet numbers around the flow, and (Table 2) the
 * passive-mode data connection that follows the control connection's PASV reply. */
struct tutorial_fillers {
    unsigned conversations;
    const char *client_net;    /* conversation c's client: client_net.(c / 250).(c % 250 + 1) */
    const char *server_ip, *client_mac, *server_mac;
    uint64_t data_from;        /* packets from this number on belong to the data connection (0: none) */
    const char *data_client_ip, *data_server_ip;
    uint16_t data_client_port, data_server_port;
};

static void fill_udp(frame_builder *fb, const tutorial_fillers *plan, uint64_t index)
{
    static const char query[] = "\x4a\x21\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00";
    unsigned c = (unsigned)((index - 1) % plan->conversations);
    int reply = (int)(((index - 1) / plan->conversations) % 2);
    char client[46];
    snprintf(client, sizeof client, "%s.%u.%u", plan->client_net, c / 250, c % 250 + 1);
    uint16_t client_port = (uint16_t)(50001 + c);
    fb_eth(fb, reply ? plan->client_mac : plan->server_mac, reply ? plan->server_mac : plan->client_mac, FB_AUTO);
    fb_ipv4(fb, reply ? plan->server_ip : client, reply ? client : plan->server_ip);
    fb_udp(fb, reply ? 53 : client_port, reply ? client_port : 53);
    fb_payload(fb, query, sizeof query - 1);
    fb_pad_to(fb, 60);
}

/* The data connection: SYN, SYN-ACK, ACK (j = 0, 1, 2), then 512-byte segments from the server,
 * each acknowledged by the client. */
static void fill_data(frame_builder *fb, const tutorial_fillers *plan, uint64_t j)
{
    static const uint8_t handshake_flags[3] = { 0x02, 0x12, 0x10 };
    const uint32_t client_isn = 0x51f0c2a3u, server_isn = 0x0be4d780u, segment = 512;
    int from_server = j == 1 || (j >= 3 && (j - 3) % 2 == 0);
    uint32_t acked_segments = j < 3 ? 0 : (uint32_t)((j - 3) / 2) + !from_server;
    uint32_t server_seq = server_isn + (j >= 2) + acked_segments * segment;
    uint32_t client_seq = client_isn + (j >= 1);
    uint8_t flags = j < 3 ? handshake_flags[j] : from_server ? 0x18 : 0x10;
    const char *src_ip = from_server ? plan->data_server_ip : plan->data_client_ip;
    const char *dst_ip = from_server ? plan->data_client_ip : plan->data_server_ip;
    uint16_t src_port = from_server ? plan->data_server_port : plan->data_client_port;
    uint16_t dst_port = from_server ? plan->data_client_port : plan->data_server_port;
    fb_eth(fb, from_server ? plan->client_mac : plan->server_mac, from_server ? plan->server_mac : plan->client_mac,
           FB_AUTO);
    fb_ipv4(fb, src_ip, dst_ip);
    fb_tcp(fb, src_port, dst_port, from_server ? server_seq : client_seq,
           j == 0 ? 0 : from_server ? client_seq : server_seq, flags, from_server ? 4232 : 64240);
    if (j >= 3 && from_server)
        fb_payload_fill(fb, 0x4d, segment);
    fb_pad_to(fb, 60);
}

static void filler(frame_builder *fb, uint64_t pkt_no, uint64_t index, void *ctx)
{
    const tutorial_fillers *plan = ctx;
    if (plan->data_from && pkt_no >= plan->data_from)
        fill_data(fb, plan, pkt_no - plan->data_from);
    else
        fill_udp(fb, plan, index);
}

static const tutorial_fillers faf_exercise_fillers = {
    .conversations = 34, .client_net = "192.168", .server_ip = "192.168.1.1",
    .client_mac = "00:08:74:38:01:b4", .server_mac = "00:19:e3:e7:5d:23",
    .data_from = 1280, .data_client_ip = "192.168.1.105", .data_server_ip = "143.166.11.10",
    .data_client_port = 49330, .data_server_port = 251 * 256 + 78, /* row 1279: (143,166,11,10,251,78) */
};

static const tutorial_fillers annoloc_fillers = {
    .conversations = 636, .client_net = "10.17", .server_ip = "10.200.0.53",
    .client_mac = "00:50:fc:28:a5:eb", .server_mac = "00:d0:02:6d:78:00",
};

const tutorial_recipe tutorial_recipes[2] = {
    /* annoloc2 was captured with a short snap length: 54 bytes, the headers of a TCP packet. */
    [TUTORIAL_TABLE1] = { TUTORIAL_TABLE1, "annoloc2", "637", 0, 54, &annoloc_fillers },
    [TUTORIAL_TABLE2] = { TUTORIAL_TABLE2, "faf-exercise", "35", 1, 65535, &faf_exercise_fillers },
};

void tutorial_recipe_write(const tutorial_recipe *recipe, const char *tables_path, const char *pcap_path,
                           tc_table *table, tc_flow *flow)
{
    rt_buffer text[TUTORIAL_N_TABLES];
    memset(text, 0, sizeof text);
    tutorial_tables_load(tables_path, text);
    tc_table_parse((const char *)text[recipe->table].data, text[recipe->table].len, table);
    for (unsigned i = 0; i < TUTORIAL_N_TABLES; i++)
        buffer_free(&text[i]);
    tc_flow_from_table(table, recipe->handshake, 1460, flow);
    tc_write_capture(pcap_path, flow, recipe->snaplen, filler, (void *)recipe->fillers);
}
