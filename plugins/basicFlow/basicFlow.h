/* basicFlow.h — the columns of the basicFlow plugin (T2-COMPAT §7.1, §8.1, §8.2) and the limits
 * of what it keeps per direction.
 *
 * The packet columns exist in two variants: with basicFlow.pktTrip=true a pktTrip column follows
 * pktIAT. Both tables are built from the same column groups; the plugin's columns() callback
 * picks one once the options are known. */
#ifndef BASICFLOW_H
#define BASICFLOW_H

#include <rowtap/rowtap.h>

#define BASICFLOW_MAX_HDRDESC 4 /* distinct hdrDesc kept per direction; a fifth sets flowStat bit 48 */
#define BASICFLOW_MAX_MACS 3    /* distinct source (and destination) MACs kept per direction */

/* Addresses, geolocation, ports and protocol: the same columns in packet and flow rows. */
#define BASICFLOW_ENDPOINTS \
    RT_COLUMN("srcIP", IPX, "Source IP address"), \
    RT_COLUMN("srcIPCC", SC, "Source country or special-range code"), \
    RT_COLUMN("srcIPWho", S, "Source organisation or special-range label"), \
    RT_COLUMN("srcPort", U16, "Source port"), \
    RT_COLUMN("dstIP", IPX, "Destination IP address"), \
    RT_COLUMN("dstIPCC", SC, "Destination country or special-range code"), \
    RT_COLUMN("dstIPWho", S, "Destination organisation or special-range label"), \
    RT_COLUMN("dstPort", U16, "Destination port"), \
    RT_COLUMN("l4Proto", U8, "IP protocol number")

#define BASICFLOW_PACKET_HEAD \
    RT_COLUMN("flowStat", H64, "Flow status bits up to this packet"), \
    RT_COLUMN("time", TS, "Packet time"), \
    RT_COLUMN("pktIAT", DUR, "Time since the previous packet of the direction")

#define BASICFLOW_PACKET_TRIP \
    RT_COLUMN("pktTrip", DUR, "Time since the last packet of the opposite direction")

#define BASICFLOW_PACKET_TAIL \
    RT_COLUMN("flowDuration", DUR, "Time since the first packet of the direction"), \
    RT_COLUMN("numHdrs", U16, "Header count"), \
    RT_COLUMN("hdrDesc", SC, "Header stack"), \
    RT_COLUMN_REPEATED("ethVlanID", U16, "VLAN IDs, outermost first"), \
    RT_COLUMN("srcMac", MAC, "Source MAC address"), \
    RT_COLUMN("dstMac", MAC, "Destination MAC address"), \
    RT_COLUMN("ethType", H16, "Ethernet type"), \
    BASICFLOW_ENDPOINTS

/* Packet columns by default (as in the tutorial). */
static const rt_column basicflow_packet_columns[] = {
    BASICFLOW_PACKET_HEAD,
    BASICFLOW_PACKET_TAIL,
};

/* Packet columns with basicFlow.pktTrip=true. */
static const rt_column basicflow_packet_columns_trip[] = {
    BASICFLOW_PACKET_HEAD,
    BASICFLOW_PACKET_TRIP,
    BASICFLOW_PACKET_TAIL,
};

static const rt_column basicflow_flow_columns[] = {
    RT_COLUMN("flowStat", H64, "Flow status bits"),
    RT_COLUMN("timeFirst", TS, "Time of the first packet"),
    RT_COLUMN("timeLast", TS, "Time of the last packet"),
    RT_COLUMN("duration", DUR, "Time from first to last packet"),
    RT_COLUMN("numHdrDesc", U8, "Number of distinct header stacks"),
    RT_COLUMN_REPEATED("numHdrs", U16, "Header count of each header stack"),
    RT_COLUMN_REPEATED("hdrDesc", SC, "Header stacks in order of appearance"),
    RT_COLUMN_REPEATED("srcMac", MAC, "Source MAC addresses"),
    RT_COLUMN_REPEATED("dstMac", MAC, "Destination MAC addresses"),
    RT_COLUMN("ethType", H16, "Ethernet type"),
    RT_COLUMN_REPEATED("ethVlanID", U16, "VLAN IDs, outermost first"),
    BASICFLOW_ENDPOINTS,
};

#endif
