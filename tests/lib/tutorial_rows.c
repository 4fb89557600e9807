/* tutorial_rows.c — the typed values of the tutorial rows (T2-COMPAT §7.5), transcribed from the
 * tables: times in nanoseconds, payloads as the bytes their escapes stand for. */
#include <string.h>

#include "tutorial_rows.h"

const rt_column tutorial_packet_columns[TUTORIAL_N_PACKET_COLUMNS] = {
    RT_COLUMN("pktNo", U64, "Packet number"),
    RT_COLUMN("flowInd", U64, "Flow index, shared by both directions"),
    RT_COLUMN("flowStat", H64, "Flow status bits up to this packet"),
    RT_COLUMN("time", TS, "Packet time"),
    RT_COLUMN("pktIAT", DUR, "Time since the previous packet of the direction"),
    RT_COLUMN("flowDuration", DUR, "Time since the first packet of the direction"),
    RT_COLUMN("numHdrs", U16, "Header count"),
    RT_COLUMN("hdrDesc", SC, "Header stack"),
    RT_COLUMN_REPEATED("ethVlanID", U16, "VLAN IDs, outermost first"),
    RT_COLUMN("srcMac", MAC, "Source MAC address"),
    RT_COLUMN("dstMac", MAC, "Destination MAC address"),
    RT_COLUMN("ethType", H16, "Ethernet type"),
    RT_COLUMN("srcIP", IPX, "Source IP address"),
    RT_COLUMN("srcIPCC", SC, "Source country or special-range code"),
    RT_COLUMN("srcIPWho", S, "Source organisation or special-range label"),
    RT_COLUMN("srcPort", U16, "Source port"),
    RT_COLUMN("dstIP", IPX, "Destination IP address"),
    RT_COLUMN("dstIPCC", SC, "Destination country or special-range code"),
    RT_COLUMN("dstIPWho", S, "Destination organisation or special-range label"),
    RT_COLUMN("dstPort", U16, "Destination port"),
    RT_COLUMN("l4Proto", U8, "IP protocol number"),
    RT_COLUMN("winSize", U16, "TCP window field"),
    RT_COLUMN("winThPktCnt", U32, "Packets of the direction with window below threshold"),
    RT_COLUMN("l7Content", BIN, "Application payload"),
};

static const tutorial_packet table1_packets[] = {
    { 37450, 637, 0x0000000200004001ull, 1022171702462789000ll, 148000ll, 710191000ll, 5840, 0, "" },
    { 40422, 637, 0x0000000000004000ull, 1022171702523534000ll, 75901000ll, 780101000ll, 5840, 0, "" },
    { 40692, 637, 0x0000000000004000ull, 1022171702528525000ll, 4991000ll, 785092000ll, 2920, 0, "" },
    { 40925, 637, 0x0000000000004000ull, 1022171702534186000ll, 5661000ll, 790753000ll, 0, 1, "" },
    { 41273, 637, 0x0000000000004000ull, 1022171702540717000ll, 6531000ll, 797284000ll, 1460, 1, "" },
    { 41831, 637, 0x0000000200004001ull, 1022171702553544000ll, 90755000ll, 800946000ll, 5840, 0, "" },
    { 50751, 637, 0x0000000000004000ull, 1022171702737617000ll, 196900000ll, 994184000ll, 8760, 1, "" },
    { 51325, 637, 0x0000000200004001ull, 1022171702749042000ll, 195498000ll, 996444000ll, 5840, 0, "" },
    { 51329, 637, 0x0000000200004001ull, 1022171702749280000ll, 238000ll, 996682000ll, 5840, 0, "" },
};

const tutorial_flow tutorial_table1 = {
    .a = { { 0x00, 0xd0, 0x02, 0x6d, 0x78, 0x00 }, { 193, 86, 108, 236 }, "cz", "vienna point a.s.", 1485 },
    .b = { { 0x00, 0x50, 0xfc, 0x28, 0xa5, 0xeb }, { 138, 212, 187, 181 }, "jp", "asahi kasei corporation", 58401 },
    .packets = table1_packets,
    .n_packets = sizeof table1_packets / sizeof table1_packets[0],
};

