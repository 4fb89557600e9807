/* pgsql_proxy.c — the test relay: one thread accepting, one per relayed connection. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pgsql_proxy.h"

#define MAX_RELAYS 64

struct pgsql_proxy {
    int listener, server_port, port;
    pthread_t acceptor;
    atomic_int stop, refuse, cut_countdown, cut_how, cuts, swallowed;
    pthread_mutex_t lock;
    pthread_t relays[MAX_RELAYS];
    int n_relays;
};

/* Bytes received from one side, cut into protocol messages. */
typedef struct stream_buf {
    uint8_t *data;
    size_t len, cap;
    int typed; /* past the startup messages, which have no type byte */
} stream_buf;

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int read_into(int fd, stream_buf *b)
{
    if (b->cap - b->len < 65536) {
        b->cap = b->cap ? b->cap * 2 : 131072;
        b->data = realloc(b->data, b->cap);
        if (!b->data)
            abort();
    }
    ssize_t n = read(fd, b->data + b->len, b->cap - b->len);
    if (n <= 0)
        return -1;
    b->len += (size_t)n;
    return 0;
}

/* Length of the first complete message in the buffer, 0 when incomplete. */
static size_t message_length(const stream_buf *b)
{
    size_t head = b->typed ? 1 : 0;
    if (b->len < head + 4)
        return 0;
    size_t len = head + get32(b->data + head);
    return b->len >= len ? len : 0;
}

static void consume(stream_buf *b, size_t n)
{
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Is the message a simple-protocol query "COMMIT"? */
static int is_commit(const uint8_t *m, size_t len)
{
    if (len < 6 || m[0] != 'Q')
        return 0;
    const char *q = (const char *)m + 5;
    size_t n = strnlen(q, len - 5);
    while (n && (q[n - 1] == ';' || q[n - 1] == ' '))
        n--;
    return n == 6 && strncasecmp(q, "COMMIT", 6) == 0;
}

typedef struct relay_args {
    pgsql_proxy *proxy;
    int client, server;
} relay_args;

/* Relays one connection until either side closes or the connection is cut. */
static void *relay_main(void *arg)
{
    relay_args *a = arg;
    pgsql_proxy *p = a->proxy;
    stream_buf from_client = { 0 }, from_server = { .typed = 1 };
    int swallowing = 0;
    struct pollfd fds[2] = { { a->client, POLLIN, 0 }, { a->server, POLLIN, 0 } };
    while (!atomic_load(&p->stop)) {
        if (poll(fds, 2, 200) < 0)
            break;
        if (fds[0].revents) {
            if (read_into(a->client, &from_client) < 0)
                break;
            size_t len;
            int cut = 0;
            while (!cut && (len = message_length(&from_client)) > 0) {
                if (!from_client.typed) {
                    uint32_t code = get32(from_client.data + 4);
                    from_client.typed = code != 80877103 && code != 80877104; /* SSL, GSS requests */
                }
                if (is_commit(from_client.data, len) && atomic_load(&p->cut_countdown) > 0
                    && atomic_fetch_sub(&p->cut_countdown, 1) == 1) {
                    cut = 1;
                    if (atomic_load(&p->cut_how) == PROXY_CUT_BEFORE_COMMIT) {
                        atomic_fetch_add(&p->cuts, 1);
                        goto done;
                    }
                    swallowing = 1;
                }
                if (write_all(a->server, from_client.data, len) < 0)
                    goto done;
                consume(&from_client, len);
            }
        }
        if (fds[1].revents) {
            if (read_into(a->server, &from_server) < 0)
                break;
            if (!swallowing) {
                if (write_all(a->client, from_server.data, from_server.len) < 0)
                    break;
                from_server.len = 0;
                continue;
            }
            size_t len;
            while ((len = message_length(&from_server)) > 0) {
                const uint8_t *m = from_server.data;
                if (m[0] == 'C' || m[0] == 'E') {
                    if (m[0] == 'C' && len >= 11 && memcmp(m + 5, "COMMIT", 6) == 0)
                        atomic_fetch_add(&p->swallowed, 1);
                    atomic_fetch_add(&p->cuts, 1);
                    goto done;
                }
                consume(&from_server, len);
            }
        }
    }
done:
    close(a->client);
    close(a->server);
    free(from_client.data);
    free(from_server.data);
    free(a);
    return NULL;
}

static int connect_server(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
        return fd;
    if (fd >= 0)
        close(fd);
    return -1;
}

static void *accept_main(void *arg)
{
    pgsql_proxy *p = arg;
    struct pollfd pfd = { p->listener, POLLIN, 0 };
    while (!atomic_load(&p->stop)) {
        if (poll(&pfd, 1, 100) <= 0)
            continue;
        int client = accept(p->listener, NULL, NULL);
        if (client < 0)
            continue;
        int server = atomic_load(&p->refuse) ? -1 : connect_server(p->server_port);
        pthread_mutex_lock(&p->lock);
        if (server < 0 || p->n_relays == MAX_RELAYS) {
            pthread_mutex_unlock(&p->lock);
            close(client);
            if (server >= 0)
                close(server);
            continue;
        }
        relay_args *a = malloc(sizeof *a);
        *a = (relay_args){ p, client, server };
        pthread_create(&p->relays[p->n_relays++], NULL, relay_main, a);
        pthread_mutex_unlock(&p->lock);
    }
    return NULL;
}

pgsql_proxy *proxy_start(int server_port)
{
    pgsql_proxy *p = calloc(1, sizeof *p);
    p->server_port = server_port;
    pthread_mutex_init(&p->lock, NULL);
    p->listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    if (p->listener < 0 || bind(p->listener, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(p->listener, 16) < 0
        || getsockname(p->listener, (struct sockaddr *)&sa, &len) < 0) {
        perror("proxy");
        abort();
    }
    p->port = ntohs(sa.sin_port);
    pthread_create(&p->acceptor, NULL, accept_main, p);
    return p;
}

int proxy_port(const pgsql_proxy *p)
{
    return p->port;
}

void proxy_refuse(pgsql_proxy *p, int on)
{
    atomic_store(&p->refuse, on);
}

void proxy_cut_at_commit(pgsql_proxy *p, int nth, proxy_cut how)
{
    atomic_store(&p->cut_how, (int)how);
    atomic_store(&p->cut_countdown, nth);
}

int proxy_cuts(const pgsql_proxy *p)
{
    return atomic_load(&p->cuts);
}

int proxy_commits_swallowed(const pgsql_proxy *p)
{
    return atomic_load(&p->swallowed);
}

void proxy_stop(pgsql_proxy *p)
{
    atomic_store(&p->stop, 1);
    pthread_join(p->acceptor, NULL);
    for (int i = 0; i < p->n_relays; i++)
        pthread_join(p->relays[i], NULL);
    close(p->listener);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
