/* mock_cluster.c — test helper: hosts librdkafka's mock Kafka cluster (a real Kafka protocol peer
 * on 127.0.0.1) in its own process, so that rowtap, kcat and the test consumer connect to it over
 * TCP like to any broker, and lets a test script control it while a run is going on.
 *
 * Usage: mock_cluster [-b BROKERS] CONTROL_FIFO
 *
 * Prints "bootstrap <host:port,...>" on standard output once the cluster listens, then reads one
 * command per line from CONTROL_FIFO (opened for reading and writing, so that it never sees the end
 * of the file) and answers every command on standard output with "ok <command>" or
 * "error <command>: <reason>", flushed at once:
 *
 *   topic NAME PARTITIONS             create a topic
 *   down all|ID, up all|ID            cut or restore one broker or all of them
 *   delay all|ID APIKEY COUNT MS      the next COUNT requests of APIKEY to the broker(s) are
 *                                     carried out but answered MS later
 *   errors APIKEY COUNT CODE          the next COUNT requests of APIKEY (0: Produce) fail with
 *                                     the Kafka error code CODE (e.g. 6 NOT_LEADER_OR_FOLLOWER;
 *                                     -195, librdkafka's transport error, drops the connection)
 *   quit                              stop
 *
 * It also stops on SIGTERM or SIGINT. Exit status 0, or 1 when the cluster cannot be created. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Parses a decimal number into *out; returns 0, or -1 when the text is not one. */
static int parse_signed(const char *text, long *out)
{
    char *end;
    errno = 0;
    *out = text ? strtol(text, &end, 10) : 0;
    return text && !errno && end != text && *end == '\0' ? 0 : -1;
}

/* Parses a non-negative decimal number; -1 when the text is not one. */
static long parse_number(const char *text)
{
    long v;
    return parse_signed(text, &v) == 0 && v >= 0 ? v : -1;
}

/* Applies `set` to broker `which` ("all" or an ID) of the cluster's `n_brokers`. */
static const char *for_brokers(rd_kafka_mock_cluster_t *mc, int n_brokers, const char *which,
                               rd_kafka_resp_err_t (*set)(rd_kafka_mock_cluster_t *, int32_t, void *), void *arg)
{
    long id = which && strcmp(which, "all") == 0 ? 0 : parse_number(which);
    if (id < 0 || id > n_brokers)
        return "expected 'all' or a broker ID";
    for (int b = 1; b <= n_brokers; b++)
        if ((id == 0 || id == b) && set(mc, b, arg) != RD_KAFKA_RESP_ERR_NO_ERROR)
            return "the mock cluster refused the change";
    return NULL;
}

static rd_kafka_resp_err_t set_down(rd_kafka_mock_cluster_t *mc, int32_t id, void *arg)
{
    (void)arg;
    return rd_kafka_mock_broker_set_down(mc, id);
}

static rd_kafka_resp_err_t set_up(rd_kafka_mock_cluster_t *mc, int32_t id, void *arg)
{
    (void)arg;
    return rd_kafka_mock_broker_set_up(mc, id);
}

/* "delay" arguments: the next `count` requests of `api_key` succeed, answered `ms` later. */
typedef struct delay_args {
    int api_key, count, ms;
} delay_args;

static rd_kafka_resp_err_t push_delays(rd_kafka_mock_cluster_t *mc, int32_t id, void *arg)
{
    const delay_args *d = arg;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    for (int i = 0; i < d->count && !err; i++)
        err = rd_kafka_mock_broker_push_request_error_rtts(mc, id, (int16_t)d->api_key, 1, RD_KAFKA_RESP_ERR_NO_ERROR,
                                                           d->ms);
    return err;
}

