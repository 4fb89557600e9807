/* sample_part_tcp_edges.c — sample part: TCP beyond the plain conversation: a refused connection
 * (RST/ACK), a connection reset by the server, a Windows-style client with a four-way close, an
 * SSH banner exchange whose capture starts with the SYN-ACK, an SMTP session, a proxy connection
 * seen from the middle (first packet from port 8080) and a SYN with the same address and port on
 * both sides. */
#include <stdio.h>
#include <string.h>

#include "gen_content.h"
#include "sample_part.h"

static void refused_and_reset(sample_ctx *c)
{
    sample_tcp t;
    sample_tcp_init(&t, c, &sample_part_laptop, LAPTOP_IP, 49850, "81.2.69.160", 8443, 0x510e527fu, 0);
    sample_tcp_syn(&t, 1000);
    t.window[1] = 0;
    sample_tcp_segment(&t, 1, TCP_RST | TCP_ACK, NULL, 0, 19800);

    /* A connection the server resets after it stayed idle. */
    sample_tcp_init(&t, c, &sample_part_laptop, LAPTOP_IP, 49852, "81.2.69.160", 8443, 0x9b05688cu,
                    0x1f83d9abu);
    sample_tcp_handshake(&t, 300000, 19900);
    sample_tcp_say(&t, 0, "STATUS\r\n", 5000, -1);
    sample_tcp_say(&t, 1, "OK 3 jobs queued\r\n", 20100, 40000);
    t.window[1] = 0;
    sample_tcp_segment(&t, 1, TCP_RST, NULL, 0, 5000000);
}

