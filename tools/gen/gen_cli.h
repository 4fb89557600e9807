/* gen_cli.h — the command line of rowtap-gen: which capture to write and the parameters of the
 * benchmark mix. */
#ifndef ROWTAP_GEN_CLI_H
#define ROWTAP_GEN_CLI_H

#include <stdint.h>

typedef enum gen_mode { GEN_MODE_NONE, GEN_MODE_SAMPLE, GEN_MODE_LINKTYPES, GEN_MODE_MIX } gen_mode;

typedef struct gen_options {
    gen_mode mode;
    const char *output;       /* -o: the capture file (sample, mix) */
    const char *linktype_dir; /* --sample-linktypes DIR */
    const char *truth;        /* --truth FILE (mix) */
    uint64_t packets, flows, seed;
    double vlan_share, ipv6_share;
    double duration;          /* seconds over which flows start; 0: packets / 100000, at least 5 */
    uint32_t snaplen;
    int quiet;
} gen_options;

/* Parses the command line. Returns 0 to go on, 1 when --help or --version was answered (exit 0),
 * -1 after printing an error (exit 2). */
int gen_cli_parse(int argc, char **argv, gen_options *out);

#endif
