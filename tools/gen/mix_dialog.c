/* mix_dialog.c — what the TCP applications of the mix say: HTTP/1.1 keep-alive requests and
 * responses (HTML, CSS, scripts, binary downloads), an FTP control session (login, system type,
 * binary mode, rounds of PORT and RETR, QUIT), an SMTP session (EHLO, MAIL, RCPT, DATA with a
 * message, QUIT) and the file of an FTP data connection. Each turn gets a share of the packets
 * left, so that the conversation ends exactly with its budget: with little budget it stops early,
 * with much budget bodies grow (or the FTP session fetches more files). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mix_flow.h"

#define MS 1000000LL
#define SMTP_QUIT 11  /* step of the SMTP dialog that sends QUIT */

static const char *const web_hosts[] = { "www.example.com", "static.example.net", "api.example.org",
                                         "news.example.com", "cdn.example.net", "shop.example.org" };
static const struct {
    const char *path, *type;
    uint8_t binary;
} web_objects[] = {
    { "/", "text/html; charset=utf-8", 0 },
    { "/index.html", "text/html; charset=utf-8", 0 },
    { "/css/site.css", "text/css", 0 },
    { "/js/app.js", "application/javascript", 0 },
    { "/news/2024/06/network-upgrade.html", "text/html; charset=utf-8", 0 },
    { "/api/v1/status", "text/plain", 0 },
    { "/downloads/firmware-4.2.1.bin", "application/octet-stream", 1 },
    { "/media/video-segment-0042.ts", "application/octet-stream", 1 },
};
#define N_OBJECTS (sizeof web_objects / sizeof web_objects[0])
static const char *const agents[] = {
    "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/125.0.0.0 Safari/537.36",
    "curl/8.5.0",
    "Wget/1.21.3",
};
static const char *const files[] = { "release-2.4.1.tar.gz", "backup-0603.tar", "README.txt",
                                     "images/firmware.bin", "logs/access.log.1" };

/* Formats text into the flow's arena and makes it the turn's line from `sender`. */
__attribute__((format(printf, 4, 5))) static void say(mix_flow *f, mix_turn *turn, int sender,
                                                      const char *fmt, ...)
{
    size_t room = f->arena_size - f->arena_used;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf((char *)f->arena + f->arena_used, room, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= room)
        n = (int)room - 1;
    turn->line = mix_queue_arena(f, (size_t)n);
    turn->line_len = (uint32_t)n;
    turn->sender = (uint8_t)sender;
    turn->body = 0;
}

static void body_from_pool(mix_ctx *m, mix_flow *f, mix_message *msg, int binary)
{
    msg->body = binary ? m->pools->binary : m->pools->text;
    msg->body_start = (uint32_t)gen_rand_below(&f->rng, GEN_CONTENT_POOL);
}

