/* rowtap/module.h — what plugins and sinks share: their options, the run description, logging
 * and the end-of-run report. */
#ifndef ROWTAP_MODULE_H
#define ROWTAP_MODULE_H

#include <stdarg.h>
#include <stdint.h>

#include "schema.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ABI version of plugins and sinks; a module built for another version is refused at load. */
#define RT_ABI_VERSION 1

/* A loaded plugin or sink, as passed to its callbacks. Opaque. */
typedef struct rt_module rt_module;

/* Option value types. */
typedef enum rt_option_type {
    RT_OPT_BOOL,        /* true/false, yes/no, on/off, 1/0 */
    RT_OPT_INT,         /* signed 64-bit decimal, checked against [min, max] unless both are 0 */
    RT_OPT_DOUBLE,      /* decimal floating point */
    RT_OPT_STRING,      /* any text */
    RT_OPT_ENUM,        /* one of `choices`, separated by '|' */
    RT_OPT_PASSTHROUGH  /* key "*": accepts any <module>.<key>; read with rt_option_each */
} rt_option_type;

/* rt_option.flags */
#define RT_OPT_SECRET 0x1u /* never printed: masked in the recorded command line, logs, reports */

/* One runtime option of a module, set with -X <module>.<key>=<value> or in a --config file. */
typedef struct rt_option {
    const char *key;           /* without the module prefix, e.g. "threshold" */
    rt_option_type type;
    const char *default_value; /* text form; NULL means unset */
    const char *description;   /* one line for --list-options and the manual */
    const char *choices;       /* RT_OPT_ENUM only */
    int64_t min, max;          /* RT_OPT_INT only */
    unsigned flags;            /* RT_OPT_* flags */
} rt_option;

/* Option values of the calling module, by key without prefix. Values were validated when the
 * command line was read. rt_option_string returns NULL for an unset option. */
const char *rt_option_string(const rt_module *self, const char *key);
int64_t rt_option_int(const rt_module *self, const char *key);
double rt_option_double(const rt_module *self, const char *key);
int rt_option_bool(const rt_module *self, const char *key);
/* Calls fn for every passthrough key set for this module, in the order they were given
 * (--config first, then -X); key is without the module prefix. */
void rt_option_each(const rt_module *self,
                    void (*fn)(const char *key, const char *value, void *arg), void *arg);

/* Name of a module ("tcpWin", "txt"). */
const char *rt_module_name(const rt_module *self);

/* Description of the run, valid from init/open to finish/close. */
typedef struct rt_run {
    const char *program_version;  /* PACKAGE_VERSION */
    const char *prefix;           /* output prefix (T2-COMPAT §1), e.g. "out/trace" */
    int flows_to_stdout;          /* -w -: flow rows go to standard output */
    uint64_t sensor_id;           /* -x, default 666 */
    int time_digits;              /* 6 (core.timePrecision=us) or 9 (ns) */
    int live;                     /* reading a live interface */
    const char *command_line;     /* the command line, secrets masked */
    int64_t start_time;           /* wall clock at start, ns since the Unix epoch */
    const char *run_id;           /* identifies this run: "<sensor>-<host>-<start seconds>-<pid>" */
    unsigned n_plugins;
    const char *const *plugin_names;    /* in load order */
    const char *const *plugin_versions;
    const rt_schema *schemas[RT_STREAM_COUNT]; /* schemas[RT_STREAM_PACKETS] is NULL without -s */
} rt_run;

/* The run description (NULL before the command line has been processed). */
const rt_run *rt_run_get(void);

/* Messages to standard error, prefixed with the module name. Errors also make the exit status
 * non-zero. Thread-safe. */
void rt_log_info(const rt_module *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rt_log_warning(const rt_module *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rt_log_error(const rt_module *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The end-of-run report being written; each line is prefixed with the module name. */
typedef struct rt_report rt_report;
void rt_report_line(rt_report *report, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#ifdef __cplusplus
}
#endif
#endif
