/* capture_filter.c — a BPF filter (tcpdump syntax) applied to frames read from files. libpcap
 * compiles an expression for one link type, and a pcapng file may mix link types, so the filter
 * keeps one compiled program per link type met, compiled when the link type first appears. */
#include <stdio.h>
#include <stdlib.h>

#include "capture_internal.h"
#include "log.h"

/* The expression compiled for one link type; `usable` is false when it does not compile. */
typedef struct capture_filter_program {
    uint32_t linktype;
    bool usable;
    struct bpf_program program;
} capture_filter_program;

struct capture_filter {
    char *expression;
    capture_filter_program *programs;
    size_t n_programs, programs_cap;
    size_t last;  /* index of the program used for the previous frame */
};

capture_filter *capture_filter_new(const char *expression, char *err, size_t err_size)
{
    capture_filter *filter = calloc(1, sizeof *filter);
    if (filter)
        filter->expression = strdup(expression);
    if (!filter || !filter->expression) {
        snprintf(err, err_size, "out of memory for the filter");
        capture_filter_free(filter);
        return NULL;
    }
    return filter;
}

/* Compiles the expression for a link type and adds the result to the table. Returns its index,
 * or -1 when out of memory; err receives pcap's message when it does not compile. */
static long capture_filter_compile(capture_filter *filter, uint32_t linktype, char *err, size_t err_size)
{
    if (filter->n_programs == filter->programs_cap) {
        size_t wanted = filter->programs_cap ? 2 * filter->programs_cap : 4;
        capture_filter_program *grown = realloc(filter->programs, wanted * sizeof *grown);
        if (!grown) {
            snprintf(err, err_size, "out of memory for the filter");
            return -1;
        }
        filter->programs = grown;
        filter->programs_cap = wanted;
    }
    capture_filter_program *entry = &filter->programs[filter->n_programs];
    *entry = (capture_filter_program){ .linktype = linktype };
    pcap_t *dead = pcap_open_dead_with_tstamp_precision(capture_linktype_to_dlt(linktype), (int)CAPTURE_MAX_CAPLEN,
                                                        PCAP_TSTAMP_PRECISION_NANO);
    if (!dead) {
        snprintf(err, err_size, "out of memory for the filter");
        return -1;
    }
    if (pcap_compile(dead, &entry->program, filter->expression, 1, PCAP_NETMASK_UNKNOWN) == 0)
        entry->usable = true;
    else
        snprintf(err, err_size, "%s", pcap_geterr(dead));
    pcap_close(dead);
    return (long)filter->n_programs++;
}

/* Index of the program for a link type, compiled now if it is new; -1 when out of memory. */
static long capture_filter_lookup(capture_filter *filter, uint32_t linktype, char *err, size_t err_size)
{
    for (size_t i = 0; i < filter->n_programs; i++)
        if (filter->programs[i].linktype == linktype)
            return (long)i;
    return capture_filter_compile(filter, linktype, err, err_size);
}

int capture_filter_prepare(capture_filter *filter, uint32_t linktype, char *err, size_t err_size)
{
    char why[PCAP_ERRBUF_SIZE + 64] = "";
    long index = capture_filter_lookup(filter, linktype, why, sizeof why);
    if (index >= 0 && filter->programs[index].usable)
        return 0;
    if (index < 0)
        snprintf(err, err_size, "%s", why);
    else
        snprintf(err, err_size, "filter \"%s\" does not compile for link type %s (%u): %s; correct the expression "
                 "(tcpdump's syntax, see man pcap-filter)", filter->expression, capture_linktype_name(linktype),
                 linktype, why);
    return -1;
}

int capture_filter_match(capture_filter *filter, const capture_frame *frame, const char *source)
{
    if (filter->n_programs == 0 || filter->programs[filter->last].linktype != frame->linktype) {
        size_t known = filter->n_programs;
        char why[PCAP_ERRBUF_SIZE + 64] = "";
        long index = capture_filter_lookup(filter, frame->linktype, why, sizeof why);
        if (index < 0 || ((size_t)index >= known && !filter->programs[index].usable))
            log_warning("%s: filter \"%s\" does not compile for link type %s (%u), frames of that link type are "
                        "skipped: %s", source, filter->expression, capture_linktype_name(frame->linktype),
                        frame->linktype, why);
        if (index < 0)
            return 0;
        filter->last = (size_t)index;
    }
    const capture_filter_program *entry = &filter->programs[filter->last];
    if (!entry->usable)
        return 0;
    struct pcap_pkthdr header = { .caplen = frame->caplen, .len = frame->wirelen };
    return pcap_offline_filter(&entry->program, &header, frame->data) != 0;
}

void capture_filter_free(capture_filter *filter)
{
    if (!filter)
        return;
    for (size_t i = 0; i < filter->n_programs; i++)
        if (filter->programs[i].usable)
            pcap_freecode(&filter->programs[i].program);
    free(filter->programs);
    free(filter->expression);
    free(filter);
}
