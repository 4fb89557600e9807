/* module_loader.c — dlopen()ing plugins and sinks, checking their descriptors, ordering plugins. */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin_sinks.h"
#include "log.h"
#include "module_loader.h"

static void *checked_alloc(size_t size)
{
    void *p = calloc(1, size);
    if (!p) {
        log_error("out of memory");
        exit(70);
    }
    return p;
}

static char *checked_strdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        log_error("out of memory");
        exit(70);
    }
    return p;
}

static void free_module(rt_module *m)
{
    if (!m)
        return;
    if (m->handle)
        dlclose(m->handle);
    free(m->path);
    free(m);
}

static void path_add(module_path *path, const char *dir, size_t len)
{
    if (!len)
        return;
    path->dirs = realloc(path->dirs, (path->n + 1) * sizeof *path->dirs);
    if (!path->dirs) {
        log_error("out of memory");
        exit(70);
    }
    path->dirs[path->n++] = strndup(dir, len);
}

static void path_add_list(module_path *path, const char *list)
{
    while (list && *list) {
        size_t len = strcspn(list, ":");
        path_add(path, list, len);
        list += len + (list[len] == ':');
    }
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* When the program runs from its build tree (<top>/rowtap next to <top>/config.status),
 * appends <top>/<build_subdir>. */
static void path_add_build_tree(module_path *path, const char *build_subdir)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = '\0';
    char probe[PATH_MAX + 64];
    snprintf(probe, sizeof probe, "%s/config.status", exe);
    if (access(probe, F_OK) != 0)
        return;
    snprintf(probe, sizeof probe, "%s/%s", exe, build_subdir);
    if (is_dir(probe))
        path_add(path, probe, strlen(probe));
}

void module_path_build(module_path *path, const char *option_dirs, const char *env,
                       const char *build_subdir, const char *installed_dir)
{
    memset(path, 0, sizeof *path);
    path_add_list(path, option_dirs);
    path_add_list(path, getenv(env));
    path_add_build_tree(path, build_subdir);
    path_add(path, installed_dir, strlen(installed_dir));
}

void module_path_free(module_path *path)
{
    for (size_t i = 0; i < path->n; i++)
        free(path->dirs[i]);
    free(path->dirs);
    memset(path, 0, sizeof *path);
}

/* Finds name.so on the path (or takes name as a file when it contains '/'). */
static int locate(const char *name, const module_path *path, char *out, size_t out_size)
{
    if (strchr(name, '/')) {
        snprintf(out, out_size, "%s", name);
        return access(out, R_OK) == 0 ? 0 : -1;
    }
    for (size_t i = 0; i < path->n; i++) {
        snprintf(out, out_size, "%s/%s.so", path->dirs[i], name);
        if (access(out, R_OK) == 0)
            return 0;
    }
    return -1;
}

static void describe_path(const module_path *path, char *out, size_t out_size)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < path->n && len < out_size; i++)
        len += (size_t)snprintf(out + len, out_size - len, "%s%s", i ? ", " : "", path->dirs[i]);
}

/* dlopen()s the module and returns its descriptor symbol; fills module->handle/path. */
static const void *open_module(const char *kind, const char *name, const char *symbol, const module_path *path,
                               rt_module *module, char *err, size_t err_size)
{
    char file[PATH_MAX];
    if (locate(name, path, file, sizeof file) < 0) {
        char dirs[2048];
        describe_path(path, dirs, sizeof dirs);
        snprintf(err, err_size, "%s '%s' not found (looked for %s.so in: %s); give its folder with %s",
                 kind, name, name, dirs, strcmp(kind, "plugin") == 0 ? "-p DIR or ROWTAP_PLUGIN_PATH" : "ROWTAP_SINK_PATH");
        return NULL;
    }
    /* RTLD_NODELETE: a module and the libraries it links stay mapped until exit, since some of
     * them (librdkafka, SASL, OpenSSL) keep global state and handlers that must outlive dlclose. */
    void *handle = dlopen(file, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!handle) {
        snprintf(err, err_size, "cannot load %s '%s' from %s: %s; rebuild it, or remove it from the %s folders",
                 kind, name, file, dlerror(), kind);
        return NULL;
    }
    const void *desc = dlsym(handle, symbol);
    if (!desc) {
        snprintf(err, err_size, "%s is not a rowtap %s: it does not export the symbol '%s'", file, kind, symbol);
        dlclose(handle);
        return NULL;
    }
    module->handle = handle;
    module->path = checked_strdup(file);
    return desc;
}

/* Checks the ABI fields that every descriptor starts with. */
static int check_abi(const char *kind, const char *file, unsigned abi, unsigned size, unsigned expected_size,
                     char *err, size_t err_size)
{
    if (abi != RT_ABI_VERSION || size != expected_size) {
        snprintf(err, err_size, "%s %s was built for rowtap ABI %u (descriptor of %u bytes); this rowtap has ABI %u "
                 "(%u bytes): rebuild it against this version's headers", kind, file, abi, size, RT_ABI_VERSION,
                 expected_size);
        return -1;
    }
    return 0;
}

static const char *file_base(const char *file, char *out, size_t out_size)
{
    const char *slash = strrchr(file, '/');
    snprintf(out, out_size, "%s", slash ? slash + 1 : file);
    char *dot = strstr(out, ".so");
    if (dot)
        *dot = '\0';
    return out;
}

static int check_plugin(const rt_plugin *p, const char *file, char *err, size_t err_size)
{
    if (check_abi("plugin", file, p->abi_version, p->struct_size, sizeof(rt_plugin), err, err_size) < 0)
        return -1;
    char base[256];
    if (!p->name || strcmp(p->name, file_base(file, base, sizeof base)) != 0) {
        snprintf(err, err_size, "plugin %s declares the name '%s': a plugin's name must equal its file name",
                 file, p->name ? p->name : "(null)");
        return -1;
    }
    return 0;
}

