/* kafka_mock.c — test helper: a Kafka cluster in one process, librdkafka's mock cluster
 * (rdkafka_mock.h), which speaks the real Kafka protocol on 127.0.0.1, for the tests of the Kafka
 * examples and of the scale-out guide.
 *
 *   kafka_mock BROKERS TOPIC:PARTITIONS...
 *
 * creates the cluster and the topics, prints the bootstrap list (host:port,...) on one line on
 * standard output, then serves until SIGTERM or SIGINT. Exit status 0, or 1 when the cluster
 * cannot be created, 2 for a wrong command line. */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int brokers = argc > 1 ? atoi(argv[1]) : 0;
    if (argc < 3 || brokers < 1) {
        fprintf(stderr, "usage: kafka_mock BROKERS TOPIC:PARTITIONS...\n");
        return 2;
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "4", err, sizeof err); /* no notice about bootstrap.servers */
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    rd_kafka_mock_cluster_t *cluster = rk ? rd_kafka_mock_cluster_new(rk, brokers) : NULL;
    if (!cluster) {
        fprintf(stderr, "kafka_mock: cannot create the mock cluster: %s\n", rk ? "rd_kafka_mock_cluster_new failed" : err);
        return 1;
    }
    for (int i = 2; i < argc; i++) {
        char *colon = strrchr(argv[i], ':');
        int partitions = colon ? atoi(colon + 1) : 1;
        if (colon)
            *colon = '\0';
        if (rd_kafka_mock_topic_create(cluster, argv[i], partitions > 0 ? partitions : 1, brokers < 3 ? brokers : 3)) {
            fprintf(stderr, "kafka_mock: cannot create topic %s\n", argv[i]);
            return 1;
        }
    }
    printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(rk);
    return 0;
}
