/* cli.c — parsing the command line into cli_options. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "module_loader.h"
#include "secret_mask.h"

enum { OPT_CONFIG = 256, OPT_LIST_OPTIONS, OPT_SCHEMA };

static const struct option long_options[] = {
    { "config", required_argument, NULL, OPT_CONFIG },
    { "list-options", no_argument, NULL, OPT_LIST_OPTIONS },
    { "schema", required_argument, NULL, OPT_SCHEMA },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
};

void cli_usage(FILE *out)
{
    fputs("Usage: rowtap [options] [BPF filter expression]\n"
          "Reads network traffic and writes one row per flow direction (and per packet with -s).\n"
          "\n"
          "Input (exactly one):\n"
          "  -r FILE          pcap or pcapng file ('-' reads standard input)\n"
          "  -R LISTFILE      the files listed in LISTFILE (one path per line, '#' comments), as one stream\n"
          "  -i IFACE         live capture on interface IFACE (capture.* options: snaplen, promisc, bufferSize)\n"
          "Output:\n"
          "  -w PREFIX        output prefix, or an existing folder (default: next to the input);\n"
          "                   '-w -' writes flow rows to standard output\n"
          "  -s               also write packet rows (PREFIX_packets.txt)\n"
          "  -o SINKS         comma-separated sinks, default txt (txt, msgpack, kafka, pgsql)\n"
          "  -l               start-up messages and end report into PREFIX_log.txt\n"
          "Plugins:\n"
          "  -b LIST          comma-separated plugins to load (default " MODULE_DEFAULT_PLUGINS ")\n"
          "  -p DIR           plugin folder, colon-separated list allowed (also ROWTAP_PLUGIN_PATH)\n"
          "Options:\n"
          "  -x ID            sensor ID (default 666)\n"
          "  -F FILE          read the BPF filter from FILE\n"
          "  -X KEY=VALUE     set an option, e.g. -X core.flowTimeout=60 (repeatable)\n"
          "  --config FILE    read KEY = VALUE options from FILE (-X wins over it)\n"
          "  --list-options   list every option with type, default and description\n"
          "  --schema=sql     print the PostgreSQL tables (pgsql sink) of the loaded plugins, -s adds the\n"
          "                   packet table; reads no input\n"
          "  -q               quiet: no progress line\n"
          "  -V, --version    print the version\n"
          "  -h, --help       print this help\n"
          "\n"
          "Example: rowtap -r trace.pcap -w out/ -s     (writes out/trace_flows.txt, out/trace_packets.txt,\n"
          "         out/trace_headers.txt)\n",
          out);
}

/* Formats a message into err and returns -1. */
static int __attribute__((format(printf, 3, 4))) fail(char *err, size_t err_size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
    return -1;
}

static int parse_sensor(const char *text, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-')
        return -1;
    *out = v;
    return 0;
}

static int set_once(const char **slot, const char *value, const char *flag, char *err, size_t err_size)
{
    if (*slot) {
        snprintf(err, err_size, "%s is given twice; give it once%s", flag,
                 strcmp(flag, "-r") == 0 ? " (use -R LISTFILE to read several files)" : "");
        return -1;
    }
    *slot = value;
    return 0;
}

/* Appends ":dir" (or "dir") to a colon-separated list owned by the caller. */
static int append_dir(char **list, const char *dir)
{
    size_t old = *list ? strlen(*list) : 0;
    char *joined = realloc(*list, old + strlen(dir) + 2);
    if (!joined)
        return -1;
    sprintf(joined + old, "%s%s", old ? ":" : "", dir);
    *list = joined;
    return 0;
}

