/* module_internal.h — the core's view of a loaded plugin or sink (rt_module is opaque to them). */
#ifndef ROWTAP_MODULE_INTERNAL_H
#define ROWTAP_MODULE_INTERNAL_H

#include <stddef.h>

#include "rowtap/plugin.h"
#include "rowtap/sink.h"

typedef enum module_kind { MODULE_CORE, MODULE_PLUGIN, MODULE_SINK } module_kind;

struct rt_module {
    module_kind kind;
    const char *name;
    const rt_option *options;   /* the module's option table */
    unsigned n_options;
    const rt_plugin *plugin;    /* MODULE_PLUGIN */
    const rt_sink *sink;        /* MODULE_SINK */
    void *handle;               /* dlopen handle, NULL when built in */
    char *path;                 /* file it was loaded from, NULL when built in */
    size_t state_offset;        /* plugins: offset of the state area in a flow slot */
    const rt_column *packet_columns; /* plugins: this run's columns, as declared or as chosen */
    unsigned n_packet_columns;       /* by the plugin's columns() callback */
    const rt_column *flow_columns;
    unsigned n_flow_columns;
};

#endif
