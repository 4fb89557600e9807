-- PostgreSQL tables of the rowtap pgsql sink (types and conventions: schema/pgsql.md)

-- flows: one row per flow direction
CREATE TABLE IF NOT EXISTS "flows" (
    "sensor_id" bigint NOT NULL,
    "run_id" text NOT NULL,
    "dir" char(1),
    "flowind" bigint,
    "flowstat" bigint,
    "timefirst" timestamptz,
    "timelast" timestamptz,
    "duration" interval,
    "numhdrdesc" smallint,
    "numhdrs" integer[],
    "hdrdesc" text[],
    "srcmac" macaddr[],
    "dstmac" macaddr[],
    "ethtype" integer,
    "ethvlanid" integer[],
    "srcip" inet,
    "srcipcc" text,
    "srcipwho" text,
    "srcport" integer,
    "dstip" inet,
    "dstipcc" text,
    "dstipwho" text,
    "dstport" integer,
    "l4proto" smallint,
    "pktssnt" bigint,
    "pktsrcvd" bigint,
    "padbytessnt" bigint,
    "l7bytessnt" bigint,
    "l7bytesrcvd" bigint,
    "minl7pktsz" integer,
    "maxl7pktsz" integer,
    "avgl7pktsz" real,
    "stdl7pktsz" real,
    "miniat" real,
    "maxiat" real,
    "avgiat" real,
    "stdiat" real,
    "pktps" real,
    "bytps" real,
    "pktasm" real,
    "bytasm" real,
    "tcpfstat" integer,
    "ipmindipid" integer,
    "ipmaxdipid" integer,
    "ipminttl" smallint,
    "ipmaxttl" smallint,
    "ipttlchg" smallint,
    "iptos" smallint,
    "ipflags" integer,
    "ipoptcnt" integer,
    "ipoptcpcl_num_1" smallint,
    "ipoptcpcl_num_2" bigint,
    "ip6optcnthh_d_1" integer,
    "ip6optcnthh_d_2" integer,
    "ip6opthh_d_1" bigint,
    "ip6opthh_d_2" bigint,
    "tcpiseqn" bigint,
    "tcppseqcnt" integer,
    "tcpseqsntbytes" bigint,
    "tcpseqfaultcnt" integer,
    "tcppackcnt" integer,
    "tcpflwlssackrcvdbytes" bigint,
    "tcpackfaultcnt" integer,
    "tcpbflgtmx" bigint,
    "tcpinitwinsz" bigint,
    "tcpavgwinsz" real,
    "tcpminwinsz" bigint,
    "tcpmaxwinsz" bigint,
    "tcpwinszdwncnt" integer,
    "tcpwinszupcnt" integer,
    "tcpwinszchgdircnt" integer,
    "tcpwinszthrt" real,
    "tcpflags" integer,
    "tcpanomaly" integer,
    "tcpja4t" text,
    "tcpoptpktcnt" integer,
    "tcpoptcnt" integer,
    "tcpoptions" bigint,
    "tcpmss" integer,
    "tcpws" integer,
    "tcpmptbf" integer,
    "tcpmpf" smallint,
    "tcpmpaid" smallint,
    "tcpmpdssf" smallint,
    "tcptms" bigint,
    "tcptmer" bigint,
    "tcpeci" real,
    "tcputm" double precision,
    "tcpbtm" timestamptz,
    "tcpssasaatrip" real,
    "tcprttacktripmin" real,
    "tcprttacktripmax" real,
    "tcprttacktripavg" real,
    "tcprttacktripjitavg" real,
    "tcprttsseqaa" real,
    "tcprttackjitavg" real,
    "tcpwinstat" smallint,
    "tcpwinthcnt" bigint
);
COMMENT ON COLUMN "flows"."sensor_id" IS 'Sensor ID of the run (rowtap -x)';
COMMENT ON COLUMN "flows"."run_id" IS 'Run that loaded the row: <sensor>-<start time>-<process ID>';
COMMENT ON COLUMN "flows"."dir" IS 'Flow direction: A or B (core dir C)';
COMMENT ON COLUMN "flows"."flowind" IS 'Flow index, shared by both directions (core flowInd U64)';
COMMENT ON COLUMN "flows"."flowstat" IS 'Flow status bits (basicFlow flowStat H64)';
COMMENT ON COLUMN "flows"."timefirst" IS 'Time of the first packet (basicFlow timeFirst U64.U32)';
COMMENT ON COLUMN "flows"."timelast" IS 'Time of the last packet (basicFlow timeLast U64.U32)';
COMMENT ON COLUMN "flows"."duration" IS 'Time from first to last packet (basicFlow duration U64.U32)';
COMMENT ON COLUMN "flows"."numhdrdesc" IS 'Number of distinct header stacks (basicFlow numHdrDesc U8)';
COMMENT ON COLUMN "flows"."numhdrs" IS 'Header count of each header stack (basicFlow numHdrs U16:R)';
COMMENT ON COLUMN "flows"."hdrdesc" IS 'Header stacks in order of appearance (basicFlow hdrDesc SC:R)';
COMMENT ON COLUMN "flows"."srcmac" IS 'Source MAC addresses (basicFlow srcMac MAC:R)';
COMMENT ON COLUMN "flows"."dstmac" IS 'Destination MAC addresses (basicFlow dstMac MAC:R)';
COMMENT ON COLUMN "flows"."ethtype" IS 'Ethernet type (basicFlow ethType H16)';
COMMENT ON COLUMN "flows"."ethvlanid" IS 'VLAN IDs, outermost first (basicFlow ethVlanID U16:R)';
COMMENT ON COLUMN "flows"."srcip" IS 'Source IP address (basicFlow srcIP IPX)';
COMMENT ON COLUMN "flows"."srcipcc" IS 'Source country or special-range code (basicFlow srcIPCC SC)';
COMMENT ON COLUMN "flows"."srcipwho" IS 'Source organisation or special-range label (basicFlow srcIPWho S)';
COMMENT ON COLUMN "flows"."srcport" IS 'Source port (basicFlow srcPort U16)';
COMMENT ON COLUMN "flows"."dstip" IS 'Destination IP address (basicFlow dstIP IPX)';
COMMENT ON COLUMN "flows"."dstipcc" IS 'Destination country or special-range code (basicFlow dstIPCC SC)';
COMMENT ON COLUMN "flows"."dstipwho" IS 'Destination organisation or special-range label (basicFlow dstIPWho S)';
COMMENT ON COLUMN "flows"."dstport" IS 'Destination port (basicFlow dstPort U16)';
COMMENT ON COLUMN "flows"."l4proto" IS 'IP protocol number (basicFlow l4Proto U8)';
COMMENT ON COLUMN "flows"."pktssnt" IS 'Packets sent (basicStats pktsSnt U64)';
COMMENT ON COLUMN "flows"."pktsrcvd" IS 'Packets received (opposite direction) (basicStats pktsRcvd U64)';
COMMENT ON COLUMN "flows"."padbytessnt" IS 'Link-layer padding bytes sent (basicStats padBytesSnt I64)';
COMMENT ON COLUMN "flows"."l7bytessnt" IS 'Payload bytes sent (basicStats l7BytesSnt U64)';
COMMENT ON COLUMN "flows"."l7bytesrcvd" IS 'Payload bytes received (opposite direction) (basicStats l7BytesRcvd U64)';
COMMENT ON COLUMN "flows"."minl7pktsz" IS 'Smallest payload (basicStats minL7PktSz U16)';
COMMENT ON COLUMN "flows"."maxl7pktsz" IS 'Largest payload (basicStats maxL7PktSz U16)';
COMMENT ON COLUMN "flows"."avgl7pktsz" IS 'Mean payload (basicStats avgL7PktSz F)';
COMMENT ON COLUMN "flows"."stdl7pktsz" IS 'Standard deviation of payload sizes (basicStats stdL7PktSz F)';
COMMENT ON COLUMN "flows"."miniat" IS 'Shortest gap between packets (basicStats minIAT F)';
COMMENT ON COLUMN "flows"."maxiat" IS 'Longest gap between packets (basicStats maxIAT F)';
COMMENT ON COLUMN "flows"."avgiat" IS 'Mean gap between packets (basicStats avgIAT F)';
COMMENT ON COLUMN "flows"."stdiat" IS 'Standard deviation of gaps (basicStats stdIAT F)';
COMMENT ON COLUMN "flows"."pktps" IS 'Packets per second (basicStats pktps F)';
COMMENT ON COLUMN "flows"."bytps" IS 'Payload bytes per second (basicStats bytps F)';
COMMENT ON COLUMN "flows"."pktasm" IS 'Packet count asymmetry (basicStats pktAsm F)';
COMMENT ON COLUMN "flows"."bytasm" IS 'Payload byte asymmetry (basicStats bytAsm F)';
COMMENT ON COLUMN "flows"."tcpfstat" IS 'tcpFlags status bits (tcpFlags tcpFStat H16)';
COMMENT ON COLUMN "flows"."ipmindipid" IS 'Smallest IPv4 ID increase between consecutive packets (tcpFlags ipMindIPID U16)';
COMMENT ON COLUMN "flows"."ipmaxdipid" IS 'Largest IPv4 ID increase between consecutive packets (tcpFlags ipMaxdIPID U16)';
COMMENT ON COLUMN "flows"."ipminttl" IS 'Lowest TTL or hop limit (tcpFlags ipMinTTL U8)';
COMMENT ON COLUMN "flows"."ipmaxttl" IS 'Highest TTL or hop limit (tcpFlags ipMaxTTL U8)';
COMMENT ON COLUMN "flows"."ipttlchg" IS 'TTL changes between consecutive packets (tcpFlags ipTTLChg U8)';
COMMENT ON COLUMN "flows"."iptos" IS 'OR of the ToS or traffic class bytes (tcpFlags ipToS H8)';
COMMENT ON COLUMN "flows"."ipflags" IS 'IP observations (tcpFlags ipFlags H16)';
COMMENT ON COLUMN "flows"."ipoptcnt" IS 'IPv4 options seen (tcpFlags ipOptCnt U16)';
COMMENT ON COLUMN "flows"."ipoptcpcl_num_1" IS 'IPv4 option copy and class bits, option numbers (tcpFlags ipOptCpCl_Num H8_H32, part 1 of 2: H8)';
COMMENT ON COLUMN "flows"."ipoptcpcl_num_2" IS 'IPv4 option copy and class bits, option numbers (tcpFlags ipOptCpCl_Num H8_H32, part 2 of 2: H32)';
COMMENT ON COLUMN "flows"."ip6optcnthh_d_1" IS 'IPv6 hop-by-hop and destination options seen (tcpFlags ip6OptCntHH_D U16_U16, part 1 of 2: U16)';
COMMENT ON COLUMN "flows"."ip6optcnthh_d_2" IS 'IPv6 hop-by-hop and destination options seen (tcpFlags ip6OptCntHH_D U16_U16, part 2 of 2: U16)';
COMMENT ON COLUMN "flows"."ip6opthh_d_1" IS 'IPv6 hop-by-hop and destination option types (tcpFlags ip6OptHH_D H32_H32, part 1 of 2: H32)';
COMMENT ON COLUMN "flows"."ip6opthh_d_2" IS 'IPv6 hop-by-hop and destination option types (tcpFlags ip6OptHH_D H32_H32, part 2 of 2: H32)';
COMMENT ON COLUMN "flows"."tcpiseqn" IS 'Sequence number of the first TCP packet (tcpFlags tcpISeqN U32)';
COMMENT ON COLUMN "flows"."tcppseqcnt" IS 'Packets with the expected sequence number (tcpFlags tcpPSeqCnt U16)';
COMMENT ON COLUMN "flows"."tcpseqsntbytes" IS 'Bytes sent by sequence number progress (tcpFlags tcpSeqSntBytes U64)';
COMMENT ON COLUMN "flows"."tcpseqfaultcnt" IS 'Packets below the expected sequence number (tcpFlags tcpSeqFaultCnt U16)';
COMMENT ON COLUMN "flows"."tcppackcnt" IS 'Packets with the ACK flag (tcpFlags tcpPAckCnt U16)';
COMMENT ON COLUMN "flows"."tcpflwlssackrcvdbytes" IS 'Bytes acknowledged by acknowledgement number progress (tcpFlags tcpFlwLssAckRcvdBytes U64)';
COMMENT ON COLUMN "flows"."tcpackfaultcnt" IS 'Duplicate ACKs and ACKs of unseen data (tcpFlags tcpAckFaultCnt U16)';
COMMENT ON COLUMN "flows"."tcpbflgtmx" IS 'Largest payload in flight, not yet acknowledged (tcpFlags tcpBFlgtMx U32)';
COMMENT ON COLUMN "flows"."tcpinitwinsz" IS 'Window of the first TCP packet (tcpFlags tcpInitWinSz U32)';
COMMENT ON COLUMN "flows"."tcpavgwinsz" IS 'Smoothed window size (tcpFlags tcpAvgWinSz F)';
COMMENT ON COLUMN "flows"."tcpminwinsz" IS 'Smallest window (tcpFlags tcpMinWinSz U32)';
COMMENT ON COLUMN "flows"."tcpmaxwinsz" IS 'Largest window (tcpFlags tcpMaxWinSz U32)';
COMMENT ON COLUMN "flows"."tcpwinszdwncnt" IS 'Packets with a smaller window than the previous (tcpFlags tcpWinSzDwnCnt U16)';
COMMENT ON COLUMN "flows"."tcpwinszupcnt" IS 'Packets with a larger window than the previous (tcpFlags tcpWinSzUpCnt U16)';
COMMENT ON COLUMN "flows"."tcpwinszchgdircnt" IS 'Window trend reversals (tcpFlags tcpWinSzChgDirCnt U16)';
COMMENT ON COLUMN "flows"."tcpwinszthrt" IS 'Share of packets with a window below tcpFlags.winMin (tcpFlags tcpWinSzThRt F)';
COMMENT ON COLUMN "flows"."tcpflags" IS 'TCP flags and flag combinations (tcpFlags tcpFlags H16)';
COMMENT ON COLUMN "flows"."tcpanomaly" IS 'TCP anomalies (tcpFlags tcpAnomaly H16)';
COMMENT ON COLUMN "flows"."tcpja4t" IS 'JA4T fingerprint of the first SYN or SYN-ACK (tcpFlags tcpJA4T SC)';
COMMENT ON COLUMN "flows"."tcpoptpktcnt" IS 'Packets with TCP options (tcpFlags tcpOptPktCnt U16)';
COMMENT ON COLUMN "flows"."tcpoptcnt" IS 'TCP options seen (tcpFlags tcpOptCnt U16)';
COMMENT ON COLUMN "flows"."tcpoptions" IS 'TCP option kinds seen (tcpFlags tcpOptions H32)';
COMMENT ON COLUMN "flows"."tcpmss" IS 'Last MSS option value (tcpFlags tcpMSS U16)';
COMMENT ON COLUMN "flows"."tcpws" IS 'Window scale factor in use (tcpFlags tcpWS U16)';
COMMENT ON COLUMN "flows"."tcpmptbf" IS 'MPTCP option subtypes (tcpFlags tcpMPTBF H16)';
COMMENT ON COLUMN "flows"."tcpmpf" IS 'MPTCP MP_CAPABLE flags (tcpFlags tcpMPF H8)';
COMMENT ON COLUMN "flows"."tcpmpaid" IS 'Last MPTCP address ID (tcpFlags tcpMPAID U8)';
COMMENT ON COLUMN "flows"."tcpmpdssf" IS 'MPTCP DSS flags (tcpFlags tcpMPDSSF H8)';
COMMENT ON COLUMN "flows"."tcptms" IS 'Last TCP timestamp value (tcpFlags tcpTmS U32)';
COMMENT ON COLUMN "flows"."tcptmer" IS 'Last TCP timestamp echo reply (tcpFlags tcpTmER U32)';
COMMENT ON COLUMN "flows"."tcpeci" IS 'Timestamp clock period in seconds (tcpFlags tcpEcI F)';
COMMENT ON COLUMN "flows"."tcputm" IS 'Estimated sender uptime in seconds (tcpFlags tcpUtm D)';
COMMENT ON COLUMN "flows"."tcpbtm" IS 'Estimated sender boot time (tcpFlags tcpBtm U64.U32)';
COMMENT ON COLUMN "flows"."tcpssasaatrip" IS 'Handshake trip: SYN to SYN-ACK (A), SYN-ACK to ACK (B) (tcpFlags tcpSSASAATrip F)';
COMMENT ON COLUMN "flows"."tcprttacktripmin" IS 'Smallest gap to the partner''s next packet (tcpFlags tcpRTTAckTripMin F)';
COMMENT ON COLUMN "flows"."tcprttacktripmax" IS 'Largest gap to the partner''s next packet (tcpFlags tcpRTTAckTripMax F)';
COMMENT ON COLUMN "flows"."tcprttacktripavg" IS 'Mean gap to the partner''s next packet (tcpFlags tcpRTTAckTripAvg F)';
COMMENT ON COLUMN "flows"."tcprttacktripjitavg" IS 'Standard deviation of the gaps to the partner''s next packet (tcpFlags tcpRTTAckTripJitAvg F)';
COMMENT ON COLUMN "flows"."tcprttsseqaa" IS 'Handshake round trip (A), sum of both mean trips (B) (tcpFlags tcpRTTSseqAA F)';
COMMENT ON COLUMN "flows"."tcprttackjitavg" IS 'Round-trip jitter of both directions (B) (tcpFlags tcpRTTAckJitAvg F)';
COMMENT ON COLUMN "flows"."tcpwinstat" IS 'Window threshold status (tcpWin tcpWinStat H8)';
COMMENT ON COLUMN "flows"."tcpwinthcnt" IS 'Packets with window below threshold (tcpWin tcpWinThCnt U32)';
-- recommended key (pgsql.primaryKey=true creates it): ALTER TABLE "flows" ADD PRIMARY KEY (sensor_id, run_id, flowind, dir);

