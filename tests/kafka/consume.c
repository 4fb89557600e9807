/* consume.c — test helper: reads topics back from a Kafka cluster with a librdkafka consumer and
 * prints every message in a text form that any script can parse, binary safe.
 *
 * Usage: consume [-c] BOOTSTRAP TOPIC...
 *
 * For each partition of each topic it first queries the watermarks and prints
 *   "# TOPIC PARTITION LOW HIGH"
 * then (without -c) every message from LOW up to HIGH as one line of tab-separated fields:
 *   TOPIC PARTITION OFFSET KEY HEADERS VALUE
 * where KEY and VALUE are hex ("-" for a null key or value) and HEADERS is "-" or
 * "name=hexvalue" items separated by ','. With -c only the watermark lines are printed (counting
 * large runs). Exit status 0, or 1 with a message on standard error. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

/* One partition still to read. */
typedef struct pending_partition {
    const char *topic;
    int32_t partition;
    int64_t high;
    int done;
} pending_partition;

static void print_hex(const void *data, size_t len)
{
    const unsigned char *p = data;
    if (!data) {
        fputc('-', stdout);
        return;
    }
    for (size_t i = 0; i < len; i++)
        printf("%02x", p[i]);
}

static void print_message(const rd_kafka_message_t *m)
{
    printf("%s\t%" PRId32 "\t%" PRId64 "\t", rd_kafka_topic_name(m->rkt), m->partition, m->offset);
    print_hex(m->key, m->key_len);
    fputc('\t', stdout);
    rd_kafka_headers_t *headers = NULL;
    const char *name;
    const void *value;
    size_t size;
    if (rd_kafka_message_headers(m, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR || rd_kafka_header_cnt(headers) == 0)
        fputc('-', stdout);
    for (size_t i = 0; headers && rd_kafka_header_get_all(headers, i, &name, &value, &size) == 0; i++) {
        printf("%s%s=", i ? "," : "", name);
        print_hex(value ? value : "", size);
    }
    fputc('\t', stdout);
    print_hex(m->payload, m->len);
    fputc('\n', stdout);
}

/* Queries the partitions of `topic` and their watermarks; appends the non-empty ones to *list. */
static int add_topic(rd_kafka_t *rk, const char *topic, rd_kafka_topic_partition_list_t *assignment,
                     pending_partition **list, size_t *n)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
    rd_kafka_topic_destroy(rkt);
    if (err || md->topic_cnt != 1 || md->topics[0].err) {
        fprintf(stderr, "consume: no metadata for topic %s: %s\n", topic,
                rd_kafka_err2str(err ? err : md->topic_cnt == 1 ? md->topics[0].err : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC));
        if (md)
            rd_kafka_metadata_destroy(md);
        return -1;
    }
    int partitions = md->topics[0].partition_cnt;
    rd_kafka_metadata_destroy(md);
    for (int32_t p = 0; p < partitions; p++) {
        int64_t low, high;
        err = rd_kafka_query_watermark_offsets(rk, topic, p, &low, &high, 10000);
        if (err) {
            fprintf(stderr, "consume: watermarks of %s [%" PRId32 "]: %s\n", topic, p, rd_kafka_err2str(err));
            return -1;
        }
        printf("# %s %" PRId32 " %" PRId64 " %" PRId64 "\n", topic, p, low, high);
        if (high <= low)
            continue;
        rd_kafka_topic_partition_list_add(assignment, topic, p)->offset = low;
        *list = realloc(*list, (*n + 1) * sizeof **list);
        if (!*list)
            return -1;
        (*list)[(*n)++] = (pending_partition){ topic, p, high, 0 };
    }
    return 0;
}

/* Marks the partition of m done once its last message before the high watermark was read. */
static size_t note_progress(pending_partition *list, size_t n, const rd_kafka_message_t *m)
{
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        if (!list[i].done && list[i].partition == m->partition && strcmp(list[i].topic, rd_kafka_topic_name(m->rkt)) == 0
            && m->offset + 1 >= list[i].high)
            list[i].done = 1;
        done += (size_t)list[i].done;
    }
    return done;
}

int main(int argc, char **argv)
{
    int count_only = argc > 1 && strcmp(argv[1], "-c") == 0;
    argv += count_only;
    argc -= count_only;
    if (argc < 3) {
        fprintf(stderr, "usage: consume [-c] BOOTSTRAP TOPIC...\n");
        return 2;
    }
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", argv[1], err, sizeof err)
        || rd_kafka_conf_set(conf, "group.id", "rowtap-test-consume", err, sizeof err)
        || rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err)
        || rd_kafka_conf_set(conf, "fetch.message.max.bytes", "4194304", err, sizeof err)
        || rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err)) {
        fprintf(stderr, "consume: %s\n", err);
        return 1;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) {
        fprintf(stderr, "consume: %s\n", err);
        return 1;
    }
    rd_kafka_topic_partition_list_t *assignment = rd_kafka_topic_partition_list_new(16);
    pending_partition *list = NULL;
    size_t n = 0, done = 0;
    int status = 0;
    for (int i = 2; i < argc && status == 0; i++)
        status = add_topic(rk, argv[i], assignment, &list, &n) < 0;
    if (status == 0 && !count_only && n > 0) {
        rd_kafka_assign(rk, assignment);
        time_t deadline = time(NULL) + 120;
        while (done < n && status == 0) {
            rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 1000);
            if (time(NULL) > deadline) {
                fprintf(stderr, "consume: timed out with %zu of %zu partitions read\n", done, n);
                status = 1;
            }
            if (!m)
                continue;
            if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                print_message(m);
                done = note_progress(list, n, m);
            } else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                fprintf(stderr, "consume: %s\n", rd_kafka_message_errstr(m));
                status = 1;
            }
            rd_kafka_message_destroy(m);
        }
        rd_kafka_assign(rk, NULL);
    }
    rd_kafka_topic_partition_list_destroy(assignment);
    free(list);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    fflush(stdout);
    return status;
}