/* A response header for a body of body_len bytes, written at out. */
static uint32_t http_header(mix_flow *f, uint32_t body_len, uint8_t *out, size_t room)
{
    char date[64];
    time_t seconds = (time_t)(f->last_time / 1000000000);
    struct tm tm;
    gmtime_r(&seconds, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    int n = snprintf((char *)out, room,
                     "HTTP/1.1 200 OK\r\nDate: %s\r\nServer: nginx/1.24.0\r\nContent-Type: %s\r\n"
                     "Content-Length: %u\r\nCache-Control: max-age=600\r\nConnection: keep-alive\r\n\r\n",
                     date, web_objects[f->st.tcp.object].type, body_len);
    return n < 0 || (size_t)n >= room ? 0 : (uint32_t)n;
}

/* The response: header and body of len bytes in all (the Content-Length follows from it). */
static void http_fill(mix_ctx *m, mix_flow *f, uint32_t len, mix_message *msg)
{
    uint8_t *head = f->arena + f->arena_used;
    size_t room = f->arena_size - f->arena_used;
    uint32_t hlen = http_header(f, len > 200 ? len - 200 : 0, head, room);
    for (int round = 0; round < 2; round++) { /* until the number of digits settles */
        uint32_t body = len > hlen ? len - hlen : 0;
        uint32_t again = http_header(f, body, head, room);
        if (again == hlen)
            break;
        hlen = again;
    }
    mix_queue_arena(f, hlen);
    msg->head = head;
    msg->head_len = hlen;
    msg->len = len > hlen ? len : hlen;
    body_from_pool(m, f, msg, f->st.tcp.binary_body);
}

static void mail_fill(mix_ctx *m, mix_flow *f, uint32_t len, mix_message *msg)
{
    static const char tail[] = "\r\n.\r\n";
    uint8_t *head = f->arena + f->arena_used;
    int n = snprintf((char *)head, f->arena_size - f->arena_used,
                     "From: Alice Example <alice@home.example>\r\nTo: <team@example.net>\r\n"
                     "Subject: Weekly report %llu\r\nMessage-ID: <%llu.%u@home.example>\r\n"
                     "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n",
                     (unsigned long long)(f->id % 53), (unsigned long long)f->id, f->port[0]);
    uint32_t hlen = n < 0 ? 0 : (uint32_t)n;
    mix_queue_arena(f, hlen);
    msg->head = head;
    msg->head_len = hlen;
    msg->tail = (const uint8_t *)tail;
    msg->tail_len = sizeof tail - 1;
    msg->len = len > hlen + msg->tail_len ? len : hlen + msg->tail_len;
    body_from_pool(m, f, msg, 0);
}

static void file_fill(mix_ctx *m, mix_flow *f, uint32_t len, mix_message *msg)
{
    msg->len = len;
    body_from_pool(m, f, msg, f->st.tcp.binary_body);
}

static void http_turn(mix_flow *f, uint32_t left, mix_turn *turn)
{
    mix_tcp *t = &f->st.tcp;
    gen_rand *r = &f->rng;
    if (t->step == 0)
        t->exchanges_left = (uint16_t)(1 + gen_rand_below(r, 4));
    if (t->step++ % 2 == 0) { /* a request: one packet, answered by the response */
        t->object = (uint8_t)gen_rand_below(r, N_OBJECTS);
        t->binary_body = web_objects[t->object].binary;
        say(f, turn, 0,
            "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\n"
            "Accept-Encoding: identity\r\nConnection: keep-alive\r\n\r\n",
            web_objects[t->object].path, web_hosts[f->id % 6], agents[f->port[0] % 4]);
        turn->packets = 1;
        turn->think = t->step == 1 ? 100000 + (int64_t)gen_rand_below(r, 2 * MS)
                                   : 5 * MS + gen_rand_exp(r, 200.0 * MS);
        return;
    }
    /* A response: everything left for the last exchange, else a share that leaves two packets
     * for each exchange to come. */
    uint32_t keep = t->exchanges_left > 1 ? 2u * (t->exchanges_left - 1u) : 0;
    uint32_t share = left;
    if (left > keep + 1 && t->exchanges_left > 1) {
        share = (uint32_t)((left - keep) * (0.2 + 0.6 * gen_rand_unit(r)));
        share = share ? share : 1;
    } else if (left > keep) {
        share = left - keep;
    }
    turn->sender = 1;
    turn->body = 1;
    turn->packets = share;
    turn->min_len = 300;
    turn->think = 1 * MS + gen_rand_exp(r, 15.0 * MS);
    turn->fill = http_fill;
    if (t->exchanges_left > 1)
        t->exchanges_left--;
}

static void ftp_turn(mix_flow *f, uint32_t left, mix_turn *turn)
{
    mix_tcp *t = &f->st.tcp;
    gen_rand *r = &f->rng;
    const uint8_t *a = f->addr[0];
    unsigned round = t->step < 9 ? 0 : (t->step - 9) / 5, at = t->step < 9 ? t->step : 9 + (t->step - 9) % 5;
    const char *file = files[round % 5];
    int client_turn = at < 9 ? at % 2 == 1 : at == 9 || at == 11;
    if (t->quit_sent) { /* the last reply takes what is left (one or two packets) */
        say(f, turn, 1, "221 Goodbye.\r\n");
        turn->packets = left;
        turn->think = 1 * MS;
        return;
    }
    if (client_turn && left <= 3) {
        say(f, turn, 0, "QUIT\r\n");
        turn->packets = 1;
        turn->think = 50 * MS + gen_rand_exp(r, 300.0 * MS);
        t->quit_sent = 1;
        return;
    }
    switch (at) {
    case 0: say(f, turn, 1, "220 (vsFTPd 3.0.3)\r\n"); break;
    case 1: say(f, turn, 0, "USER anonymous\r\n"); break;
    case 2: say(f, turn, 1, "331 Please specify the password.\r\n"); break;
    case 3: say(f, turn, 0, "PASS anonymous@home.example\r\n"); break;
    case 4: say(f, turn, 1, "230 Login successful.\r\n"); break;
    case 5: say(f, turn, 0, "SYST\r\n"); break;
    case 6: say(f, turn, 1, "215 UNIX Type: L8\r\n"); break;
    case 7: say(f, turn, 0, "TYPE I\r\n"); break;
    case 8: say(f, turn, 1, "200 Switching to Binary mode.\r\n"); break;
    case 9:
        if (f->ipv6)
            say(f, turn, 0, "EPRT |2|2001:db8:100::%x|%u|\r\n", f->port[0] % 4096, 40000 + round);
        else
            say(f, turn, 0, "PORT %u,%u,%u,%u,%u,%u\r\n", a[0], a[1], a[2], a[3], 156 + round % 50,
                round * 7 % 256);
        break;
    case 10: say(f, turn, 1, "200 PORT command successful. Consider using PASV.\r\n"); break;
    case 11: say(f, turn, 0, "RETR %s\r\n", file); break;
    case 12:
        say(f, turn, 1, "150 Opening BINARY mode data connection for %s (%u bytes).\r\n", file,
            (unsigned)(1024 + gen_rand_below(r, 1u << 22)));
        break;
    default: say(f, turn, 1, "226 Transfer complete.\r\n"); break;
    }
    /* a client line is answered by the server's line; a server line is ACKed when there is room */
    turn->packets = client_turn || left < 3 ? 1 : 2;
    turn->think = client_turn ? 50 * MS + gen_rand_exp(r, 300.0 * MS) : 1 * MS + gen_rand_exp(r, 10.0 * MS);
    if (at == 13) /* "226" comes when the file went over the data connection */
        turn->think += 200 * MS + gen_rand_exp(r, 800.0 * MS);
    t->step++;
}

static void smtp_turn(mix_flow *f, uint32_t left, mix_turn *turn)
{
    mix_tcp *t = &f->st.tcp;
    gen_rand *r = &f->rng;
    /* steps: 0 banner, 1 EHLO, 2 250-, 3 MAIL, 4 250, 5 RCPT, 6 250, 7 DATA, 8 354,
     * 9 message, 10 250 queued, 11 QUIT, 12 221 */
    if (t->step < 9 && t->step % 2 == 1 && left <= 2)
        t->step = SMTP_QUIT; /* no room for the message: say goodbye */
    switch (t->step) {
    case 0: say(f, turn, 1, "220 mail.example.net ESMTP Postfix (Debian/GNU)\r\n"); break;
    case 1: say(f, turn, 0, "EHLO client%u.home.example\r\n", f->port[0]); break;
    case 2:
        say(f, turn, 1, "250-mail.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
                        "250-VRFY\r\n250-ETRN\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n"
                        "250-8BITMIME\r\n250-DSN\r\n250 SMTPUTF8\r\n");
        break;
    case 3: say(f, turn, 0, "MAIL FROM:<alice@home.example>\r\n"); break;
    case 4: say(f, turn, 1, "250 2.1.0 Ok\r\n"); break;
    case 5: say(f, turn, 0, "RCPT TO:<team@example.net>\r\n"); break;
    case 6: say(f, turn, 1, "250 2.1.5 Ok\r\n"); break;
    case 7: say(f, turn, 0, "DATA\r\n"); break;
    case 8: say(f, turn, 1, "354 End data with <CR><LF>.<CR><LF>\r\n"); break;
    case 9: /* the message gets all but the three packets of "250", QUIT and "221" */
        turn->sender = 0;
        turn->body = 1;
        turn->packets = left > 3 ? left - 3 : 1;
        turn->min_len = 420;
        turn->fill = mail_fill;
        break;
    case 10:
        say(f, turn, 1, "250 2.0.0 Ok: queued as %llX\r\n",
            (unsigned long long)(f->id * 2654435761u % 0xfffffffffu));
        break;
    case 11: say(f, turn, 0, "QUIT\r\n"); break;
    default: say(f, turn, 1, "221 2.0.0 Bye\r\n"); break;
    }
    if (!turn->body)
        turn->packets = t->step >= 12 ? left : 1;
    turn->think = turn->sender == 0 ? 2 * MS + gen_rand_exp(r, 40.0 * MS) : 1 * MS + gen_rand_exp(r, 20.0 * MS);
    t->step++;
}

void mix_dialog_next(mix_flow *f, uint32_t left, mix_turn *turn)
{
    switch (f->app) {
    case MIX_HTTP:
        http_turn(f, left, turn);
        return;
    case MIX_FTP:
        ftp_turn(f, left, turn);
        return;
    case MIX_SMTP:
        smtp_turn(f, left, turn);
        return;
    default: /* the file of an FTP data connection, sent by side 0 */
        f->st.tcp.binary_body = (uint8_t)gen_rand_chance(&f->rng, 0.7);
        turn->sender = 0;
        turn->body = 1;
        turn->packets = left;
        turn->min_len = 1;
        turn->think = 2 * MS;
        turn->fill = file_fill;
        return;
    }
}
