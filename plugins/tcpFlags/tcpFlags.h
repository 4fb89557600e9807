/* tcpFlags.h — the flow columns of the tcpFlags plugin (T2-COMPAT §8.4, columns 40–91) and the
 * bits of its bit-field columns tcpFStat, ipFlags, tcpFlags and tcpAnomaly.
 *
 * The plugin writes no packet columns. schema/columns-tcpFlags.md states how every column is
 * computed, including the heuristics the specification leaves open. */
#ifndef TCPFLAGS_H
#define TCPFLAGS_H

#include <rowtap/rowtap.h>

static const rt_type tcpflags_h8_h32[] = { RT_H8, RT_H32 };
static const rt_type tcpflags_u16_u16[] = { RT_U16, RT_U16 };
static const rt_type tcpflags_h32_h32[] = { RT_H32, RT_H32 };

static const rt_column tcpflags_flow_columns[] = {
    RT_COLUMN("tcpFStat", H16, "tcpFlags status bits"),
    RT_COLUMN("ipMindIPID", U16, "Smallest IPv4 ID increase between consecutive packets"),
    RT_COLUMN("ipMaxdIPID", U16, "Largest IPv4 ID increase between consecutive packets"),
    RT_COLUMN("ipMinTTL", U8, "Lowest TTL or hop limit"),
    RT_COLUMN("ipMaxTTL", U8, "Highest TTL or hop limit"),
    RT_COLUMN("ipTTLChg", U8, "TTL changes between consecutive packets"),
    RT_COLUMN("ipToS", H8, "OR of the ToS or traffic class bytes"),
    RT_COLUMN("ipFlags", H16, "IP observations"),
    RT_COLUMN("ipOptCnt", U16, "IPv4 options seen"),
    RT_COLUMN_COMPOUND("ipOptCpCl_Num", tcpflags_h8_h32, "IPv4 option copy and class bits, option numbers"),
    RT_COLUMN_COMPOUND("ip6OptCntHH_D", tcpflags_u16_u16, "IPv6 hop-by-hop and destination options seen"),
    RT_COLUMN_COMPOUND("ip6OptHH_D", tcpflags_h32_h32, "IPv6 hop-by-hop and destination option types"),
    RT_COLUMN("tcpISeqN", U32, "Sequence number of the first TCP packet"),
    RT_COLUMN("tcpPSeqCnt", U16, "Packets with the expected sequence number"),
    RT_COLUMN("tcpSeqSntBytes", U64, "Bytes sent by sequence number progress"),
    RT_COLUMN("tcpSeqFaultCnt", U16, "Packets below the expected sequence number"),
    RT_COLUMN("tcpPAckCnt", U16, "Packets with the ACK flag"),
    RT_COLUMN("tcpFlwLssAckRcvdBytes", U64, "Bytes acknowledged by acknowledgement number progress"),
    RT_COLUMN("tcpAckFaultCnt", U16, "Duplicate ACKs and ACKs of unseen data"),
    RT_COLUMN("tcpBFlgtMx", U32, "Largest payload in flight, not yet acknowledged"),
    RT_COLUMN("tcpInitWinSz", U32, "Window of the first TCP packet"),
    RT_COLUMN("tcpAvgWinSz", F, "Smoothed window size"),
    RT_COLUMN("tcpMinWinSz", U32, "Smallest window"),
    RT_COLUMN("tcpMaxWinSz", U32, "Largest window"),
    RT_COLUMN("tcpWinSzDwnCnt", U16, "Packets with a smaller window than the previous"),
    RT_COLUMN("tcpWinSzUpCnt", U16, "Packets with a larger window than the previous"),
    RT_COLUMN("tcpWinSzChgDirCnt", U16, "Window trend reversals"),
    RT_COLUMN("tcpWinSzThRt", F, "Share of packets with a window below tcpFlags.winMin"),
    RT_COLUMN("tcpFlags", H16, "TCP flags and flag combinations"),
    RT_COLUMN("tcpAnomaly", H16, "TCP anomalies"),
    RT_COLUMN("tcpJA4T", SC, "JA4T fingerprint of the first SYN or SYN-ACK"),
    RT_COLUMN("tcpOptPktCnt", U16, "Packets with TCP options"),
    RT_COLUMN("tcpOptCnt", U16, "TCP options seen"),
    RT_COLUMN("tcpOptions", H32, "TCP option kinds seen"),
    RT_COLUMN("tcpMSS", U16, "Last MSS option value"),
    RT_COLUMN("tcpWS", U16, "Window scale factor in use"),
    RT_COLUMN("tcpMPTBF", H16, "MPTCP option subtypes"),
    RT_COLUMN("tcpMPF", H8, "MPTCP MP_CAPABLE flags"),
    RT_COLUMN("tcpMPAID", U8, "Last MPTCP address ID"),
    RT_COLUMN("tcpMPDSSF", H8, "MPTCP DSS flags"),
    RT_COLUMN("tcpTmS", U32, "Last TCP timestamp value"),
    RT_COLUMN("tcpTmER", U32, "Last TCP timestamp echo reply"),
    RT_COLUMN("tcpEcI", F, "Timestamp clock period in seconds"),
    RT_COLUMN("tcpUtm", D, "Estimated sender uptime in seconds"),
    RT_COLUMN("tcpBtm", TS, "Estimated sender boot time"),
    RT_COLUMN("tcpSSASAATrip", F, "Handshake trip: SYN to SYN-ACK (A), SYN-ACK to ACK (B)"),
    RT_COLUMN("tcpRTTAckTripMin", F, "Smallest gap to the partner's next packet"),
    RT_COLUMN("tcpRTTAckTripMax", F, "Largest gap to the partner's next packet"),
    RT_COLUMN("tcpRTTAckTripAvg", F, "Mean gap to the partner's next packet"),
    RT_COLUMN("tcpRTTAckTripJitAvg", F, "Standard deviation of the gaps to the partner's next packet"),
    RT_COLUMN("tcpRTTSseqAA", F, "Handshake round trip (A), sum of both mean trips (B)"),
    RT_COLUMN("tcpRTTAckJitAvg", F, "Round-trip jitter of both directions (B)"),
};