static const tutorial_packet table2_packets[] = {
    { 1266, 35, 0x0000000000004000ull, 1258594162928342000ll, 0ll, 0ll, 8192, 0, "" },
    { 1267, 35, 0x0000000000004001ull, 1258594163008594000ll, 0ll, 0ll, 4140, 0, "" },
    { 1268, 35, 0x0000000000004000ull, 1258594163009292000ll, 80950000ll, 80950000ll, 64860, 0, "" },
    { 1269, 35, 0x0000000000004001ull, 1258594163087792000ll, 79198000ll, 79198000ll, 4140, 0,
      "220 Microsoft FTP Service\r\n" },
    { 1270, 35, 0x0000000000004000ull, 1258594163088491000ll, 79199000ll, 160149000ll, 64833, 0,
      "USER anonymous\r\n" },
    { 1271, 35, 0x0000000000004001ull, 1258594163166256000ll, 78464000ll, 157662000ll, 4156, 0,
      "331 Anonymous access allowed, send identity (e-mail name) as password.\r\n" },
    { 1272, 35, 0x0000000000004000ull, 1258594163168693000ll, 80202000ll, 240351000ll, 64761, 0,
      "PASS IEUser@\r\n" },
    { 1273, 35, 0x0000000000004001ull, 1258594163247178000ll, 80922000ll, 238584000ll, 4170, 0,
      "230-Welcome to the Dell FTP site. A service of Dell Inc., Round Rock, Texas.\r\n"
      "    For information about DELL, call +1 800 999 3355 All transfers are logged with\r\n"
      "    your host name and email address. If you don't like this policy please disconnect now.\r\n"
      "    Please be advised that use constitutes consent to monitoring (Elec Comm Priv Act,\r\n"
      "    18 USC 2701-2711). Please see the file readme.txt for disclaimers pertaining to this\r\n"
      "    service. If your FTP client crashes or hangs shortly after login, try using a dash\r\n"
      "    (-) as the first character of your password. This will turn off the informational\r\n"
      "    messages which may be confusing your ftp client.\r\n"
      "    ********IN CASE OF PROBLEMS*************************\r\n"
      "    ** File Content: send EMAIL to dellbbs@dell.com   **\r\n"
      "    ** FTP Server: send EMAIL to hostmaster@dell.com  **\r\n"
      "    ** WWW Server: send EMAIL to webmaster@dell.com   **\r\n"
      "    ****************************************************\r\n" },
    { 1274, 35, 0x0000000000004001ull, 1258594163247187000ll, 9000ll, 238593000ll, 4170, 0,
      "230 User logged in.\r\n" },
    { 1275, 35, 0x0000000000004000ull, 1258594163247637000ll, 78944000ll, 319295000ll, 63790, 0, "" },
    { 1276, 35, 0x0000000000004000ull, 1258594163249385000ll, 1748000ll, 321043000ll, 63790, 0,
      "TYPE I\r\n" },
    { 1277, 35, 0x0000000000004001ull, 1258594163327121000ll, 79934000ll, 318527000ll, 4178, 0,
      "200 Type set to I.\r\n" },
    { 1278, 35, 0x0000000000004000ull, 1258594163327845000ll, 78460000ll, 399503000ll, 63770, 0,
      "PASV\r\n" },
    { 1279, 35, 0x0000000000004001ull, 1258594163407582000ll, 80461000ll, 398988000ll, 4184, 0,
      "227 Entering Passive Mode (143,166,11,10,251,78)\r\n" },
    { 1283, 35, 0x0000000000004000ull, 1258594163487490000ll, 159645000ll, 559148000ll, 63720, 0,
      "SIZE /video/R79733.EXE\r\n" },
    { 1284, 35, 0x0000000000004001ull, 1258594163565990000ll, 158408000ll, 557396000ll, 4208, 0,
      "213 4255056\r\n" },
    { 1285, 35, 0x0000000000004000ull, 1258594163566694000ll, 79204000ll, 638352000ll, 63707, 0,
      "RETR /video/R79733.EXE\r\n" },
    { 1286, 35, 0x0000000000004001ull, 1258594163644188000ll, 78198000ll, 635594000ll, 4232, 0,
      "125 Data connection already open; Transfer starting.\r\n" },
    { 1303, 35, 0x0000000000004000ull, 1258594163838277000ll, 271583000ll, 909935000ll, 63653, 0, "" },
    { 5898, 35, 0x0000000000004001ull, 1258594185427515000ll, 21783327000ll, 22418921000ll, 4232, 0,
      "226 Transfer complete.\r\n" },
    { 5900, 35, 0x0000000000004000ull, 1258594185618346000ll, 21780069000ll, 22690004000ll, 63629, 0, "" },
};

const tutorial_flow tutorial_table2 = {
    .a = { { 0x00, 0x08, 0x74, 0x38, 0x01, 0xb4 }, { 192, 168, 1, 105 }, "02", "private_reserved", 49329 },
    .b = { { 0x00, 0x19, 0xe3, 0xe7, 0x5d, 0x23 }, { 143, 166, 11, 10 }, "us", "arin", 21 },
    .packets = table2_packets,
    .n_packets = sizeof table2_packets / sizeof table2_packets[0],
};

static void write_side(rt_row *row, const tutorial_endpoint *side)
{
    rt_row_ipx(row, 4, side->ip);
    rt_row_cstring(row, side->country);
    rt_row_cstring(row, side->organisation);
    rt_row_u16(row, side->port);
}

void tutorial_write_packet(rt_row *row, const tutorial_flow *flow, const tutorial_packet *packet)
{
    static const char hdr_desc[] = "eth:ipv4:tcp";
    const tutorial_endpoint *src = packet->flow_stat & 1 ? &flow->b : &flow->a;
    const tutorial_endpoint *dst = packet->flow_stat & 1 ? &flow->a : &flow->b;
    rt_row_u64(row, packet->pkt_no);
    rt_row_u64(row, packet->flow_ind);
    rt_row_u64(row, packet->flow_stat);
    rt_row_time(row, packet->time_ns);
    rt_row_duration(row, packet->iat_ns);
    rt_row_duration(row, packet->duration_ns);
    rt_row_u16(row, 3);
    rt_row_string(row, hdr_desc, sizeof hdr_desc - 1);
    rt_row_repeat(row, 0);
    rt_row_mac(row, src->mac);
    rt_row_mac(row, dst->mac);
    rt_row_u16(row, 0x0800);
    write_side(row, src);
    write_side(row, dst);
    rt_row_u8(row, 6);
    rt_row_u16(row, packet->win_size);
    rt_row_u32(row, packet->win_th_pkt_cnt);
    rt_row_bytes(row, (const uint8_t *)packet->payload, strlen(packet->payload));
}

void tutorial_append_rows(row_batch *batch, const tutorial_flow *flow)
{
    for (unsigned i = 0; i < flow->n_packets; i++) {
        rt_row *row = row_batch_begin_row(batch);
        tutorial_write_packet(row, flow, &flow->packets[i]);
        row_batch_end_row(batch);
    }
}
