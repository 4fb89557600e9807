/* tcpWin.h — the columns of the tcpWin plugin (T2-COMPAT §7.3, §8.5).
 *
 * A plugin declares its columns in its header as rt_column tables: name (as Tranalyzer2 calls
 * it), catalog type (schema/types.def) and a short description for the column dictionary. The
 * order of a table is the order of the columns in the rows, and the order in which the plugin
 * must write their values. */
#ifndef TCPWIN_H
#define TCPWIN_H

#include <rowtap/rowtap.h>

/* One value per packet row: U16 is a decimal, U32 a decimal. */
static const rt_column tcpwin_packet_columns[] = {
    RT_COLUMN("winSize", U16, "TCP window field"),
    RT_COLUMN("winThPktCnt", U32, "Packets of the direction with window below threshold"),
};

/* One value per flow row: H8 prints as a bit field, 0x00 or 0x01. */
static const rt_column tcpwin_flow_columns[] = {
    RT_COLUMN("tcpWinStat", H8, "Window threshold status"),
    RT_COLUMN("tcpWinThCnt", U32, "Packets with window below threshold"),
};

/* tcpWinStat bit: at least one TCP packet of the direction had a window below the threshold. */
#define TCPWIN_STAT_BELOW_THRESHOLD 0x01

#endif