/* tcpFStat */
#define TCPFLAGS_FSTAT_TCP          0x0001u /* at least one TCP packet analysed */
#define TCPFLAGS_FSTAT_TS           0x0002u /* timestamp option seen */
#define TCPFLAGS_FSTAT_TS_BACK      0x0004u /* TSval went backwards */
#define TCPFLAGS_FSTAT_OPT_BAD      0x0008u /* malformed option field */
#define TCPFLAGS_FSTAT_WIN_START    0x0010u /* window tracking started */
#define TCPFLAGS_FSTAT_WIN_UPDATE   0x0020u /* window update seen */
#define TCPFLAGS_FSTAT_ZWP          0x0040u /* zero-window probe */
#define TCPFLAGS_FSTAT_ZWP_ACK      0x0080u /* ACK to a zero-window probe */
#define TCPFLAGS_FSTAT_WIN_LOW      0x0100u /* window below tcpFlags.winMin seen */
#define TCPFLAGS_FSTAT_WIN_SCALE    0x0200u /* window scaling in use */
#define TCPFLAGS_FSTAT_WIN_FULL     0x0400u /* payload in flight reached the partner's window */
#define TCPFLAGS_FSTAT_WIN_UP_END   0x0800u /* window trend upward at the end */
#define TCPFLAGS_FSTAT_CSUM         0x1000u /* transport checksum checked */
#define TCPFLAGS_FSTAT_UDPLITE_COV  0x2000u /* UDP-Lite coverage error */
#define TCPFLAGS_FSTAT_SACK         0x4000u /* SACK permitted or used */
#define TCPFLAGS_FSTAT_MPTCP        0x8000u /* MPTCP */

