/* basicStats.h — the flow columns of the basicStats plugin (T2-COMPAT §8.1 columns 23–39, §8.3).
 * basicStats writes no packet columns. schema/columns-basicStats.md documents every column's
 * formula and edge cases. */
#ifndef BASICSTATS_H
#define BASICSTATS_H

#include <rowtap/rowtap.h>

/* The largest minL7PktSz / maxL7PktSz value; larger payloads print as this (§8.3). */
#define BASICSTATS_PKT_SIZE_CAP 65535u

static const rt_column basicstats_flow_columns[] = {
    RT_COLUMN("pktsSnt", U64, "Packets sent"),
    RT_COLUMN("pktsRcvd", U64, "Packets received (opposite direction)"),
    RT_COLUMN("padBytesSnt", I64, "Link-layer padding bytes sent"),
    RT_COLUMN("l7BytesSnt", U64, "Payload bytes sent"),
    RT_COLUMN("l7BytesRcvd", U64, "Payload bytes received (opposite direction)"),
    RT_COLUMN("minL7PktSz", U16, "Smallest payload"),
    RT_COLUMN("maxL7PktSz", U16, "Largest payload"),
    RT_COLUMN("avgL7PktSz", F, "Mean payload"),
    RT_COLUMN("stdL7PktSz", F, "Standard deviation of payload sizes"),
    RT_COLUMN("minIAT", F, "Shortest gap between packets"),
    RT_COLUMN("maxIAT", F, "Longest gap between packets"),
    RT_COLUMN("avgIAT", F, "Mean gap between packets"),
    RT_COLUMN("stdIAT", F, "Standard deviation of gaps"),
    RT_COLUMN("pktps", F, "Packets per second"),
    RT_COLUMN("bytps", F, "Payload bytes per second"),
    RT_COLUMN("pktAsm", F, "Packet count asymmetry"),
    RT_COLUMN("bytAsm", F, "Payload byte asymmetry"),
};

#endif