static char *join_args(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

int cli_parse(int argc, char **argv, cli_options *o, char *err, size_t err_size)
{
    memset(o, 0, sizeof *o);
    o->sensor_id = 666;
    o->sinks = "txt";
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:r:R:i:w:so:b:p:x:lF:X:qVh", long_options, NULL)) != -1) {
        int rc = 0;
        switch (c) {
        case 'r': rc = set_once(&o->read_file, optarg, "-r", err, err_size); break;
        case 'R': rc = set_once(&o->read_list, optarg, "-R", err, err_size); break;
        case 'i': rc = set_once(&o->interface, optarg, "-i", err, err_size); break;
        case 'w': rc = set_once(&o->write, optarg, "-w", err, err_size); break;
        case 's': o->packet_mode = 1; break;
        case 'o': o->sinks = optarg; break;
        case 'b': o->plugins = optarg; break;
        case 'p':
            if (append_dir(&o->plugin_dirs, optarg) < 0)
                rc = fail(err, err_size, "out of memory");
            break;
        case 'x':
            if (parse_sensor(optarg, &o->sensor_id) < 0)
                rc = fail(err, err_size, "-x '%s' is not a sensor ID (a non-negative integer)", optarg);
            break;
        case 'l': o->log_file = 1; break;
        case 'F': rc = set_once(&o->filter_file, optarg, "-F", err, err_size); break;
        case 'X': {
            char **grown = realloc(o->assignments, (o->n_assignments + 1) * sizeof *grown);
            if (!grown)
                return fail(err, err_size, "out of memory");
            o->assignments = grown;
            o->assignments[o->n_assignments++] = optarg;
            break;
        }
        case OPT_CONFIG: rc = set_once(&o->config_file, optarg, "--config", err, err_size); break;
        case OPT_LIST_OPTIONS: o->list_options = 1; break;
        case OPT_SCHEMA:
            if (strcmp(optarg, "sql") != 0)
                rc = fail(err, err_size, "--schema=%s: unknown format (known: sql)", optarg);
            o->schema_format = optarg;
            break;
        case 'q': o->quiet = 1; break;
        case 'V': o->version = 1; break;
        case 'h': o->help = 1; break;
        case ':':
            if (optopt > 0 && optopt < 256)
                rc = fail(err, err_size, "option -%c needs an argument (rowtap -h shows the options)", optopt);
            else
                rc = fail(err, err_size, "option %s needs an argument (rowtap -h shows the options)", argv[optind - 1]);
            break;
        default:
            if (optopt)
                rc = fail(err, err_size, "unknown option -%c (rowtap -h shows the options)", optopt);
            else
                rc = fail(err, err_size, "unknown option '%s' (rowtap -h shows the options)", argv[optind - 1]);
            break;
        }
        if (rc < 0)
            return -1;
    }
    if (optind < argc) {
        o->filter = join_args(argc - optind, argv + optind);
        if (!o->filter)
            return fail(err, err_size, "out of memory");
        if (o->filter_file)
            return fail(err, err_size, "give the BPF filter either after the options or with -F, not both");
    }
    if (o->help || o->version || o->list_options || o->schema_format)
        return 0;
    int inputs = !!o->read_file + !!o->read_list + !!o->interface;
    if (inputs != 1)
        return fail(err, err_size, "%s: give exactly one of -r FILE, -R LISTFILE or -i IFACE",
                        inputs ? "more than one input source" : "no input");
    return 0;
}

char *cli_masked_command_line(int argc, char **argv)
{
    char **masked = calloc((size_t)argc, sizeof *masked);
    if (!masked)
        return NULL;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        int is_assignment = i > 0 && strcmp(argv[i - 1], "-X") == 0;
        if (strncmp(arg, "-X", 2) == 0 && arg[2]) {
            masked[i] = secret_mask_assignment(arg + 2);
            if (masked[i]) {
                char *with_flag = malloc(strlen(masked[i]) + 3);
                if (with_flag)
                    sprintf(with_flag, "-X%s", masked[i]);
                free(masked[i]);
                masked[i] = with_flag;
            }
        } else {
            masked[i] = is_assignment ? secret_mask_assignment(arg) : strdup(arg);
        }
    }
    char *line = join_args(argc, masked);
    for (int i = 0; i < argc; i++)
        free(masked[i]);
    free(masked);
    return line;
}

void cli_free(cli_options *o)
{
    free(o->filter);
    free(o->plugin_dirs);
    free(o->assignments);
    o->filter = o->plugin_dirs = NULL;
    o->assignments = NULL;
}
