/* module_loader.h — finding, loading and checking plugins and sinks. */
#ifndef ROWTAP_MODULE_LOADER_H
#define ROWTAP_MODULE_LOADER_H

#include <stddef.h>

#include "module_internal.h"

/* The default plugin set, used when -b is not given. */
#define MODULE_DEFAULT_PLUGINS "basicFlow,basicStats,tcpFlags,tcpWin"

/* Folders searched for modules, in order. */
typedef struct module_path {
    char **dirs;
    size_t n;
} module_path;

/* Builds the plugin search path: the -p folders (colon-separated, may be NULL), the
 * environment variable `env` (ROWTAP_PLUGIN_PATH or ROWTAP_SINK_PATH), the build tree's module
 * folder `build_subdir` when the program runs from its build tree, and `installed_dir`. */
void module_path_build(module_path *path, const char *option_dirs, const char *env,
                       const char *build_subdir, const char *installed_dir);
void module_path_free(module_path *path);

/* Loads the comma-separated plugin list (names, or paths to .so files), checks ABI, names,
 * columns and dependencies, and sorts by order number (ties by name). Returns 0, or -1 with a
 * message in err. */
int module_load_plugins(const char *list, const module_path *path, rt_module ***plugins, size_t *n,
                        char *err, size_t err_size);
/* Checks that a plugin whose current column lists (rt_module.packet_columns, .flow_columns) are
 * not empty has the callback that writes them. Returns 0, or -1 with a message in err. */
int module_check_plugin_columns(const rt_module *plugin, char *err, size_t err_size);
/* Loads the comma-separated sink list: built-in sinks by name, the others as modules. */
int module_load_sinks(const char *list, const module_path *path, rt_module ***sinks, size_t *n,
                      char *err, size_t err_size);
/* Unloads modules and frees the array. */
void module_unload(rt_module **modules, size_t n);

#endif
