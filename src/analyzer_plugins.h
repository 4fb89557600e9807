/* analyzer_plugins.h — the core's side of the plugin interface (rowtap/plugin.h): the schemas
 * of both streams, the layout of the plugins' state areas, and the callbacks run for one packet
 * or one ending direction together with the core's own columns around them. The analyzer and
 * the plugin test harness (tests/lib/plugin_harness.c) both run plugins through these
 * functions; nothing here needs the capture or the decoder. */
#ifndef ROWTAP_ANALYZER_PLUGINS_H
#define ROWTAP_ANALYZER_PLUGINS_H

#include <stddef.h>
#include <stdint.h>

#include "module_internal.h"
#include "schema_registry.h"

/* The loaded plugins in load order, and the core settings their calls depend on. */
typedef struct analyzer_plugins {
    rt_module *const *list;
    size_t n;
    int ip_packet_bits;   /* core.ipPktStatBits: flowStat bits 58/59 on every IP packet */
} analyzer_plugins;

/* Builds the packet (when packet_mode) and flow schemas: core columns, the plugins' columns in
 * plugin order, l7Content last in packet rows. Calls each plugin's columns() callback first
 * (options must be validated). Returns 0, or -1 with a message in err. */
int analyzer_build_schemas(rt_module *const *plugins, size_t n_plugins, int packet_mode,
                           schema_registry registries[RT_STREAM_COUNT], char *err, size_t err_size);

/* Calls every plugin's init in load order. When one fails, logs which plugin could not start,
 * calls finish of those already started and returns -1; otherwise 0. */
int analyzer_plugins_init(rt_module *const *plugins, size_t n_plugins);
/* Calls every plugin's finish. */
void analyzer_plugins_finish(rt_module *const *plugins, size_t n_plugins);

/* Places the plugins' state areas one after the other from `base` bytes after the rt_flow
 * pointer (16-byte aligned); returns the bytes needed after `base`. */
size_t analyzer_plugins_layout(const analyzer_plugins *plugins, size_t base);

/* Runs one packet of `flow`: adds the core's status bits, calls flow_created (when `created`)
 * and packet of every plugin, then advances flow->last_time and flow->packets. With a row
 * (started with row_begin on the packet schema) writes pktNo and flowInd, hands each plugin its
 * columns and checks them, and writes l7Content; the caller then hands the row over. */
void analyzer_plugins_packet(const analyzer_plugins *plugins, rt_flow *flow, const rt_packet *pkt,
                             int created, rt_row *row);

/* Writes the flow row of one ending direction (dir 'A' or 'B') into `row`, started with
 * row_begin on the flow schema: dir and flowInd, then every plugin's flow_terminated. */
void analyzer_plugins_flow_row(const analyzer_plugins *plugins, rt_flow *flow, char dir, rt_row *row);

#endif
