/* options_catalog.c — collecting the modules of `rowtap --list-options`: the core's option groups,
 * the plugins and sinks of this run, and every other plugin and sink found on the search paths
 * (loaded here only to read their option tables). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin_sinks.h"
#include "log.h"
#include "options.h"
#include "options_catalog.h"

static void *grow(void *array, size_t count, size_t size)
{
    void *p = realloc(array, count * size);
    if (!p) {
        log_error("out of memory");
        exit(70);
    }
    return p;
}

/* A name list without duplicates. */
typedef struct name_list {
    char **names;
    size_t n;
} name_list;

static int name_list_has(const name_list *list, const char *name)
{
    for (size_t i = 0; i < list->n; i++)
        if (strcmp(list->names[i], name) == 0)
            return 1;
    return 0;
}

static void name_list_add(name_list *list, const char *name, size_t len)
{
    char *copy = strndup(name, len);
    if (!copy) {
        log_error("out of memory");
        exit(70);
    }
    list->names = grow(list->names, list->n + 1, sizeof *list->names);
    list->names[list->n++] = copy;
}

static void name_list_free(name_list *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->names[i]);
    free(list->names);
    memset(list, 0, sizeof *list);
}

static int module_listed(rt_module *const *modules, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(modules[i]->name, name) == 0)
            return 1;
    return 0;
}

/* The names of the "<name>.so" files in the path's folders (first folder first), leaving out
 * the modules of this run and the built-in sinks. */
static void find_names(const module_path *path, rt_module *const *loaded, size_t n_loaded, name_list *out)
{
    memset(out, 0, sizeof *out);
    for (size_t d = 0; d < path->n; d++) {
        DIR *dir = opendir(path->dirs[d]);
        if (!dir)
            continue;
        for (struct dirent *e; (e = readdir(dir));) {
            size_t len = strlen(e->d_name);
            if (len <= 3 || strcmp(e->d_name + len - 3, ".so") != 0)
                continue;
            char name[sizeof e->d_name];
            snprintf(name, sizeof name, "%.*s", (int)(len - 3), e->d_name);
            if (!name_list_has(out, name) && !module_listed(loaded, n_loaded, name) && !builtin_sink_find(name))
                name_list_add(out, name, strlen(name));
        }
        closedir(dir);
    }
}

typedef int (*load_fn)(const char *list, const module_path *path, rt_module ***modules, size_t *n, char *err,
                       size_t err_size);

/* Loads the named modules: all at once (plugins may depend on each other), else one by one,
 * leaving out with a note those that cannot be loaded. */
static void load_found(const char *kind, const name_list *names, const module_path *path, load_fn load,
                       rt_module ***modules, size_t *n)
{
    char err[2048];
    *modules = NULL;
    *n = 0;
    if (!names->n)
        return;
    size_t len = 1;
    for (size_t i = 0; i < names->n; i++)
        len += strlen(names->names[i]) + 1;
    char *list = grow(NULL, len, 1);
    list[0] = '\0';
    for (size_t i = 0; i < names->n; i++)
        strcat(strcat(list, i ? "," : ""), names->names[i]);
    int all_loaded = load(list, path, modules, n, err, sizeof err) == 0;
    free(list);
    if (all_loaded)
        return;
    for (size_t i = 0; i < names->n; i++) {
        rt_module **one;
        size_t n_one;
        if (load(names->names[i], path, &one, &n_one, err, sizeof err) < 0) {
            fprintf(stderr, "rowtap: note: the options of %s '%s' are not listed: %s\n", kind, names->names[i], err);
            continue;
        }
        *modules = grow(*modules, *n + n_one, sizeof **modules);
        memcpy(*modules + *n, one, n_one * sizeof *one);
        *n += n_one;
        free(one);
    }
}

static void add_entry(options_catalog *c, const rt_module *module, int loaded)
{
    c->entries = grow(c->entries, c->n + 1, sizeof *c->entries);
    c->entries[c->n++] = (options_catalog_entry){ module, loaded };
}

/* Plugins by order number and name, then sinks by name. */
static int compare_entries(const void *a, const void *b)
{
    const rt_module *ma = ((const options_catalog_entry *)a)->module;
    const rt_module *mb = ((const options_catalog_entry *)b)->module;
    if (ma->kind != mb->kind)
        return ma->kind == MODULE_PLUGIN ? -1 : 1;
    if (ma->kind == MODULE_PLUGIN && ma->plugin->order != mb->plugin->order)
        return ma->plugin->order < mb->plugin->order ? -1 : 1;
    return strcmp(ma->name, mb->name);
}

void options_catalog_build(options_catalog *c, rt_module *const *plugins, size_t n_plugins,
                           rt_module *const *sinks, size_t n_sinks, const module_path *plugin_path,
                           const module_path *sink_path)
{
    memset(c, 0, sizeof *c);
    name_list names;
    find_names(plugin_path, plugins, n_plugins, &names);
    load_found("plugin", &names, plugin_path, module_load_plugins, &c->found_plugins, &c->n_found_plugins);
    name_list_free(&names);
    find_names(sink_path, sinks, n_sinks, &names);
    for (size_t i = 0; builtin_sink_at(i); i++) {
        const char *name = builtin_sink_at(i)->name;
        if (!module_listed(sinks, n_sinks, name))
            name_list_add(&names, name, strlen(name));
    }
    load_found("sink", &names, sink_path, module_load_sinks, &c->found_sinks, &c->n_found_sinks);
    name_list_free(&names);

    add_entry(c, &options_core_module, 1);
    add_entry(c, &options_capture_module, 1);
    size_t first_module = c->n;
    for (size_t i = 0; i < n_plugins; i++)
        add_entry(c, plugins[i], 1);
    for (size_t i = 0; i < c->n_found_plugins; i++)
        add_entry(c, c->found_plugins[i], 0);
    for (size_t i = 0; i < n_sinks; i++)
        add_entry(c, sinks[i], 1);
    for (size_t i = 0; i < c->n_found_sinks; i++)
        add_entry(c, c->found_sinks[i], 0);
    qsort(c->entries + first_module, c->n - first_module, sizeof *c->entries, compare_entries);
}

void options_catalog_free(options_catalog *c)
{
    free(c->entries);
    module_unload(c->found_plugins, c->n_found_plugins);
    module_unload(c->found_sinks, c->n_found_sinks);
    memset(c, 0, sizeof *c);
}

void options_catalog_print(FILE *out, const char *format, rt_module *const *plugins, size_t n_plugins,
                           rt_module *const *sinks, size_t n_sinks, const module_path *plugin_path,
                           const module_path *sink_path)
{
    options_catalog catalog;
    options_catalog_build(&catalog, plugins, n_plugins, sinks, n_sinks, plugin_path, sink_path);
    options_catalog_write(out, &catalog, format);
    options_catalog_free(&catalog);
}
