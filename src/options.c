/* options.c — recording, validating and looking up runtime options (-X, --config). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "options.h"

/* One key=value as the user gave it. */
typedef struct option_setting {
    char *key;     /* full key, "module.key" */
    char *value;
    char *origin;  /* "-X" or "file:line" */
} option_setting;

static option_setting *settings;
static size_t n_settings, cap_settings;
static rt_module *const *known_modules;
static size_t n_known_modules;

/* A copy of [start, end) without surrounding blanks; with `unquote`, also without double quotes
 * around the whole value (config files: `key = "a b"`). */
static char *dup_range(const char *start, const char *end, int unquote)
{
    while (start < end && isspace((unsigned char)*start))
        start++;
    while (end > start && isspace((unsigned char)end[-1]))
        end--;
    if (unquote && end - start >= 2 && *start == '"' && end[-1] == '"') {
        start++;
        end--;
    }
    char *s = strndup(start, (size_t)(end - start));
    if (!s) {
        log_error("out of memory");
        exit(70);
    }
    return s;
}

/* Records key=value; `from_file` removes quotes around a config file's value. */
static int add_setting(const char *assignment, const char *origin, int from_file, char *err, size_t err_size);

int options_add(const char *assignment, const char *origin, char *err, size_t err_size)
{
    return add_setting(assignment, origin, 0, err, err_size);
}

static int add_setting(const char *assignment, const char *origin, int from_file, char *err, size_t err_size)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        snprintf(err, err_size, "%s: '%s' is not key=value (example: -X core.flowTimeout=60)", origin, assignment);
        return -1;
    }
    if (n_settings == cap_settings) {
        cap_settings = cap_settings ? cap_settings * 2 : 16;
        settings = realloc(settings, cap_settings * sizeof *settings);
        if (!settings) {
            log_error("out of memory");
            exit(70);
        }
    }
    option_setting *s = &settings[n_settings];
    s->key = dup_range(assignment, eq, 0);
    s->value = dup_range(eq + 1, eq + strlen(eq), from_file);
    s->origin = dup_range(origin, origin + strlen(origin), 0);
    if (!*s->key || strchr(s->key, ' ')) {
        snprintf(err, err_size, "%s: '%s' has no valid key before '='", origin, assignment);
        return -1;
    }
    n_settings++;
    return 0;
}

int options_load_file(const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_size, "cannot read config file '%s': %s", path, strerror(errno));
        return -1;
    }
    char line[8192];
    unsigned number = 0;
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        number++;
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (!*p || *p == '#')
            continue;
        p[strcspn(p, "\r\n")] = '\0';
        char origin[600];
        snprintf(origin, sizeof origin, "%.500s:%u", path, number);
        if (add_setting(p, origin, 1, err, err_size) < 0) {
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}

/* Splits "module.key" into the module and the option (or the passthrough entry). */
static rt_module *find_module(const char *full_key, const char **key)
{
    const char *dot = strchr(full_key, '.');
    if (!dot)
        return NULL;
    size_t len = (size_t)(dot - full_key);
    *key = dot + 1;
    static rt_module *const core_modules[] = { &options_core_module, &options_capture_module };
    for (size_t i = 0; i < 2; i++)
        if (strlen(core_modules[i]->name) == len && strncmp(core_modules[i]->name, full_key, len) == 0)
            return core_modules[i];
    for (size_t i = 0; i < n_known_modules; i++)
        if (strlen(known_modules[i]->name) == len && strncmp(known_modules[i]->name, full_key, len) == 0)
            return known_modules[i];
    return NULL;
}

static const rt_option *find_option(const rt_module *module, const char *key)
{
    const rt_option *passthrough = NULL;
    for (unsigned i = 0; i < module->n_options; i++) {
        if (module->options[i].type == RT_OPT_PASSTHROUGH)
            passthrough = &module->options[i];
        else if (strcmp(module->options[i].key, key) == 0)
            return &module->options[i];
    }
    return passthrough && *key ? passthrough : NULL;
}