/* Runs one command line; returns NULL on success, else the reason. Sets *quit for "quit". */
static const char *run_command(rd_kafka_mock_cluster_t *mc, int n_brokers, char *line, int *quit)
{
    char *save = NULL;
    const char *verb = strtok_r(line, " \t", &save);
    const char *a = strtok_r(NULL, " \t", &save), *b = strtok_r(NULL, " \t", &save);
    const char *c = strtok_r(NULL, " \t", &save);
    if (!verb)
        return "empty command";
    if (strcmp(verb, "quit") == 0) {
        *quit = 1;
        return NULL;
    }
    if (strcmp(verb, "topic") == 0) {
        long partitions = parse_number(b);
        if (!a || partitions < 1)
            return "usage: topic NAME PARTITIONS";
        rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mc, a, (int)partitions, n_brokers < 3 ? n_brokers : 3);
        return err ? rd_kafka_err2str(err) : NULL;
    }
    if (strcmp(verb, "down") == 0)
        return for_brokers(mc, n_brokers, a, set_down, NULL);
    if (strcmp(verb, "up") == 0)
        return for_brokers(mc, n_brokers, a, set_up, NULL);
    if (strcmp(verb, "delay") == 0) {
        char *d = strtok_r(NULL, " \t", &save);
        delay_args args = { (int)parse_number(b), (int)parse_number(c), (int)parse_number(d) };
        if (args.api_key < 0 || args.api_key > 100 || args.count < 1 || args.count > 10000 || args.ms < 0)
            return "usage: delay all|ID APIKEY COUNT MS";
        return for_brokers(mc, n_brokers, a, push_delays, &args);
    }
    if (strcmp(verb, "errors") == 0) {
        long api_key = parse_number(a), count = parse_number(b), code;
        if (api_key < 0 || api_key > 100 || count < 1 || count > 10000 || parse_signed(c, &code) < 0 || code == 0)
            return "usage: errors APIKEY COUNT CODE";
        rd_kafka_resp_err_t *errors = malloc((size_t)count * sizeof *errors);
        if (!errors)
            return "out of memory";
        for (long i = 0; i < count; i++)
            errors[i] = (rd_kafka_resp_err_t)code;
        rd_kafka_mock_push_request_errors_array(mc, (int16_t)api_key, (size_t)count, errors);
        free(errors);
        return NULL;
    }
    return "unknown command";
}

/* Reads commands from fd until "quit" or a stop signal. */
static void serve(rd_kafka_mock_cluster_t *mc, int n_brokers, int fd)
{
    char line[1024];
    size_t used = 0;
    int quit = 0;
    while (!quit && !stop_requested) {
        ssize_t n = read(fd, line + used, sizeof line - 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        used += (size_t)n;
        char *nl;
        while (!quit && (nl = memchr(line, '\n', used))) {
            *nl = '\0';
            char command[1024];
            snprintf(command, sizeof command, "%s", line);
            const char *reason = run_command(mc, n_brokers, line, &quit);
            if (reason)
                printf("error %s: %s\n", command, reason);
            else
                printf("ok %s\n", command);
            fflush(stdout);
            used -= (size_t)(nl + 1 - line);
            memmove(line, nl + 1, used);
        }
        if (used == sizeof line - 1)
            used = 0; /* an overlong line: dropped */
    }
}

int main(int argc, char **argv)
{
    int n_brokers = 3;
    if (argc == 4 && strcmp(argv[1], "-b") == 0) {
        n_brokers = (int)parse_number(argv[2]);
        argv += 2;
        argc -= 2;
    }
    if (argc != 2 || n_brokers < 1 || n_brokers > 9) {
        fprintf(stderr, "usage: mock_cluster [-b BROKERS (1-9)] CONTROL_FIFO\n");
        return 2;
    }
    int fd = open(argv[1], O_RDWR);
    if (fd < 0) {
        fprintf(stderr, "mock_cluster: cannot open %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    char err[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) {
        fprintf(stderr, "mock_cluster: %s\n", err);
        return 1;
    }
    rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, n_brokers);
    if (!mc) {
        fprintf(stderr, "mock_cluster: cannot create the mock cluster\n");
        rd_kafka_destroy(rk);
        return 1;
    }
    printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(mc));
    fflush(stdout);
    serve(mc, n_brokers, fd);
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(rk);
    close(fd);
    return 0;
}
