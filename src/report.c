/* report.c — the end-of-run report: run, time, packets, protocols, flows, flow table, memory,
 * plugins, aggregated status and sinks; and the status report asked for with SIGUSR1, written as
 * one block of "rowtap: status: " lines on standard error without stopping the run. */
#include <inttypes.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "report.h"
#include "report_lines.h"
#include "status_bits.h"
#include "time_format.h"

static double share(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static double ratio(uint64_t a, uint64_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static void write_time_group(FILE *out, const report_input *in, const analyzer_stats *s)
{
    char t[64], d[64];
    int digits = in->run->time_digits;
    if (s->packets) {
        time_format_seconds(t, sizeof t, s->first_time, digits);
        time_format_utc(d, sizeof d, s->first_time);
        fprintf(out, "First packet: %s (%s UTC)\n", t, d);
        time_format_seconds(t, sizeof t, s->last_time, digits);
        time_format_utc(d, sizeof d, s->last_time);
        fprintf(out, "Last packet: %s (%s UTC)\n", t, d);
        time_format_seconds(t, sizeof t, s->last_time - s->first_time, digits);
        fprintf(out, "Capture duration: %s s\n", t);
    }
    time_format_seconds(t, sizeof t, in->elapsed_ns, digits);
    fprintf(out, "Elapsed time: %s s\n", t);
}

static void write_packet_group(FILE *out, const report_input *in, const analyzer_stats *s, const decode_stats *d)
{
    fprintf(out, "Packets processed: %" PRIu64 "\n", s->packets);
    fprintf(out, "Captured bytes: %" PRIu64 ", wire bytes: %" PRIu64 ", padding bytes: %" PRIu64 "\n",
            d->captured_bytes, d->wire_bytes, d->pad_bytes);
    fprintf(out, "Non-IP packets: %" PRIu64 " (%.2f%%), IPv4: %" PRIu64 " (%.2f%%), IPv6: %" PRIu64 " (%.2f%%)\n",
            d->non_ip, share(d->non_ip, s->packets), d->ipv4, share(d->ipv4, s->packets), d->ipv6,
            share(d->ipv6, s->packets));
    if (d->no_flow)
        fprintf(out, "Packets without flow: %" PRIu64 "\n", d->no_flow);
    fprintf(out, "A packets: %" PRIu64 ", bytes: %" PRIu64 " (%.1f bytes/packet); B packets: %" PRIu64
            ", bytes: %" PRIu64 " (%.1f bytes/packet)\n", s->a_packets, s->a_bytes, ratio(s->a_bytes, s->a_packets),
            s->b_packets, s->b_bytes, ratio(s->b_bytes, s->b_packets));
    if (in->live) {
        uint64_t dropped_rows = 0;
        for (size_t i = 0; i < sink_runner_count(in->sinks); i++)
            for (int st = 0; st < RT_STREAM_COUNT; st++) {
                sink_runner_stats rs;
                sink_runner_get_stats(in->sinks, i, (rt_stream)st, &rs);
                dropped_rows += rs.rows_dropped;
            }
        fprintf(out, "Live capture: %" PRIu64 " received, %" PRIu64 " dropped by the kernel, %" PRIu64
                " dropped by the interface, %" PRIu64 " rows dropped by full sink queues\n",
                in->live->received, in->live->dropped, in->live->if_dropped, dropped_rows);
    }
}

/* One "name: N packets" item per non-zero protocol counter. */
static void write_protocol_group(FILE *out, const decode_stats *d)
{
    const struct { const char *name; uint64_t packets, bytes; int has_bytes; } rows[] = {
        { "ARP", d->arp, 0, 0 }, { "RARP", d->rarp, 0, 0 }, { "LLC", d->llc, 0, 0 },
        { "ICMP", d->icmp, 0, 0 }, { "ICMPv6", d->icmpv6, 0, 0 }, { "IGMP", d->igmp, 0, 0 },
        { "TCP", d->tcp, d->tcp_bytes, 1 }, { "UDP", d->udp, d->udp_bytes, 1 },
        { "SCTP", d->sctp, d->sctp_bytes, 1 }, { "GRE", d->gre, 0, 0 },
        { "IPv4 fragments", d->ipv4_fragments, 0, 0 }, { "IPv6 fragments", d->ipv6_fragments, 0, 0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (!rows[i].packets)
            continue;
        fprintf(out, "%s packets: %" PRIu64, rows[i].name, rows[i].packets);
        if (rows[i].has_bytes)
            fprintf(out, ", bytes: %" PRIu64, rows[i].bytes);
        fputc('\n', out);
    }
    uint64_t decoded = d->packets - d->no_flow;
    if (decoded)
        fprintf(out, "Headers per packet: min %u, max %u, mean %.2f\n", d->hdrs_min, d->hdrs_max,
                ratio(d->hdrs_sum, decoded));
    if (d->vlan_max || d->mpls_max)
        fprintf(out, "Deepest VLAN stack: %u, deepest MPLS stack: %u\n", d->vlan_max, d->mpls_max);
}

static void write_flow_group(FILE *out, const report_input *in, const analyzer *a, const analyzer_stats *s,
                             const flow_table_stats *f)
{
    double duration = (double)(s->last_time - s->first_time) / 1e9;
    fprintf(out, "Flow directions: %" PRIu64 " (non-IP %" PRIu64 ", IPv4 %" PRIu64 ", IPv6 %" PRIu64 "), A %" PRIu64
            ", B %" PRIu64 ", lone replies %" PRIu64 "\n", f->directions, f->layer2, f->ipv4, f->ipv6, s->a_flows,
            s->b_flows, f->lone_replies);
    if (s->a_flows + s->b_flows)
        fprintf(out, "A/B flow asymmetry: %.4f\n",
                ((double)s->a_flows - (double)s->b_flows) / (double)(s->a_flows + s->b_flows));
    if (f->directions)
        fprintf(out, "Packets per flow direction: %.2f\n", ratio(s->packets, f->directions));
    if (duration > 0)
        fprintf(out, "Packets/s: %.2f, flows/s: %.2f, bandwidth: %.0f bit/s (capture time)\n",
                (double)s->packets / duration, (double)f->directions / duration,
                8.0 * (double)(s->a_bytes + s->b_bytes) / duration);
    fprintf(out, "Flow table: peak %u directions (%.2f%% of core.flowTableSize %u), %" PRIu64
            " evicted because it was full\n", f->peak, share(f->peak, in->flow_table_size), in->flow_table_size,
            f->evicted);
    flow_table_memory m;
    analyzer_flow_memory(a, &m);
    const double mb = 1024.0 * 1024.0;
    fprintf(out, "Flow table memory: %zu bytes per direction (core and plugin state), index %.1f MB, fragment "
            "table %.1f MB; at most %.1f MB for core.flowTableSize %u\n", m.slot_bytes, (double)m.index_bytes / mb,
            (double)m.frag_bytes / mb,
            ((double)m.slot_bytes * in->flow_table_size + (double)m.index_bytes + (double)m.frag_bytes) / mb,
            in->flow_table_size);
}

static void write_status_group(FILE *out, uint64_t status)
{
    fprintf(out, "Aggregated flowStat: 0x%016" PRIx64 "\n", status);
    for (unsigned bit = 0; bit < 64; bit++)
        if (status & (1ull << bit))
            fprintf(out, "  [%s] bit %u (0x%016" PRIx64 "): %s\n", status_bit_is_warning(bit) ? "WRN" : "INF", bit,
                    (uint64_t)1 << bit, status_bit_meaning(bit));
}

/* The counters of one stream of sink i: what the sink reports and what the runner counted.
 * Returns 0 when the run has no such stream. */
typedef struct sink_counts {
    uint64_t handed_over, written, bytes, retries, failed, dropped;
} sink_counts;

static int sink_stream_counts(const report_input *in, size_t i, int stream, sink_counts *out)
{
    if (!in->run->schemas[stream])
        return 0;
    rt_sink_stats ss;
    sink_runner_stats rs;
    sink_runner_sink_stats(in->sinks, i, (rt_stream)stream, &ss);
    sink_runner_get_stats(in->sinks, i, (rt_stream)stream, &rs);
    *out = (sink_counts){ rs.rows_queued, ss.rows_written, ss.bytes_written, rs.retries,
                          ss.rows_failed + rs.rows_lost, rs.rows_dropped };
    return 1;
}

static void write_sink_group(FILE *out, const report_input *in)
{
    for (size_t i = 0; i < sink_runner_count(in->sinks); i++) {
        const rt_module *m = sink_runner_module(in->sinks, i);
        sink_counts c;
        for (int st = RT_STREAM_COUNT - 1; st >= 0; st--) {
            if (!sink_stream_counts(in, i, st, &c))
                continue;
            fprintf(out, "Sink %s, %s: %" PRIu64 " rows written, %" PRIu64 " bytes, %" PRIu64 " retries, %" PRIu64
                    " rows failed", m->name, rt_stream_name((rt_stream)st), c.written, c.bytes, c.retries, c.failed);
            if (c.dropped)
                fprintf(out, ", %" PRIu64 " rows dropped at a full queue", c.dropped);
            fputc('\n', out);
        }
        rt_report report = { out, m->name };
        sink_runner_sink_report(in->sinks, i, &report);
    }
}

void report_write(FILE *out, const report_input *in, const analyzer *a)
{
    const analyzer_stats *s = analyzer_get_stats(a);
    fprintf(out, "rowtap %s, process %ld, sensor ID %" PRIu64 "\n", in->run->program_version, (long)getpid(),
            in->run->sensor_id);
    fprintf(out, "Input: %s (link type %u, snap length %u)\n", in->input, in->linktype, in->snaplen);
    if (in->filter)
        fprintf(out, "BPF filter: %s\n", in->filter);
    write_time_group(out, in, s);
    write_packet_group(out, in, s, analyzer_decode_stats(a));
    write_protocol_group(out, analyzer_decode_stats(a));
    write_flow_group(out, in, a, s, analyzer_flow_stats(a));
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        fprintf(out, "Peak resident memory: %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    report_lines_plugins(out, in->plugins, in->n_plugins);
    write_status_group(out, s->status);
    write_sink_group(out, in);
}

/* ---- the status report (SIGUSR1), one block of "rowtap: status: " lines ---- */

/* The status of one sink: rows handed over, written, failed and dropped per stream. */
static void status_sink(FILE *out, const report_input *in, size_t i)
{
    fprintf(out, "rowtap: status: sink %s:", sink_runner_module(in->sinks, i)->name);
    const char *separator = " ";
    sink_counts c;
    for (int st = RT_STREAM_COUNT - 1; st >= 0; st--)
        if (sink_stream_counts(in, i, st, &c)) {
            fprintf(out, "%s%s %" PRIu64 " rows handed over, %" PRIu64 " written, %" PRIu64 " failed, %" PRIu64
                    " dropped", separator, rt_stream_name((rt_stream)st), c.handed_over, c.written, c.failed,
                    c.dropped);
            separator = "; ";
        }
    fputc('\n', out);
}

void report_status_write(FILE *out, const report_input *in, const analyzer *a, capture *cap)
{
    char *text = NULL;
    size_t len = 0;
    FILE *block = open_memstream(&text, &len);
    if (!block)
        return;
    const analyzer_stats *s = analyzer_get_stats(a);
    const flow_table_stats *f = analyzer_flow_stats(a);
    uint64_t done, total;
    capture_progress(cap, &done, &total);
    fprintf(block, "rowtap: status: %.1f s, %" PRIu64 " packets", (double)in->elapsed_ns / 1e9, s->packets);
    if (!in->run->live)
        fprintf(block, ", %" PRIu64 " bytes read", done);
    if (total)
        fprintf(block, " of %" PRIu64 " (%.1f%%)", total, 100.0 * (double)done / (double)total);
    fprintf(block, ", %u flow directions held, %" PRIu64 " evicted, %" PRIu64 " flow rows, %" PRIu64
            " packet rows\n", f->in_use, f->evicted, s->flow_rows, s->rows);
    for (size_t i = 0; i < sink_runner_count(in->sinks); i++)
        status_sink(block, in, i);
    if (in->run->live) {
        capture_stats live;
        capture_get_stats(cap, &live);
        fprintf(block, "rowtap: status: live capture: %" PRIu64 " received, %" PRIu64 " dropped by the kernel, %" PRIu64
                " dropped by the interface\n", live.received, live.dropped, live.if_dropped);
    }
    fclose(block);
    fwrite(text, 1, len, out);
    fflush(out);
    free(text);
}

/* A count in at most 4 significant characters: 950, 12.3k, 4.5M, 1.2G. */
static void human(char *out, size_t size, double v)
{
    static const char *const units[] = { "", "k", "M", "G", "T" };
    unsigned u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        u++;
    }
    snprintf(out, size, u && v < 100 ? "%.1f%s" : "%.0f%s", v, units[u]);
}

void report_progress_text(char *line, size_t size, const report_input *in, const analyzer *a, capture *cap)
{
    const analyzer_stats *s = analyzer_get_stats(a);
    double seconds = (double)in->elapsed_ns / 1e9;
    char packets[16], rate[16], amount[16];
    human(packets, sizeof packets, (double)s->packets);
    human(rate, sizeof rate, seconds > 0 ? (double)s->packets / seconds : 0);
    size_t n = 0;
    if (in->run->live) {
        capture_stats live;
        capture_get_stats(cap, &live);
        char dropped[16];
        human(dropped, sizeof dropped, (double)(live.dropped + live.if_dropped));
        n += (size_t)snprintf(line + n, size - n, "rowtap: %s: %s packets, %s dropped, %s pkt/s", in->input, packets,
                              dropped, rate);
    } else {
        uint64_t done, total;
        capture_progress(cap, &done, &total);
        human(amount, sizeof amount, (double)done);
        if (total) {
            char whole[16];
            human(whole, sizeof whole, (double)total);
            n += (size_t)snprintf(line + n, size - n, "rowtap: %5.1f%% of %sB, %s packets, %s pkt/s",
                                  100.0 * (double)done / (double)total, whole, packets, rate);
        } else {
            n += (size_t)snprintf(line + n, size - n, "rowtap: %sB read, %s packets, %s pkt/s", amount, packets, rate);
        }
    }
    for (size_t i = 0; i < sink_runner_count(in->sinks) && n < size; i++) {
        uint64_t rows = 0;
        sink_counts c;
        for (int st = 0; st < RT_STREAM_COUNT; st++)
            if (sink_stream_counts(in, i, st, &c))
                rows += c.written;
        char written[16];
        human(written, sizeof written, (double)rows);
        n += (size_t)snprintf(line + n, size - n, "%s %s %s", i ? "," : ", rows", sink_runner_module(in->sinks, i)->name,
                              written);
    }
    uint64_t done, total;
    capture_progress(cap, &done, &total);
    if (!in->run->live && total && done && done < total && n < size) {
        long left = (long)(seconds * (double)(total - done) / (double)done + 0.5);
        snprintf(line + n, size - n, ", %ld:%02ld left", left / 60, left % 60);
    }
}