static int parse_bool(const char *text, int *out)
{
    static const char *const yes[] = { "true", "yes", "on", "1" }, *const no[] = { "false", "no", "off", "0" };
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(text, yes[i]) == 0)
            return *out = 1, 0;
        if (strcasecmp(text, no[i]) == 0)
            return *out = 0, 0;
    }
    return -1;
}

static int parse_int(const char *text, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_double(const char *text, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int enum_contains(const char *choices, const char *value)
{
    size_t len = strlen(value);
    for (const char *p = choices; *p;) {
        size_t n = strcspn(p, "|");
        if (n == len && strncmp(p, value, len) == 0)
            return 1;
        p += n + (p[n] == '|');
    }
    return 0;
}

static int check_value(const rt_option *opt, const char *full_key, const char *value, const char *origin,
                       char *err, size_t err_size)
{
    int b;
    int64_t i;
    double d;
    switch (opt->type) {
    case RT_OPT_BOOL:
        if (parse_bool(value, &b) < 0)
            return snprintf(err, err_size, "%s: %s='%s' is not a boolean (use true or false)", origin, full_key, value), -1;
        return 0;
    case RT_OPT_INT:
        if (parse_int(value, &i) < 0) {
            if (opt->min || opt->max)
                return snprintf(err, err_size, "%s: %s='%s' is not an integer (give a whole number from %" PRId64
                                " to %" PRId64 ")", origin, full_key, value, opt->min, opt->max), -1;
            return snprintf(err, err_size, "%s: %s='%s' is not an integer (give a whole number)", origin, full_key,
                            value), -1;
        }
        if ((opt->min || opt->max) && (i < opt->min || i > opt->max))
            return snprintf(err, err_size, "%s: %s=%s is out of range (%" PRId64 " to %" PRId64 ")", origin,
                            full_key, value, opt->min, opt->max), -1;
        return 0;
    case RT_OPT_DOUBLE:
        if (parse_double(value, &d) < 0)
            return snprintf(err, err_size, "%s: %s='%s' is not a number (give a decimal number such as 0.5)", origin,
                            full_key, value), -1;
        return 0;
    case RT_OPT_ENUM:
        if (!enum_contains(opt->choices, value))
            return snprintf(err, err_size, "%s: %s='%s' is not one of %s", origin, full_key, value, opt->choices), -1;
        return 0;
    case RT_OPT_STRING:
    case RT_OPT_PASSTHROUGH:
        return 0;
    }
    return 0;
}

int options_validate(rt_module *const *modules, size_t n_modules, char *err, size_t err_size)
{
    known_modules = modules;
    n_known_modules = n_modules;
    for (size_t i = 0; i < n_settings; i++) {
        const option_setting *s = &settings[i];
        const char *key;
        rt_module *module = find_module(s->key, &key);
        if (!module) {
            snprintf(err, err_size, "%s: unknown option '%s': no loaded plugin or sink is called '%.*s' "
                     "(load it with -b or -o; --list-options shows every key)", s->origin, s->key,
                     (int)strcspn(s->key, "."), s->key);
            return -1;
        }
        const rt_option *opt = find_option(module, key);
        if (!opt) {
            snprintf(err, err_size, "%s: unknown option '%s' (--list-options shows every key)", s->origin, s->key);
            return -1;
        }
        if (check_value(opt, s->key, s->value, s->origin, err, err_size) < 0)
            return -1;
    }
    return 0;
}

/* The latest recorded value of module.key, or NULL. */
static const char *recorded_value(const rt_module *module, const char *key)
{
    size_t mlen = strlen(module->name);
    for (size_t i = n_settings; i-- > 0;) {
        const char *k = settings[i].key;
        if (strncmp(k, module->name, mlen) == 0 && k[mlen] == '.' && strcmp(k + mlen + 1, key) == 0)
            return settings[i].value;
    }
    return NULL;
}

const char *options_value(const rt_module *module, const char *key)
{
    const char *value = recorded_value(module, key);
    if (value)
        return value;
    const rt_option *opt = find_option(module, key);
    return opt && opt->type != RT_OPT_PASSTHROUGH ? opt->default_value : NULL;
}

int options_is_secret(const char *full_key)
{
    static const char *const words[] = { "password", "secret", "token", "oauthbearer.config" };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(full_key, words[i]))
            return 1;
    const char *key;
    rt_module *module = find_module(full_key, &key);
    const rt_option *opt = module ? find_option(module, key) : NULL;
    return opt && (opt->flags & RT_OPT_SECRET);
}

static const char *type_name(const rt_option *opt)
{
    static const char *const names[] = { "bool", "int", "number", "string", "enum", "passthrough" };
    return names[opt->type];
}

static void list_module(FILE *out, const rt_module *module)
{
    for (unsigned i = 0; i < module->n_options; i++) {
        const rt_option *opt = &module->options[i];
        char key[256];
        snprintf(key, sizeof key, "%s.%s", module->name, opt->type == RT_OPT_PASSTHROUGH ? "<property>" : opt->key);
        fprintf(out, "%-28s %-12s %-10s %s", key, opt->type == RT_OPT_ENUM ? opt->choices : type_name(opt),
                opt->default_value ? opt->default_value : "(unset)", opt->description);
        if (opt->type == RT_OPT_INT && (opt->min || opt->max))
            fprintf(out, " [%" PRId64 "..%" PRId64 "]", opt->min, opt->max);
        fputc('\n', out);
    }
}

void options_list(FILE *out, rt_module *const *modules, size_t n_modules)
{
    fprintf(out, "%-28s %-12s %-10s %s\n", "KEY", "TYPE", "DEFAULT", "DESCRIPTION");
    list_module(out, &options_core_module);
    list_module(out, &options_capture_module);
    for (size_t i = 0; i < n_modules; i++)
        list_module(out, modules[i]);
}

void options_reset(void)
{
    for (size_t i = 0; i < n_settings; i++) {
        free(settings[i].key);
        free(settings[i].value);
        free(settings[i].origin);
    }
    free(settings);
    settings = NULL;
    n_settings = cap_settings = 0;
    known_modules = NULL;
    n_known_modules = 0;
}

/* ---- the module API (rowtap/module.h) ---- */

const char *rt_option_string(const rt_module *self, const char *key)
{
    return options_value(self, key);
}

int64_t rt_option_int(const rt_module *self, const char *key)
{
    int64_t v = 0;
    const char *text = options_value(self, key);
    if (text)
        parse_int(text, &v);
    return v;
}

double rt_option_double(const rt_module *self, const char *key)
{
    double v = 0;
    const char *text = options_value(self, key);
    if (text)
        parse_double(text, &v);
    return v;
}

int rt_option_bool(const rt_module *self, const char *key)
{
    int v = 0;
    const char *text = options_value(self, key);
    if (text)
        parse_bool(text, &v);
    return v;
}

void rt_option_each(const rt_module *self, void (*fn)(const char *key, const char *value, void *arg), void *arg)
{
    size_t mlen = strlen(self->name);
    for (size_t i = 0; i < n_settings; i++) {
        const char *k = settings[i].key;
        if (strncmp(k, self->name, mlen) != 0 || k[mlen] != '.')
            continue;
        const rt_option *opt = find_option(self, k + mlen + 1);
        if (!opt || opt->type != RT_OPT_PASSTHROUGH)
            continue;
        int overridden = 0;
        for (size_t j = i + 1; j < n_settings && !overridden; j++)
            overridden = strcmp(settings[j].key, k) == 0;
        if (!overridden)
            fn(k + mlen + 1, settings[i].value, arg);
    }
}

const char *rt_module_name(const rt_module *self)
{
    return self->name;
}
