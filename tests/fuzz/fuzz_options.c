/* fuzz_options.c — libFuzzer target for the option and command-line parsers. The input holds a
 * --config file's text up to its first NUL byte; the rest, split at NUL bytes, is the argument
 * list after the program name. One input goes through everything a start of rowtap does with
 * them: the config file and the -R list file parsers (both read the text from memory), the
 * command-line parser, the -X assignments, validation against the core's option groups and a
 * module declaring an option of every type, every value lookup, the masked command line, the
 * masking of every argument and --list-options. Each input is started twice, from fresh copies of
 * the arguments, with options and parser state reset in between: the second start must not
 * depend on the first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fuzz_memfile.h"
#include "fuzz_target.h"
#include "input_list.h"
#include "options.h"
#include "options_catalog.h"
#include "secret_mask.h"

#define FUZZ_MAX_ARGS 64

static const rt_option fuzz_module_options[] = {
    { "flag", RT_OPT_BOOL, "false", "a boolean", NULL, 0, 0, 0 },
    { "count", RT_OPT_INT, "5", "an integer in a range", NULL, -3, 1000, 0 },
    { "any", RT_OPT_INT, "0", "an integer without range", NULL, 0, 0, 0 },
    { "ratio", RT_OPT_DOUBLE, "0.5", "a number", NULL, 0, 0, 0 },
    { "mode", RT_OPT_ENUM, "a", "a choice", "a|bb|", 0, 0, 0 },
    { "conninfo", RT_OPT_STRING, NULL, "a connection string", NULL, 0, 0, 0 },
    { "key", RT_OPT_STRING, NULL, "a secret", NULL, 0, 0, RT_OPT_SECRET },
    { "*", RT_OPT_PASSTHROUGH, NULL, "anything else", NULL, 0, 0, 0 },
};

static rt_module fuzz_module = {
    .kind = MODULE_CORE, .name = "fuzzMod", /* no descriptor: listed like a core group */
    .options = fuzz_module_options, .n_options = sizeof fuzz_module_options / sizeof fuzz_module_options[0],
};

static void ignore_option(const char *key, const char *value, void *arg)
{
    (void)key;
    (void)value;
    (void)arg;
}

/* Reads every option of a module the ways modules and the core read them. */
static void read_all(const rt_module *module)
{
    for (unsigned i = 0; i < module->n_options; i++) {
        const char *key = module->options[i].key;
        (void)options_value(module, key);
        (void)rt_option_int(module, key);
        (void)rt_option_double(module, key);
        (void)rt_option_bool(module, key);
    }
    rt_option_each(module, ignore_option, NULL);
}

/* Splits the arguments part at NUL bytes into argv (argv[0] = "rowtap"); returns argc. */
static int split_args(char *text, size_t len, char **argv)
{
    int argc = 0;
    argv[argc++] = "rowtap";
    size_t start = 0;
    for (size_t i = 0; i <= len && argc < FUZZ_MAX_ARGS; i++)
        if (i == len || text[i] == '\0') {
            if (i > start || i < len)
                argv[argc++] = text + start;
            start = i + 1;
        }
    argv[argc] = NULL;
    return argc;
}

/* One start of rowtap on the arguments args[0..len): parse, options, lookups, masking; then
 * everything is reset and the copy of the arguments freed. The command-line parser's verdict
 * (its message, or "" when it accepted the arguments) is left in verdict. */
static void fuzz_start(const char *args_text, size_t args_len, const char *config_path, FILE *devnull,
                       char *verdict, size_t verdict_size)
{
    char err[4096];
    char *args = malloc(args_len + 1);
    if (!args)
        abort();
    memcpy(args, args_text, args_len);
    args[args_len] = '\0';
    char *argv[FUZZ_MAX_ARGS + 1];
    int argc = split_args(args, args_len, argv);

    rt_module *modules[] = { &fuzz_module };
    cli_options cli;
    options_load_file(config_path, err, sizeof err);
    int parsed = cli_parse(argc, argv, &cli, verdict, verdict_size);
    if (parsed == 0)
        verdict[0] = '\0';
    if (parsed == 0) {
        for (size_t i = 0; i < cli.n_assignments; i++)
            options_add(cli.assignments[i], "-X", err, sizeof err);
        options_validate(modules, 1, err, sizeof err);
        read_all(&options_core_module);
        read_all(&options_capture_module);
        read_all(&fuzz_module);
        options_catalog_entry entries[] = { { &options_core_module, 1 }, { &options_capture_module, 1 },
                                            { &fuzz_module, 1 } };
        options_catalog catalog = { entries, 3, NULL, NULL, 0, 0 };
        options_catalog_write(devnull, &catalog, NULL);
    }
    free(cli_masked_command_line(argc, argv));
    for (int i = 0; i < argc; i++) {
        free(secret_mask_assignment(argv[i]));
        free(secret_mask_value(argv[i]));
    }
    cli_free(&cli);
    options_reset();
    free(args);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    const uint8_t *nul = memchr(data, 0, size);
    size_t config_len = nul ? (size_t)(nul - data) : size;
    const char *path = fuzz_memfile(data, config_len);
    char err[4096];
    char **paths;
    long n_paths = input_list_read(path, &paths, err, sizeof err);
    if (n_paths > 0)
        input_list_free(paths, n_paths);
    /* twice, each time from a fresh copy: a parse must not depend on an earlier one */
    const char *args = nul ? (const char *)nul + 1 : "";
    size_t args_len = nul ? size - config_len - 1 : 0;
    char first[4096], second[4096];
    fuzz_start(args, args_len, path, devnull, first, sizeof first);
    fuzz_start(args, args_len, path, devnull, second, sizeof second);
    if (strcmp(first, second) != 0)
        abort();
    return 0;
}