/* ipFlags */
#define TCPFLAGS_IP_OPT_BAD         0x0001u /* IPv4 options malformed */
#define TCPFLAGS_IP_ID_ORDER        0x0002u /* identification out of order */
#define TCPFLAGS_IP_ID_WRAP         0x0004u /* identification wrapped */
#define TCPFLAGS_IP_FRAG_SHORT      0x0008u /* fragment shorter than 48 bytes */
#define TCPFLAGS_IP_FRAG_RANGE      0x0010u /* fragment offset out of range */
#define TCPFLAGS_IP_MF              0x0020u /* more-fragments flag seen */
#define TCPFLAGS_IP_DF              0x0040u /* don't-fragment flag seen */
#define TCPFLAGS_IP_RF              0x0080u /* reserved flag seen */
#define TCPFLAGS_IP_FRAG_POS        0x0100u /* fragment position error */
#define TCPFLAGS_IP_FRAG_SEQ        0x0200u /* fragment sequence error */
#define TCPFLAGS_IP_HDR_CSUM        0x0400u /* IPv4 header checksum wrong */
#define TCPFLAGS_IP_L4_CSUM         0x0800u /* transport checksum wrong */
#define TCPFLAGS_IP_HDR_CUT         0x1000u /* header length larger than captured */
#define TCPFLAGS_IP_UDP_LEN         0x2000u /* UDP length disagrees with the IP length */
#define TCPFLAGS_IP_TIME_SAME       0x4000u /* two consecutive packets with identical timestamps */
#define TCPFLAGS_IP_TIME_BACK       0x8000u /* timestamp earlier than the previous packet's */

/* tcpFlags: the low byte is the OR of the TCP flag bytes; the high byte marks combinations. */
#define TCPFLAGS_FIN 0x01u
#define TCPFLAGS_SYN 0x02u
#define TCPFLAGS_RST 0x04u
#define TCPFLAGS_PSH 0x08u
#define TCPFLAGS_ACK 0x10u
#define TCPFLAGS_URG 0x20u
#define TCPFLAGS_ECE 0x40u
#define TCPFLAGS_CWR 0x80u
#define TCPFLAGS_FIN_ACK      0x0100u
#define TCPFLAGS_SYN_ACK      0x0200u
#define TCPFLAGS_RST_ACK      0x0400u
#define TCPFLAGS_NONE         0x0800u
#define TCPFLAGS_SYN_FIN      0x1000u
#define TCPFLAGS_SYN_FIN_RST  0x2000u
#define TCPFLAGS_RST_FIN      0x4000u
#define TCPFLAGS_FIN_PSH_URG  0x8000u

/* tcpAnomaly */
#define TCPFLAGS_AN_SYN_RETRANS     0x0001u /* SYN retransmitted */
#define TCPFLAGS_AN_RETRANS         0x0002u /* retransmission after a sequence timeout */
#define TCPFLAGS_AN_FAST_RETRANS    0x0004u /* fast retransmission */
#define TCPFLAGS_AN_DUP_ACK         0x0008u /* duplicate ACK */
#define TCPFLAGS_AN_KEEPALIVE       0x0010u /* keep-alive */
#define TCPFLAGS_AN_KEEPALIVE_ACK   0x0020u /* keep-alive ACK */
#define TCPFLAGS_AN_OUT_OF_ORDER    0x0040u /* out-of-order segment */
#define TCPFLAGS_AN_SPURIOUS        0x0080u /* spurious retransmission */
#define TCPFLAGS_AN_ACK_UNSEEN      0x0100u /* ACK of unseen data */
#define TCPFLAGS_AN_PREV_MISSING    0x0200u /* previous segment not captured */
#define TCPFLAGS_AN_SCAN            0x1000u /* scan pattern */
#define TCPFLAGS_AN_SCAN_ANSWERED   0x2000u /* scan pattern answered by the peer */
#define TCPFLAGS_AN_SYN_PAYLOAD     0x4000u /* SYN with payload */

#endif
