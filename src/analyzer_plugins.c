/* analyzer_plugins.c — running the plugins for a packet or an ending direction and writing the
 * core's columns around theirs; the schemas those rows follow. */
#include "analyzer_plugins.h"
#include "log.h"
#include "module_loader.h"
#include "row_writer.h"

/* Columns the core writes itself. */
static const rt_column packet_head[] = {
    RT_COLUMN("pktNo", U64, "Packet number"),
    RT_COLUMN("flowInd", U64, "Flow index, shared by both directions"),
};
static const rt_column packet_tail[] = {
    RT_COLUMN("l7Content", BIN, "Application payload"),
};
static const rt_column flow_head[] = {
    RT_COLUMN("dir", C, "Flow direction: A or B"),
    RT_COLUMN("flowInd", U64, "Flow index, shared by both directions"),
};

#define COUNT_OF(table) ((unsigned)(sizeof(table) / sizeof((table)[0])))

/* Lets the plugin choose this run's columns (rt_plugin.columns) and checks the choice. */
static int choose_columns(rt_module *m, char *err, size_t err_size)
{
    if (m->plugin->columns)
        m->plugin->columns(m, &m->packet_columns, &m->n_packet_columns, &m->flow_columns, &m->n_flow_columns);
    return module_check_plugin_columns(m, err, err_size);
}

int analyzer_build_schemas(rt_module *const *plugins, size_t n_plugins, int packet_mode,
                           schema_registry reg[RT_STREAM_COUNT], char *err, size_t err_size)
{
    schema_registry_init(&reg[RT_STREAM_PACKETS], RT_STREAM_PACKETS);
    schema_registry_init(&reg[RT_STREAM_FLOWS], RT_STREAM_FLOWS);
    if (schema_registry_add(&reg[RT_STREAM_PACKETS], "core", packet_head, COUNT_OF(packet_head), err, err_size) < 0
        || schema_registry_add(&reg[RT_STREAM_FLOWS], "core", flow_head, COUNT_OF(flow_head), err, err_size) < 0)
        return -1;
    for (size_t i = 0; i < n_plugins; i++) {
        rt_module *m = plugins[i];
        if (choose_columns(m, err, err_size) < 0
            || schema_registry_add(&reg[RT_STREAM_PACKETS], m->name, m->packet_columns, m->n_packet_columns, err,
                                   err_size) < 0
            || schema_registry_add(&reg[RT_STREAM_FLOWS], m->name, m->flow_columns, m->n_flow_columns, err,
                                   err_size) < 0)
            return -1;
    }
    if (schema_registry_add(&reg[RT_STREAM_PACKETS], "core", packet_tail, COUNT_OF(packet_tail), err, err_size) < 0)
        return -1;
    schema_registry_finish(&reg[RT_STREAM_FLOWS]);
    if (packet_mode)
        schema_registry_finish(&reg[RT_STREAM_PACKETS]);
    return 0;
}

int analyzer_plugins_init(rt_module *const *plugins, size_t n_plugins)
{
    for (size_t i = 0; i < n_plugins; i++)
        if (plugins[i]->plugin->init && plugins[i]->plugin->init(plugins[i]) < 0) {
            log_error("plugin %s could not start", plugins[i]->name);
            analyzer_plugins_finish(plugins, i);
            return -1;
        }
    return 0;
}

void analyzer_plugins_finish(rt_module *const *plugins, size_t n_plugins)
{
    for (size_t i = 0; i < n_plugins; i++)
        if (plugins[i]->plugin->finish)
            plugins[i]->plugin->finish(plugins[i]);
}

size_t analyzer_plugins_layout(const analyzer_plugins *ps, size_t base)
{
    size_t state_size = 0;
    for (size_t i = 0; i < ps->n; i++) {
        size_t size = (ps->list[i]->plugin->state_size + 15) & ~(size_t)15;
        ps->list[i]->state_offset = base + state_size;
        state_size += size;
    }
    return state_size;
}

void *rt_flow_state(const rt_module *self, const rt_flow *flow)
{
    return (char *)flow + self->state_offset;
}

/* Status bits the core derives for every packet of a flow. */
static uint64_t core_status_bits(const analyzer_plugins *ps, const rt_packet *pkt, const rt_flow *flow)
{
    uint64_t bits = pkt->status;
    switch (flow->key.ip_version) {
    case 4: bits |= RT_STAT_IPV4; break;
    case 6: bits |= RT_STAT_IPV6; break;
    default: bits |= RT_STAT_L2_FLOW; break;
    }
    if (ps->ip_packet_bits)
        bits |= pkt->ip_version == 4 ? RT_STAT_IPV4_PACKET : pkt->ip_version == 6 ? RT_STAT_IPV6_PACKET : 0;
    if (flow->packets && pkt->time < flow->last_time)
        bits |= RT_STAT_NEGATIVE_IAT;
    return bits;
}

void analyzer_plugins_packet(const analyzer_plugins *ps, rt_flow *flow, const rt_packet *pkt, int created,
                             rt_row *row)
{
    flow->status |= core_status_bits(ps, pkt, flow);
    if (created)
        for (size_t i = 0; i < ps->n; i++)
            if (ps->list[i]->plugin->flow_created)
                ps->list[i]->plugin->flow_created(ps->list[i], flow, rt_flow_state(ps->list[i], flow), pkt);

    if (row) {
        row_hand_over(row, "core", COUNT_OF(packet_head));
        rt_row_u64(row, pkt->number);
        rt_row_u64(row, flow->index);
        row_check_done(row);
    }
    for (size_t i = 0; i < ps->n; i++) {
        rt_module *m = ps->list[i];
        if (row)
            row_hand_over(row, m->name, m->n_packet_columns);
        if (m->plugin->packet)
            m->plugin->packet(m, flow, rt_flow_state(m, flow), pkt, row);
        if (row)
            row_check_done(row);
    }
    if (row) {
        row_hand_over(row, "core", COUNT_OF(packet_tail));
        if (pkt->l7_caplen)
            rt_row_bytes(row, pkt->l7, pkt->l7_caplen);
        else
            rt_row_absent(row);
        row_check_done(row);
    }
    flow->last_time = pkt->time;
    flow->packets++;
}

void analyzer_plugins_flow_row(const analyzer_plugins *ps, rt_flow *flow, char dir, rt_row *row)
{
    row_hand_over(row, "core", COUNT_OF(flow_head));
    rt_row_char(row, dir);
    rt_row_u64(row, flow->index);
    row_check_done(row);
    for (size_t i = 0; i < ps->n; i++) {
        rt_module *m = ps->list[i];
        row_hand_over(row, m->name, m->n_flow_columns);
        if (m->plugin->flow_terminated)
            m->plugin->flow_terminated(m, flow, rt_flow_state(m, flow), row);
        row_check_done(row);
    }
}
