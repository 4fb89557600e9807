/* capture_live.c — live capture from a network interface with libpcap: activation with the
 * capture options (warnings become log lines, errors messages that say what to do), reading with
 * a timeout (non-blocking reads and a poll that also watches the wake pipe), the kernel's
 * counters and a filter installed in the kernel. */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "capture_internal.h"
#include "log.h"

/* What to do about the errors pcap_activate reports. */
static const struct {
    int status;
    const char *advice;
} capture_live_advice[] = {
    { PCAP_ERROR_NO_SUCH_DEVICE, "no such interface; list the interfaces with `ip link` or `tcpdump -D`" },
    { PCAP_ERROR_PERM_DENIED, "permission denied; run rowtap as root or give it the capabilities CAP_NET_RAW and "
                              "CAP_NET_ADMIN (setcap cap_net_raw,cap_net_admin=eip rowtap)" },
    { PCAP_ERROR_PROMISC_PERM_DENIED, "no permission for promiscuous mode; run rowtap as root or capture without "
                                      "promiscuous mode" },
    { PCAP_ERROR_IFACE_NOT_UP, "the interface is down; bring it up (ip link set <interface> up)" },
    { PCAP_ERROR_RFMON_NOTSUP, "the interface does not support monitor mode" },
};

/* The advice for an activation error, or NULL. */
static const char *capture_live_advice_for(int status)
{
    for (size_t i = 0; i < sizeof capture_live_advice / sizeof capture_live_advice[0]; i++)
        if (capture_live_advice[i].status == status)
            return capture_live_advice[i].advice;
    return NULL;
}

/* libpcap's own text for an activation status: its detailed message when it has one. */
static const char *capture_live_status_text(pcap_t *pcap, int status)
{
    const char *detail = pcap_geterr(pcap);
    return detail && detail[0] ? detail : pcap_statustostr(status);
}

/* Applies the options before activation; a refused option is an error, except nanosecond
 * timestamps, which fall back to microseconds with a warning. */
static int capture_live_configure(capture *cap, const capture_live_options *options)
{
    pcap_t *pcap = cap->live;
    int snaplen = options->snaplen > 0 ? options->snaplen : (int)CAPTURE_MAX_CAPLEN;
    if (pcap_set_snaplen(pcap, snaplen) != 0 || pcap_set_promisc(pcap, options->promiscuous != 0) != 0 ||
        pcap_set_timeout(pcap, options->timeout_ms) != 0 ||
        (options->buffer_size > 0 && pcap_set_buffer_size(pcap, options->buffer_size) != 0))
        return capture_fail(cap, "cannot set the capture options: %s", pcap_geterr(pcap)), -1;
    if (options->nanoseconds && pcap_set_tstamp_precision(pcap, PCAP_TSTAMP_PRECISION_NANO) != 0)
        log_warning("%s: nanosecond timestamps are not available, capturing with microseconds", cap->source);
    return 0;
}

int capture_live_open(capture *cap, const capture_live_options *options)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    cap->live = pcap_create(cap->source, errbuf);
    if (!cap->live)
        return capture_fail(cap, "cannot capture: %s", errbuf), -1;
    if (capture_live_configure(cap, options) < 0)
        return -1;
    int status = pcap_activate(cap->live);
    if (status < 0) {
        const char *advice = capture_live_advice_for(status);
        capture_fail(cap, "cannot capture: %s%s(libpcap: %s)", advice ? advice : "", advice ? " " : "",
                     capture_live_status_text(cap->live, status));
        return -1;
    }
    if (status > 0)
        log_warning("%s: %s", cap->source, capture_live_status_text(cap->live, status));
    /* Non-blocking reads and a poll of our own: libpcap's read timeout does not end a wait while no
     * packet arrives (TPACKET_V3), and the poll also watches the wake pipe. */
    cap->live_timeout_ms = options->timeout_ms;
    cap->live_fd = pcap_get_selectable_fd(cap->live);
    if (cap->live_fd >= 0 && pcap_setnonblock(cap->live, 1, errbuf) != 0)
        cap->live_fd = -1;
    cap->fraction_ns = pcap_get_tstamp_precision(cap->live) == PCAP_TSTAMP_PRECISION_NANO ? 1 : 1000;
    cap->linktype = capture_linktype_from_dlt(pcap_datalink(cap->live));
    cap->snaplen = (uint32_t)pcap_snapshot(cap->live);
    cap->linktype_known = true;
    return 0;
}

/* Non-blocking mode without a frame: waits for one, a wake-up or the read timeout. */
static void capture_live_wait(capture *cap)
{
    if (cap->live_fd < 0)
        return;
    struct pollfd fds[2] = { { .fd = cap->live_fd, .events = POLLIN },
                             { .fd = cap->signal.pipe_rd, .events = POLLIN } };
    if (poll(fds, cap->signal.pipe_rd >= 0 ? 2 : 1, cap->live_timeout_ms) > 0 && fds[1].revents) {
        uint8_t bytes[64];
        while (read(cap->signal.pipe_rd, bytes, sizeof bytes) > 0)
            ;
    }
}

capture_result capture_live_next(capture *cap, capture_frame *frame)
{
    if (cap->live_failed || cap->signal.interrupted)
        return CAPTURE_END;
    struct pcap_pkthdr *header;
    const u_char *data;
    int r = pcap_next_ex(cap->live, &header, &data);
    if (r == 1) {
        frame->data = data;
        frame->caplen = header->caplen;
        frame->wirelen = header->len < header->caplen ? header->caplen : header->len;
        frame->time = capture_limit_time(cap, (int64_t)header->ts.tv_sec * 1000000000
                                                  + (int64_t)header->ts.tv_usec * cap->fraction_ns);
        frame->linktype = cap->linktype;
        return CAPTURE_FRAME;
    }
    if (cap->signal.interrupted || r == PCAP_ERROR_BREAK)
        return CAPTURE_END;
    if (r == 0) {
        capture_live_wait(cap);
        return CAPTURE_IDLE;
    }
    cap->live_failed = true;
    return capture_fail(cap, "capture failed: %s", pcap_geterr(cap->live));
}

void capture_live_stats(capture *cap, capture_stats *out)
{
    struct pcap_stat ps;
    if (pcap_stats(cap->live, &ps) != 0)
        return;
    out->received = ps.ps_recv;
    out->dropped = ps.ps_drop;
    out->if_dropped = ps.ps_ifdrop;
}

int capture_live_set_filter(capture *cap, const char *expression, char *err, size_t err_size)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    bpf_u_int32 net, mask;
    if (pcap_lookupnet(cap->source, &net, &mask, errbuf) != 0)
        mask = PCAP_NETMASK_UNKNOWN;
    struct bpf_program program;
    if (pcap_compile(cap->live, &program, expression, 1, mask) != 0) {
        snprintf(err, err_size, "filter \"%s\" does not compile for %s (link type %s): %s; correct the expression "
                 "(tcpdump's syntax, see man pcap-filter)", expression, cap->source,
                 capture_linktype_name(cap->linktype), pcap_geterr(cap->live));
        return -1;
    }
    int r = pcap_setfilter(cap->live, &program);
    pcap_freecode(&program);
    if (r != 0) {
        snprintf(err, err_size, "%s: cannot install the filter \"%s\": %s", cap->source, expression,
                 pcap_geterr(cap->live));
        return -1;
    }
    return 0;
}