-- packets: one row per packet
CREATE TABLE IF NOT EXISTS "packets" (
    "sensor_id" bigint NOT NULL,
    "run_id" text NOT NULL,
    "pktno" bigint,
    "flowind" bigint,
    "flowstat" bigint,
    "time" timestamptz,
    "pktiat" interval,
    "flowduration" interval,
    "numhdrs" integer,
    "hdrdesc" text,
    "ethvlanid" integer[],
    "srcmac" macaddr,
    "dstmac" macaddr,
    "ethtype" integer,
    "srcip" inet,
    "srcipcc" text,
    "srcipwho" text,
    "srcport" integer,
    "dstip" inet,
    "dstipcc" text,
    "dstipwho" text,
    "dstport" integer,
    "l4proto" smallint,
    "winsize" integer,
    "winthpktcnt" bigint,
    "l7content" bytea
);
COMMENT ON COLUMN "packets"."sensor_id" IS 'Sensor ID of the run (rowtap -x)';
COMMENT ON COLUMN "packets"."run_id" IS 'Run that loaded the row: <sensor>-<start time>-<process ID>';
COMMENT ON COLUMN "packets"."pktno" IS 'Packet number (core pktNo U64)';
COMMENT ON COLUMN "packets"."flowind" IS 'Flow index, shared by both directions (core flowInd U64)';
COMMENT ON COLUMN "packets"."flowstat" IS 'Flow status bits up to this packet (basicFlow flowStat H64)';
COMMENT ON COLUMN "packets"."time" IS 'Packet time (basicFlow time U64.U32)';
COMMENT ON COLUMN "packets"."pktiat" IS 'Time since the previous packet of the direction (basicFlow pktIAT U64.U32)';
COMMENT ON COLUMN "packets"."flowduration" IS 'Time since the first packet of the direction (basicFlow flowDuration U64.U32)';
COMMENT ON COLUMN "packets"."numhdrs" IS 'Header count (basicFlow numHdrs U16)';
COMMENT ON COLUMN "packets"."hdrdesc" IS 'Header stack (basicFlow hdrDesc SC)';
COMMENT ON COLUMN "packets"."ethvlanid" IS 'VLAN IDs, outermost first (basicFlow ethVlanID U16:R)';
COMMENT ON COLUMN "packets"."srcmac" IS 'Source MAC address (basicFlow srcMac MAC)';
COMMENT ON COLUMN "packets"."dstmac" IS 'Destination MAC address (basicFlow dstMac MAC)';
COMMENT ON COLUMN "packets"."ethtype" IS 'Ethernet type (basicFlow ethType H16)';
COMMENT ON COLUMN "packets"."srcip" IS 'Source IP address (basicFlow srcIP IPX)';
COMMENT ON COLUMN "packets"."srcipcc" IS 'Source country or special-range code (basicFlow srcIPCC SC)';
COMMENT ON COLUMN "packets"."srcipwho" IS 'Source organisation or special-range label (basicFlow srcIPWho S)';
COMMENT ON COLUMN "packets"."srcport" IS 'Source port (basicFlow srcPort U16)';
COMMENT ON COLUMN "packets"."dstip" IS 'Destination IP address (basicFlow dstIP IPX)';
COMMENT ON COLUMN "packets"."dstipcc" IS 'Destination country or special-range code (basicFlow dstIPCC SC)';
COMMENT ON COLUMN "packets"."dstipwho" IS 'Destination organisation or special-range label (basicFlow dstIPWho S)';
COMMENT ON COLUMN "packets"."dstport" IS 'Destination port (basicFlow dstPort U16)';
COMMENT ON COLUMN "packets"."l4proto" IS 'IP protocol number (basicFlow l4Proto U8)';
COMMENT ON COLUMN "packets"."winsize" IS 'TCP window field (tcpWin winSize U16)';
COMMENT ON COLUMN "packets"."winthpktcnt" IS 'Packets of the direction with window below threshold (tcpWin winThPktCnt U32)';
COMMENT ON COLUMN "packets"."l7content" IS 'Application payload (core l7Content BIN)';
-- recommended key (pgsql.primaryKey=true creates it): ALTER TABLE "packets" ADD PRIMARY KEY (sensor_id, run_id, pktno);

-- load progress: one row per committed transaction (exactly-once reloads)
CREATE TABLE IF NOT EXISTS "rowtap_progress" (
    "run_id" text NOT NULL,
    "stream" text NOT NULL,
    "batch_seq" bigint NOT NULL,
    "table_name" text NOT NULL,
    "rows_loaded" bigint NOT NULL,
    "rows_rejected" bigint NOT NULL,
    "sensor_id" bigint NOT NULL,
    "committed_at" timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY ("run_id", "table_name", "stream", "batch_seq")
);
