/* gen_cli.c — command-line parsing and help text of rowtap-gen. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "gen_cli.h"

static const char usage_text[] =
    "Usage: rowtap-gen --sample -o FILE\n"
    "       rowtap-gen --sample-linktypes DIR\n"
    "       rowtap-gen --packets N --flows F [--seed S] [options] -o FILE\n"
    "Writes network traffic captures made up by rowtap's own generator.\n"
    "\n"
    "  --sample               the bundled sample (classic pcap, Ethernet): a small capture in which\n"
    "                         every protocol rowtap decodes and every flow-table behaviour occurs\n"
    "  --sample-linktypes DIR one capture per other link type (raw IP 101/228/229, null 0, loop\n"
    "                         109, Linux cooked 113/276, PPP 9), a pcapng file with interfaces of\n"
    "                         several link types and timestamp resolutions, a nanosecond pcap\n"
    "  --packets N            the benchmark mix: exactly N packets ...\n"
    "  --flows F              ... in F bidirectional flows (F is lowered to N when larger)\n"
    "  --seed S               random seed of the mix (default 1); same arguments, same bytes\n"
    "  --vlan-share X         share of flows with 802.1Q tags, some QinQ (default 0.10)\n"
    "  --ipv6-share X         share of TCP/DNS/NTP/ICMP flows over IPv6 (default 0.15)\n"
    "  --duration SEC         flows start over SEC seconds (default N/100000, at least 5)\n"
    "  --snaplen N            capture at most N bytes of each frame (default 65535)\n"
    "  --truth FILE           ground truth of the mix as JSON (format: tools/rowtap-gen.md)\n"
    "  -o, --output FILE      the capture to write\n"
    "  -q, --quiet            no summary on standard error\n"
    "  -h, --help             this text;  -V, --version  the version\n"
    "\n"
    "The contents of every capture are described in rowtap-gen.md (installed with the\n"
    "documentation).\n";

enum { OPT_SAMPLE = 256, OPT_LINKTYPES, OPT_PACKETS, OPT_FLOWS, OPT_SEED, OPT_VLAN, OPT_IPV6,
       OPT_DURATION, OPT_SNAPLEN, OPT_TRUTH };

static int parse_u64(const char *text, const char *name, uint64_t min, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-' || v < min || v > max) {
        fprintf(stderr, "rowtap-gen: %s: '%s' is not a whole number from %llu to %llu\n", name, text,
                (unsigned long long)min, (unsigned long long)max);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_share(const char *text, const char *name, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= 0.0 && v <= max)) {
        fprintf(stderr, "rowtap-gen: %s: '%s' is not a number from 0 to %g\n", name, text, max);
        return -1;
    }
    *out = v;
    return 0;
}

/* Checks that the options given fit the chosen mode. */
static int check_mode(const gen_options *o, int mix_options)
{
    if (o->mode == GEN_MODE_NONE) {
        fprintf(stderr, "rowtap-gen: say what to write: --sample, --sample-linktypes DIR or "
                        "--packets N --flows F (see --help)\n");
        return -1;
    }
    if (o->mode != GEN_MODE_LINKTYPES && !o->output) {
        fprintf(stderr, "rowtap-gen: -o FILE is missing\n");
        return -1;
    }
    if (o->mode == GEN_MODE_LINKTYPES && o->output) {
        fprintf(stderr, "rowtap-gen: --sample-linktypes writes into its folder; -o does not apply\n");
        return -1;
    }
    if (o->mode != GEN_MODE_MIX && mix_options) {
        fprintf(stderr, "rowtap-gen: --flows, --seed, --vlan-share, --ipv6-share, --duration, "
                        "--snaplen and --truth belong to the mix (--packets N)\n");
        return -1;
    }
    if (o->mode == GEN_MODE_MIX && o->flows == 0) {
        fprintf(stderr, "rowtap-gen: --flows F is missing\n");
        return -1;
    }
    return 0;
}

int gen_cli_parse(int argc, char **argv, gen_options *o)
{
    static const struct option longs[] = {
        { "sample", no_argument, NULL, OPT_SAMPLE },
        { "sample-linktypes", required_argument, NULL, OPT_LINKTYPES },
        { "packets", required_argument, NULL, OPT_PACKETS },
        { "flows", required_argument, NULL, OPT_FLOWS },
        { "seed", required_argument, NULL, OPT_SEED },
        { "vlan-share", required_argument, NULL, OPT_VLAN },
        { "ipv6-share", required_argument, NULL, OPT_IPV6 },
        { "duration", required_argument, NULL, OPT_DURATION },
        { "snaplen", required_argument, NULL, OPT_SNAPLEN },
        { "truth", required_argument, NULL, OPT_TRUTH },
        { "output", required_argument, NULL, 'o' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->vlan_share = 0.10;
    o->ipv6_share = 0.15;
    o->snaplen = 65535;
    int mix_options = 0, c, modes = 0;
    uint64_t value;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:qhV", longs, NULL)) != -1) {
        switch (c) {
        case OPT_SAMPLE: o->mode = GEN_MODE_SAMPLE; modes++; break;
        case OPT_LINKTYPES: o->mode = GEN_MODE_LINKTYPES; o->linktype_dir = optarg; modes++; break;
        case OPT_PACKETS:
            if (parse_u64(optarg, "--packets", 1, UINT64_C(1) << 40, &o->packets) < 0)
                return -1;
            o->mode = GEN_MODE_MIX;
            modes++;
            break;
        case OPT_FLOWS:
            if (parse_u64(optarg, "--flows", 1, UINT64_C(1) << 32, &o->flows) < 0)
                return -1;
            mix_options = 1;
            break;
        case OPT_SEED:
            if (parse_u64(optarg, "--seed", 0, UINT64_MAX, &o->seed) < 0)
                return -1;
            mix_options = 1;
            break;
        case OPT_VLAN:
            if (parse_share(optarg, "--vlan-share", 1.0, &o->vlan_share) < 0)
                return -1;
            mix_options = 1;
            break;
        case OPT_IPV6:
            if (parse_share(optarg, "--ipv6-share", 1.0, &o->ipv6_share) < 0)
                return -1;
            mix_options = 1;
            break;
        case OPT_DURATION:
            if (parse_share(optarg, "--duration", 1e7, &o->duration) < 0)
                return -1;
            mix_options = 1;
            break;
        case OPT_SNAPLEN:
            if (parse_u64(optarg, "--snaplen", 16, 262144, &value) < 0)
                return -1;
            o->snaplen = (uint32_t)value;
            mix_options = 1;
            break;
        case OPT_TRUTH: o->truth = optarg; mix_options = 1; break;
        case 'o': o->output = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'h': fputs(usage_text, stdout); return 1;
        case 'V': printf("rowtap-gen %s\n", PACKAGE_VERSION); return 1;
        case ':':
            fprintf(stderr, "rowtap-gen: %s needs a value (see --help)\n", argv[optind - 1]);
            return -1;
        default:
            fprintf(stderr, "rowtap-gen: unknown option '%s' (see --help)\n", argv[optind - 1]);
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "rowtap-gen: unexpected argument '%s' (see --help)\n", argv[optind]);
        return -1;
    }
    if (modes > 1) {
        fprintf(stderr, "rowtap-gen: choose one of --sample, --sample-linktypes and --packets\n");
        return -1;
    }
    return check_mode(o, mix_options);
}
