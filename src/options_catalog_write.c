/* options_catalog_write.c — printing the option catalog: a table for people (text), the roff
 * blocks of the manual page's option sections (man; doc/rowtap.1 holds them between marker
 * lines and `make update-man` refreshes them), and TAB-separated records for scripts (tsv). */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "options_catalog.h"

/* What a module is, for headings. */
typedef struct module_summary {
    const char *kind;        /* "core", "plugin" or "sink" */
    const char *version;     /* NULL for the core groups */
    const char *description;
} module_summary;

static module_summary summarize(const rt_module *m)
{
    static const struct {
        const char *name, *description;
    } core_groups[] = {
        { "core", "the analyzer: time precision, flow table, fragments and the queues to the sinks" },
        { "capture", "live capture (-i)" },
    };
    module_summary s = { "core", NULL, "" };
    if (m->kind == MODULE_PLUGIN)
        s = (module_summary){ "plugin", m->plugin->version, m->plugin->description };
    else if (m->kind == MODULE_SINK)
        s = (module_summary){ "sink", m->sink->version, m->sink->description };
    else
        for (size_t i = 0; i < sizeof core_groups / sizeof core_groups[0]; i++)
            if (strcmp(core_groups[i].name, m->name) == 0)
                s.description = core_groups[i].description;
    if (!s.description)
        s.description = "";
    return s;
}

static const char *type_name(const rt_option *opt)
{
    static const char *const names[] = { "bool", "int", "number", "string", "enum", "passthrough" };
    return opt->type == RT_OPT_ENUM ? opt->choices : names[opt->type];
}

/* The key after the module name: the option's key, or "<property>" for a passthrough entry. */
static const char *key_name(const rt_option *opt)
{
    return opt->type == RT_OPT_PASSTHROUGH ? "<property>" : opt->key;
}

static int has_range(const rt_option *opt)
{
    return opt->type == RT_OPT_INT && (opt->min || opt->max);
}

/* ---- text ---- */

static void text_heading(FILE *out, const options_catalog_entry *e)
{
    module_summary s = summarize(e->module);
    if (e->module->kind == MODULE_CORE)
        fprintf(out, "# %s", e->module->name);
    else
        fprintf(out, "# %s %s%s%s", s.kind, e->module->name, s.version ? " " : "", s.version ? s.version : "");
    if (e->module->kind != MODULE_CORE)
        fprintf(out, e->loaded ? " (loaded)" : e->module->kind == MODULE_PLUGIN ? " (not loaded: add it to -b)"
                                                                                 : " (not loaded: add it to -o)");
    fprintf(out, "%s%s%s\n", *s.description ? ": " : "", s.description, e->module->n_options ? "" : "; no options");
}

static void text_module(FILE *out, const options_catalog_entry *e)
{
    text_heading(out, e);
    for (unsigned i = 0; i < e->module->n_options; i++) {
        const rt_option *opt = &e->module->options[i];
        char key[256];
        snprintf(key, sizeof key, "%s.%s", e->module->name, key_name(opt));
        fprintf(out, "%-28s %-12s %-10s %s", key, type_name(opt), opt->default_value ? opt->default_value : "(unset)",
                opt->description);
        if (has_range(opt))
            fprintf(out, " [%" PRId64 "..%" PRId64 "]", opt->min, opt->max);
        fputc('\n', out);
    }
}

/* ---- man ---- */

/* Text inside a roff line: backslashes as \e, '-' as \- when `dashes` (names a user types). */
static void roff_text(FILE *out, const char *text, int dashes)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\\')
            fputs("\\e", out);
        else if (*p == '-' && dashes)
            fputs("\\-", out);
        else
            fputc(*p, out);
    }
}

/* A line of running text (a leading '.' or '\'' would be read as a request). */
static void roff_line(FILE *out, const char *text)
{
    if (text[0] == '.' || text[0] == '\'')
        fputs("\\&", out);
    roff_text(out, text, 0);
    fputc('\n', out);
}

static void man_option(FILE *out, const char *module, const rt_option *opt)
{
    fputs(".TP\n\\fB", out);
    roff_text(out, module, 1);
    fputc('.', out);
    if (opt->type == RT_OPT_PASSTHROUGH)
        fputs("\\fIproperty\\fR", out);
    else {
        roff_text(out, opt->key, 1);
        fputs("\\fR=\\fI", out);
        roff_text(out, opt->type == RT_OPT_ENUM ? opt->choices : type_name(opt), 1);
        fputs("\\fR", out);
    }
    if (opt->default_value) {
        fputs(" (default ", out);
        roff_text(out, opt->default_value, 1);
    } else {
        fputs(" (no default", out);
    }
    if (has_range(opt))
        fprintf(out, "; %" PRId64 " to %" PRId64, opt->min, opt->max);
    fputs(")\n", out);
    roff_line(out, opt->description);
    if (opt->flags & RT_OPT_SECRET)
        fputs("Secret: the value is never printed.\n", out);
}

static void man_module(FILE *out, const options_catalog_entry *e)
{
    module_summary s = summarize(e->module);
    fprintf(out, ".\\\" rowtap-options: %s %s\n.SS \"", s.kind, e->module->name);
    roff_text(out, e->module->name, 1);
    if (e->module->kind != MODULE_CORE)
        fprintf(out, " %s", s.kind);
    fputs("\"\n", out);
    if (*s.description) {
        char sentence[1024];
        snprintf(sentence, sizeof sentence, "%c%s%s", toupper((unsigned char)s.description[0]), s.description + 1,
                 s.description[strlen(s.description) - 1] == '.' ? "" : ".");
        roff_line(out, sentence);
    }
    if (!e->module->n_options)
        fputs("No options.\n", out);
    for (unsigned i = 0; i < e->module->n_options; i++)
        man_option(out, e->module->name, &e->module->options[i]);
}

/* ---- tsv ---- */

static void tsv_module(FILE *out, const options_catalog_entry *e)
{
    fprintf(out, "module\t%s\t%s\t%s\t%s\n", summarize(e->module).kind, e->module->name,
            e->loaded ? "loaded" : "found", e->module->path ? e->module->path : "built-in");
    for (unsigned i = 0; i < e->module->n_options; i++) {
        const rt_option *opt = &e->module->options[i];
        fprintf(out, "option\t%s.%s\t%s\t%s\n", e->module->name, key_name(opt),
                opt->type == RT_OPT_ENUM ? "enum" : type_name(opt), opt->default_value ? opt->default_value : "");
        if (opt->type == RT_OPT_ENUM)
            fprintf(out, "choices\t%s.%s\t%s\n", e->module->name, opt->key, opt->choices);
    }
}

void options_catalog_write(FILE *out, const options_catalog *c, const char *format)
{
    void (*write_module)(FILE *, const options_catalog_entry *) = text_module;
    if (format && strcmp(format, "man") == 0)
        write_module = man_module;
    else if (format && strcmp(format, "tsv") == 0)
        write_module = tsv_module;
    else
        fprintf(out, "%-28s %-12s %-10s %s\n", "KEY", "TYPE", "DEFAULT", "DESCRIPTION");
    for (size_t i = 0; i < c->n; i++)
        write_module(out, &c->entries[i]);
}