int module_check_plugin_columns(const rt_module *m, char *err, size_t err_size)
{
    const rt_plugin *p = m->plugin;
    if ((m->n_packet_columns && !p->packet) || (m->n_flow_columns && !p->flow_terminated)) {
        snprintf(err, err_size, "plugin %s declares %s columns but no %s callback", p->name,
                 m->n_flow_columns && !p->flow_terminated ? "flow" : "packet",
                 m->n_flow_columns && !p->flow_terminated ? "flow_terminated" : "packet");
        return -1;
    }
    return 0;
}

static int compare_plugins(const void *a, const void *b)
{
    const rt_plugin *pa = (*(rt_module *const *)a)->plugin, *pb = (*(rt_module *const *)b)->plugin;
    if (pa->order != pb->order)
        return pa->order < pb->order ? -1 : 1;
    return strcmp(pa->name, pb->name);
}

static int find_by_name(rt_module **modules, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(modules[i]->name, name) == 0)
            return (int)i;
    return -1;
}

/* Splits a comma-separated list into trimmed, non-empty items; calls fn for each. */
static int for_each_item(const char *list, int (*fn)(const char *item, void *arg), void *arg)
{
    char *copy = checked_strdup(list), *save = NULL;
    int rc = 0;
    for (char *item = strtok_r(copy, ",", &save); item && rc == 0; item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ')
            item++;
        char *end = item + strlen(item);
        while (end > item && end[-1] == ' ')
            *--end = '\0';
        if (*item)
            rc = fn(item, arg);
    }
    free(copy);
    return rc;
}

typedef struct load_state {
    const module_path *path;
    rt_module **modules;
    size_t n;
    char *err;
    size_t err_size;
} load_state;

static void append_module(load_state *st, rt_module *m)
{
    st->modules = realloc(st->modules, (st->n + 1) * sizeof *st->modules);
    if (!st->modules) {
        log_error("out of memory");
        exit(70);
    }
    st->modules[st->n++] = m;
}

static int load_one_plugin(const char *item, void *arg)
{
    load_state *st = arg;
    rt_module *m = checked_alloc(sizeof *m);
    m->kind = MODULE_PLUGIN;
    const rt_plugin *p = open_module("plugin", item, "rowtap_plugin", st->path, m, st->err, st->err_size);
    if (!p || check_plugin(p, m->path, st->err, st->err_size) < 0) {
        free_module(m);
        return -1;
    }
    m->plugin = p;
    m->name = p->name;
    m->options = p->options;
    m->n_options = p->n_options;
    m->packet_columns = p->packet_columns;
    m->n_packet_columns = p->n_packet_columns;
    m->flow_columns = p->flow_columns;
    m->n_flow_columns = p->n_flow_columns;
    if (module_check_plugin_columns(m, st->err, st->err_size) < 0) {
        free_module(m);
        return -1;
    }
    if (find_by_name(st->modules, st->n, p->name) >= 0) {
        snprintf(st->err, st->err_size, "plugin '%s' is listed twice in -b", p->name);
        free_module(m);
        return -1;
    }
    append_module(st, m);
    return 0;
}

int module_load_plugins(const char *list, const module_path *path, rt_module ***plugins, size_t *n,
                        char *err, size_t err_size)
{
    load_state st = { path, NULL, 0, err, err_size };
    if (for_each_item(list, load_one_plugin, &st) < 0) {
        module_unload(st.modules, st.n);
        return -1;
    }
    for (size_t i = 0; i < st.n; i++) {
        const char *const *deps = st.modules[i]->plugin->depends;
        for (size_t d = 0; deps && deps[d]; d++)
            if (find_by_name(st.modules, st.n, deps[d]) < 0) {
                snprintf(err, err_size, "plugin '%s' needs plugin '%s': add it to -b", st.modules[i]->name, deps[d]);
                module_unload(st.modules, st.n);
                return -1;
            }
    }
    qsort(st.modules, st.n, sizeof *st.modules, compare_plugins);
    *plugins = st.modules;
    *n = st.n;
    return 0;
}

static int load_one_sink(const char *item, void *arg)
{
    load_state *st = arg;
    rt_module *m = checked_alloc(sizeof *m);
    m->kind = MODULE_SINK;
    const rt_sink *s = builtin_sink_find(item);
    if (!s) {
        s = open_module("sink", item, "rowtap_sink", st->path, m, st->err, st->err_size);
        if (!s || check_abi("sink", m->path, s->abi_version, s->struct_size, sizeof(rt_sink), st->err,
                            st->err_size) < 0) {
            free_module(m);
            return -1;
        }
    }
    if (find_by_name(st->modules, st->n, s->name) >= 0) {
        snprintf(st->err, st->err_size, "sink '%s' is listed twice in -o", s->name);
        free_module(m);
        return -1;
    }
    m->sink = s;
    m->name = s->name;
    m->options = s->options;
    m->n_options = s->n_options;
    append_module(st, m);
    return 0;
}

int module_load_sinks(const char *list, const module_path *path, rt_module ***sinks, size_t *n,
                      char *err, size_t err_size)
{
    load_state st = { path, NULL, 0, err, err_size };
    if (for_each_item(list, load_one_sink, &st) < 0) {
        module_unload(st.modules, st.n);
        return -1;
    }
    if (st.n == 0) {
        snprintf(err, err_size, "-o names no sink (example: -o txt,msgpack)");
        return -1;
    }
    *sinks = st.modules;
    *n = st.n;
    return 0;
}

void module_unload(rt_module **modules, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free_module(modules[i]);
    free(modules);
}