/* A Windows client: options in Windows order, no timestamps; the server closes in four steps. */
static void windows_client(sample_ctx *c)
{
    static uint8_t body[2400], response[3000];
    sample_tcp t;
    sample_tcp_init(&t, c, &sample_part_desktop, DESKTOP_IP, 52110, "2.125.160.216", 80, 0x5be0cd19u,
                    0xcbbb9d5du);
    t.windows_style = 1;
    t.mss = 1460;
    t.window[0] = 1026; /* 262656 with window scale 8 */
    sample_tcp_handshake(&t, 200000, 15800);
    sample_tcp_say(&t, 0,
                   "GET /updates/manifest.xml HTTP/1.1\r\nHost: updates.example.org\r\n"
                   "User-Agent: Microsoft-CryptoAPI/10.0\r\nAccept: */*\r\n\r\n",
                   300, -1);
    static const char xml_head[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<manifest>\n<note>";
    static const char xml_tail[] = "</note>\n</manifest>\n";
    size_t body_len = sizeof body;
    memcpy(body, xml_head, sizeof xml_head - 1);
    gen_content_prose((char *)body + sizeof xml_head - 1,
                      body_len - (sizeof xml_head - 1) - (sizeof xml_tail - 1), 5);
    memcpy(body + body_len - (sizeof xml_tail - 1), xml_tail, sizeof xml_tail - 1);
    int n = snprintf((char *)response, sizeof response,
                     "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n",
                     body_len);
    memcpy(response + n, body, body_len);
    c->now += 16000 * 1000LL;
    sample_tcp_transfer(&t, 1, response, (size_t)n + body_len, 120);
    /* Four-way close started by the server. */
    sample_tcp_segment(&t, 1, TCP_FIN | TCP_ACK, NULL, 0, 150);
    sample_tcp_segment(&t, 0, TCP_ACK, NULL, 0, 50);
    sample_tcp_segment(&t, 0, TCP_FIN | TCP_ACK, NULL, 0, 900);
    sample_tcp_segment(&t, 1, TCP_ACK, NULL, 0, 15800);
}

/* The capture starts between the client's SYN and the server's SYN-ACK. */
static void ssh_banner(sample_ctx *c)
{
    sample_tcp t;
    sample_tcp_init(&t, c, &sample_part_desktop, DESKTOP_IP, 51022, "198.51.100.7", 22, 0x428a2f98u,
                    0x71374491u);
    t.seq[0]++; /* the SYN was before the capture */
    sample_tcp_syn_ack(&t, 300000);
    sample_tcp_segment(&t, 0, TCP_ACK, NULL, 0, 120);
    sample_tcp_say(&t, 1, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u2\r\n", 9800, 40);
    sample_tcp_say(&t, 0, "SSH-2.0-OpenSSH_9.6\r\n", 300, 9900);
    sample_tcp_close(&t, 0, 1500, 9900);
}

static void smtp_session(sample_ctx *c)
{
    static const char *const dialog[][2] = {
        { NULL, "220 mail.example.net ESMTP Postfix (Debian/GNU)\r\n" },
        { "EHLO desktop.home.example\r\n",
          "250-mail.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n"
          "250 SMTPUTF8\r\n" },
        { "MAIL FROM:<alice@home.example>\r\n", "250 2.1.0 Ok\r\n" },
        { "RCPT TO:<bob@example.net>\r\n", "250 2.1.5 Ok\r\n" },
        { "DATA\r\n", "354 End data with <CR><LF>.<CR><LF>\r\n" },
        { "From: Alice <alice@home.example>\r\nTo: Bob <bob@example.net>\r\n"
          "Subject: Capture from Monday\r\nDate: Mon, 03 Jun 2024 09:30:40 +0000\r\n"
          "Message-ID: <20240603093040.1234@home.example>\r\n\r\n"
          "Hi Bob,\r\n\r\nthe capture of this morning's outage is on the share as agreed.\r\n"
          "The retransmissions start at 09:12 and stop when the link flaps back.\r\n\r\nAlice\r\n.\r\n",
          "250 2.0.0 Ok: queued as 4VtKxF2m3Qz9\r\n" },
        { "QUIT\r\n", "221 2.0.0 Bye\r\n" },
    };
    sample_tcp t;
    sample_tcp_init(&t, c, &sample_part_desktop, DESKTOP_IP, 51100, "1.128.0.1", 25, 0xb5c0fbcfu,
                    0xe9b5dba5u);
    sample_tcp_handshake(&t, 200000, 41000);
    for (unsigned i = 0; i < sizeof dialog / sizeof dialog[0]; i++) {
        if (dialog[i][0])
            sample_tcp_say(&t, 0, dialog[i][0], 800, -1);
        sample_tcp_say(&t, 1, dialog[i][1], 41500, 300);
    }
    sample_tcp_close(&t, 1, 200, 41000);
}

/* A proxy connection already running when the capture starts: the first packet is the proxy's
 * data from port 8080. */
static void proxy_midstream(sample_ctx *c)
{
    static uint8_t data[5000];
    sample_tcp t;
    sample_tcp_init(&t, c, &sample_part_desktop, DESKTOP_IP, 50312, "10.8.0.1", 8080, 0x3956c25bu,
                    0x59f111f1u);
    gen_content_prose((char *)data, sizeof data, 13);
    sample_tcp_segment(&t, 1, TCP_ACK, data, t.mss, 250000);
    sample_tcp_segment(&t, 1, TCP_ACK, data + t.mss, t.mss, 140);
    sample_tcp_segment(&t, 0, TCP_ACK, NULL, 0, 40);
    sample_tcp_segment(&t, 1, TCP_PSH | TCP_ACK, data + 2 * t.mss, 900, 140);
    sample_tcp_segment(&t, 0, TCP_ACK, NULL, 0, 40);
    sample_tcp_close(&t, 0, 700000, 900);
}

/* A "land" SYN: same address and port as source and destination. */
static void same_endpoints(sample_ctx *c)
{
    static const sample_path land_path = { .open = sample_path_ethernet,
                                           .mac = { "02:5e:10:00:00:77", PRINTER_MAC } };
    sample_tcp t;
    sample_tcp_init(&t, c, &land_path, "192.168.1.77", 4444, "192.168.1.77", 4444, 0x923f82a4u, 0);
    t.window[0] = 1024;
    t.timestamps = 0;
    sample_tcp_segment(&t, 0, TCP_SYN, NULL, 0, 150000);
    sample_tcp_segment(&t, 0, TCP_SYN, NULL, 0, 1000000);
}

void sample_part_tcp_edges(sample_ctx *c)
{
    refused_and_reset(c);
    windows_client(c);
    ssh_banner(c);
    smtp_session(c);
    proxy_midstream(c);
    same_endpoints(c);
}
