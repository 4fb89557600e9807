/* sample_part_ftp.c — sample part: an anonymous FTP session (textual commands and replies on port
 * 21) and its passive-mode data connection, in which the client's receive window fills up: a zero
 * window, the server's zero-window probe, its acknowledgement and a window update. */
#include <string.h>

#include "gen_content.h"
#include "sample_part.h"

#define FTP_SERVER "89.160.20.112"
#define FILE_SIZE 40960

/* One command of the client and the server's reply, ACKed by the client. */
static void ftp_exchange(sample_tcp *t, const char *command, const char *reply)
{
    sample_tcp_say(t, 0, command, 450000, -1);
    sample_tcp_say(t, 1, reply, 28400, 39000);
}

/* The data connection: the client's application stops reading after 20 KB, the window closes,
 * the server probes, the client reopens the window; then the server closes the connection. */
static void ftp_data(sample_tcp *d, const uint8_t *data, size_t len)
{
    uint16_t window = d->window[0];
    unsigned segment = 0;
    sample_tcp_handshake(d, 1100, 28500);
    for (size_t off = 0; off < len; off += d->mss, segment++) {
        size_t n = len - off < d->mss ? len - off : d->mss;
        int last = off + n == len;
        sample_tcp_segment(d, 1, last ? TCP_PSH | TCP_ACK : TCP_ACK, data + off, n,
                           segment ? 240 : 30000);
        if (segment >= 8 && segment < 14) /* the receive buffer fills up */
            d->window[0] = (uint16_t)(d->window[0] - 60);
        if (segment == 14) {
            d->window[0] = 0;
            sample_tcp_segment(d, 0, TCP_ACK, NULL, 0, 40);
            /* Zero-window probe: one byte beyond the window, ACKed with the window still 0. */
            sample_tcp_segment_at(d, 1, TCP_ACK, d->seq[1], data + off + n, 1, 228000);
            sample_tcp_segment(d, 0, TCP_ACK, NULL, 0, 60);
            d->window[0] = window; /* the application read everything: window update */
            sample_tcp_segment(d, 0, TCP_ACK, NULL, 0, 180000);
            continue;
        }
        if (segment % 2 == 1 || last)
            sample_tcp_segment(d, 0, TCP_ACK, NULL, 0, 45);
    }
    sample_tcp_close(d, 1, 300, 180);
}

void sample_part_ftp(sample_ctx *c)
{
    static uint8_t file[FILE_SIZE];
    sample_tcp t, d;
    sample_tcp_init(&t, c, &sample_part_laptop, LAPTOP_IP, 49840, FTP_SERVER, 21, 0x6a09e667u, 0xbb67ae85u);
    sample_tcp_handshake(&t, 1000, 28300);
    sample_tcp_say(&t, 1, "220 (vsFTPd 3.0.3)\r\n", 31000, 41000);
    ftp_exchange(&t, "USER anonymous\r\n", "331 Please specify the password.\r\n");
    ftp_exchange(&t, "PASS guest@example.com\r\n", "230 Login successful.\r\n");
    ftp_exchange(&t, "SYST\r\n", "215 UNIX Type: L8\r\n");
    ftp_exchange(&t, "PWD\r\n", "257 \"/\" is the current directory\r\n");
    ftp_exchange(&t, "CWD /pub/releases\r\n", "250 Directory successfully changed.\r\n");
    ftp_exchange(&t, "TYPE I\r\n", "200 Switching to Binary mode.\r\n");
    ftp_exchange(&t, "SIZE release-notes.txt\r\n", "213 40960\r\n");
    ftp_exchange(&t, "PASV\r\n", "227 Entering Passive Mode (89,160,20,112,195,149).\r\n");
    sample_tcp_say(&t, 0, "RETR release-notes.txt\r\n", 900, -1);

    sample_tcp_init(&d, c, &sample_part_laptop, LAPTOP_IP, 49842, FTP_SERVER, 50069, 0x3c6ef372u,
                    0xa54ff53au);
    sample_tcp_say(&t, 1, "150 Opening BINARY mode data connection for release-notes.txt (40960 "
                          "bytes).\r\n",
                   29000, 40000);
    gen_content_prose((char *)file, FILE_SIZE, 11);
    ftp_data(&d, file, FILE_SIZE);
    sample_tcp_say(&t, 1, "226 Transfer complete.\r\n", 2100, 40000);
    ftp_exchange(&t, "QUIT\r\n", "221 Goodbye.\r\n");
    sample_tcp_close(&t, 1, 200, 28000);
}
