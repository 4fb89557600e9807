/* capture_linktype.c — translation between the LINKTYPE_* values stored in capture files and the
 * DLT_* values libpcap's API uses. They are equal except for a few historical types whose DLT
 * value differs between platforms. */
#include "capture_internal.h"

static const struct {
    uint32_t linktype;
    int dlt;
} capture_linktype_dlts[] = {
    { 100, DLT_ATM_RFC1483 },
    { 101, DLT_RAW },
    { 102, DLT_SLIP_BSDOS },
    { 103, DLT_PPP_BSDOS },
};

#define CAPTURE_LINKTYPE_DLTS (sizeof capture_linktype_dlts / sizeof capture_linktype_dlts[0])

int capture_linktype_to_dlt(uint32_t linktype)
{
    for (size_t i = 0; i < CAPTURE_LINKTYPE_DLTS; i++)
        if (capture_linktype_dlts[i].linktype == linktype)
            return capture_linktype_dlts[i].dlt;
    return (int)linktype;
}

uint32_t capture_linktype_from_dlt(int dlt)
{
    for (size_t i = 0; i < CAPTURE_LINKTYPE_DLTS; i++)
        if (capture_linktype_dlts[i].dlt == dlt)
            return capture_linktype_dlts[i].linktype;
    return (uint32_t)dlt;
}

const char *capture_linktype_name(uint32_t linktype)
{
    const char *name = pcap_datalink_val_to_name(capture_linktype_to_dlt(linktype));
    return name ? name : "unknown";
}
