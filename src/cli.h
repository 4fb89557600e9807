/* cli.h — the command line (DESIGN §6, T2-COMPAT §1 and §11). */
#ifndef ROWTAP_CLI_H
#define ROWTAP_CLI_H

#include <stdint.h>
#include <stdio.h>

typedef struct cli_options {
    const char *read_file;     /* -r */
    const char *read_list;     /* -R */
    const char *interface;     /* -i */
    const char *write;         /* -w */
    int packet_mode;           /* -s */
    const char *sinks;         /* -o, default "txt" */
    const char *plugins;       /* -b, NULL = default set */
    char *plugin_dirs;         /* -p (colon-separated, repeatable), owned */
    uint64_t sensor_id;        /* -x, default 666 */
    int log_file;              /* -l */
    const char *filter_file;   /* -F */
    char *filter;              /* trailing BPF expression, joined by spaces */
    const char *config_file;   /* --config */
    char **assignments;        /* -X KEY=VALUE, in order (pointers into argv) */
    size_t n_assignments;
    int list_options;          /* --list-options */
    const char *schema_format; /* --schema=FORMAT: print the tables' definition ("sql") and exit */
    int quiet;                 /* -q */
    int version;               /* -V */
    int help;                  /* -h */
} cli_options;

/* Parses argv. Returns 0, or -1 with a message in err (the caller prints it and exits with
 * status 2). */
int cli_parse(int argc, char **argv, cli_options *opts, char *err, size_t err_size);
/* The -h text. */
void cli_usage(FILE *out);
/* The command line as one string with secret option values masked; caller frees. */
char *cli_masked_command_line(int argc, char **argv);
void cli_free(cli_options *opts);

#endif
