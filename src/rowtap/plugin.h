/* rowtap/plugin.h — the plugin interface.
 *
 * A plugin is a shared module (name.so) exporting one symbol, `rowtap_plugin`, of type rt_plugin.
 * It declares its options and its packet and flow columns, asks for a per-direction state area,
 * and fills its columns from callbacks. All callbacks run on the analyzer thread, one at a time;
 * plugins need no locks. doc/plugins.md and plugins/tcpWin are the tutorial. */
#ifndef ROWTAP_PLUGIN_H
#define ROWTAP_PLUGIN_H

#include <stddef.h>

#include "flow.h"
#include "module.h"
#include "packet.h"
#include "row.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rt_plugin {
    unsigned abi_version;          /* RT_ABI_VERSION */
    unsigned struct_size;          /* sizeof(rt_plugin) */
    const char *name;              /* module name, equal to the file name without ".so" */
    const char *version;
    const char *description;
    unsigned order;                /* load order: lower first, ties by name */
    const char *const *depends;    /* NULL-terminated names of plugins that must be loaded too */

    const rt_option *options;      /* runtime options, set as <name>.<key> */
    unsigned n_options;
    const rt_column *packet_columns; /* columns this plugin adds to packet rows */
    unsigned n_packet_columns;
    const rt_column *flow_columns;   /* columns this plugin adds to flow rows */
    unsigned n_flow_columns;
    size_t state_size;             /* bytes of per-direction state, zeroed at flow creation */

    /* Columns that depend on options. Called once, after the options are validated and before
     * init(), with the four pointers preset to the declared lists above; it may point them at
     * other static tables (valid for the whole run). The core builds the schemas and checks the
     * rows against the lists chosen here. Without it (NULL) the declared lists are used. */
    void (*columns)(rt_module *self, const rt_column **packet_columns, unsigned *n_packet_columns,
                    const rt_column **flow_columns, unsigned *n_flow_columns);

    /* Once, after options are read and before the first packet. Returns 0, or -1 after logging
     * an error with rt_log_error (the run then stops before reading input). May be NULL. */
    int (*init)(rt_module *self);

    /* A new direction was created for pkt; state is zeroed. flow->partner is already linked
     * when the opposite direction exists. Called before packet() for the same packet. May be NULL. */
    void (*flow_created)(rt_module *self, rt_flow *flow, void *state, const rt_packet *pkt);

    /* Every packet of the direction, in capture order. row is the packet row being written (the
     * plugin writes all its packet columns, in order), or NULL when packet rows are off.
     * flow->last_time and flow->packets still describe the previous packet. May be NULL only if
     * the plugin has no packet columns. */
    void (*packet)(rt_module *self, rt_flow *flow, void *state, const rt_packet *pkt, rt_row *row);

    /* The direction ends (timeout, eviction, end of input). Write all flow columns to row.
     * Called for A then B of a pair; both directions and their states are valid during both
     * calls. May be NULL only if the plugin has no flow columns. */
    void (*flow_terminated)(rt_module *self, rt_flow *flow, void *state, rt_row *row);

    /* End of run: add lines to the end-of-run report. May be NULL. */
    void (*report)(rt_module *self, rt_report *report);

    /* Last call: release what init acquired. May be NULL. */
    void (*finish)(rt_module *self);
} rt_plugin;

/* This plugin's state area of any direction (e.g. the partner's: rt_flow_state(self, flow->partner)). */
void *rt_flow_state(const rt_module *self, const rt_flow *flow);

/* Interned hdrDesc string of an id from rt_packet.hdrdesc_id (valid for the whole run). */
const char *rt_hdrdesc_string(uint32_t id, uint16_t *len);

/* Define the exported descriptor: RT_PLUGIN_DEFINE = { RT_PLUGIN_HEADER, .name = ..., ... }; */
#define RT_PLUGIN_DEFINE __attribute__((visibility("default"))) const rt_plugin rowtap_plugin
#define RT_PLUGIN_HEADER .abi_version = RT_ABI_VERSION, .struct_size = sizeof(rt_plugin)

#ifdef __cplusplus
}
#endif
#endif
