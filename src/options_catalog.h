/* options_catalog.h — `rowtap --list-options[=FORMAT]`: the options of the core and of every
 * plugin and sink found on the search paths, loaded for this run or not, printed as a table for
 * people (text), as roff for the manual page (man) or as TAB-separated records for scripts such as
 * the bash completion (tsv). */
#ifndef ROWTAP_OPTIONS_CATALOG_H
#define ROWTAP_OPTIONS_CATALOG_H

#include <stddef.h>
#include <stdio.h>

#include "module_internal.h"
#include "module_loader.h"

/* The output formats, as named after --list-options= (separated by ", "). */
#define OPTIONS_CATALOG_FORMATS "text, man, tsv"

/* One module of the catalog. */
typedef struct options_catalog_entry {
    const rt_module *module;
    int loaded;                 /* loaded for this run (-b, -o) rather than only found */
} options_catalog_entry;

/* Every module in print order: core, capture, plugins by order number and name, sinks by name. */
typedef struct options_catalog {
    options_catalog_entry *entries;
    size_t n;
    rt_module **found_plugins, **found_sinks; /* the modules loaded for the catalog only (owned) */
    size_t n_found_plugins, n_found_sinks;
} options_catalog;

/* Loads the plugins and sinks of the search paths that this run did not load and collects all
 * of them. A module that cannot be loaded is left out with a note on standard error. */
void options_catalog_build(options_catalog *catalog, rt_module *const *plugins, size_t n_plugins,
                           rt_module *const *sinks, size_t n_sinks, const module_path *plugin_path,
                           const module_path *sink_path);
void options_catalog_free(options_catalog *catalog);

/* Writes the catalog in `format` (NULL: text). */
void options_catalog_write(FILE *out, const options_catalog *catalog, const char *format);

/* build, write and free in one call (main's --list-options). */
void options_catalog_print(FILE *out, const char *format, rt_module *const *plugins, size_t n_plugins,
                           rt_module *const *sinks, size_t n_sinks, const module_path *plugin_path,
                           const module_path *sink_path);

#endif
