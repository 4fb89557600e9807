#!/bin/sh
# test_live_capture.sh — live capture (-i) compared with reading the same capture from a file: in
# a network namespace of its own (unshare -n: nothing outside is touched) the test makes a veth
# pair without addresses (IPv6 off, so the kernel sends nothing on it), starts rowtap on one end
# with -Z nobody, replays the mixed exchange of tests/lib/sample_traffic.h with tcpreplay onto
# the other end, waits for a status report (SIGUSR1) counting all its packets and stops rowtap
# with SIGINT. The packet and flow rows must equal those of an offline run of the same capture
# but for what depends on the capture time (time, pktIAT, flowDuration, timeFirst, timeLast,
# duration and basicStats' IAT and rate columns); the end report must show the kernel's
# counters; the outputs must belong to nobody. Then a burst of 100000 packets (tcpreplay
# --topspeed) through a 64 KiB kernel buffer: the end report must account for every packet as
# processed or dropped by the kernel. Skipped (77) without root, network namespaces, veth or
# tcpreplay.
set -u

if [ "${1:-}" = --in-namespace ]; then
    # Inside the namespace: the veth pair, rowtap on rt1, tcpreplay on rt0. Runs in $WORK.
    cd "$WORK" || exit 99
    ip link set lo up || exit 97
    sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || exit 97
    ip link add rt0 type veth peer name rt1 || exit 97
    ip link set rt0 up && ip link set rt1 up || exit 97
    "$ROWTAP" -i rt1 -s -l -w live/ -Z nobody >live.out 2>live.err &
    pid=$!
    tries=0
    until [ -e live/rt1_flows.txt ] || [ "$tries" -ge 100 ]; do sleep 0.1; tries=$((tries + 1)); done
    tcpreplay -q -i rt0 whole.pcap >tcpreplay.out 2>&1 || echo "tcpreplay failed" >>live.err
    tries=0
    until grep -q '^rowtap: status: .* 20 packets, ' live.err || [ "$tries" -ge 50 ]; do
        kill -USR1 "$pid"
        sleep 0.2
        tries=$((tries + 1))
    done
    kill -INT "$pid"
    wait "$pid"
    echo $? >live.status
    # A burst through a small kernel buffer: the kernel drops what rowtap cannot take in time.
    "$ROWTAP" -i rt1 -w burst/ -X capture.bufferSize=65536 >burst.out 2>burst.err &
    pid=$!
    tries=0
    until [ -e burst/rt1_flows.txt ] || [ "$tries" -ge 100 ]; do sleep 0.1; tries=$((tries + 1)); done
    tcpreplay -q --topspeed -i rt0 burst.pcap >>tcpreplay.out 2>&1 || echo "tcpreplay failed" >>burst.err
    sleep 1
    kill -INT "$pid"
    wait "$pid"
    echo $? >burst.status
    exit 0
fi

script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
. "$(dirname "$0")/common.sh"
exchange=$(helper exchange_capture) || exit 99
flood=$(helper flow_flood) || exit 99
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: live capture needs root (a network namespace, a veth pair, capturing)"
    exit 77
fi
if ! command -v tcpreplay >/dev/null 2>&1; then
    echo "SKIP: tcpreplay is not installed (Debian: apt-get install tcpreplay)"
    exit 77
fi
if ! unshare -n ip link add rtprobe0 type veth peer name rtprobe1 2>unshare.err; then
    echo "SKIP: cannot make a network namespace with a veth pair here: $(cat unshare.err)"
    exit 77
fi

"$exchange" whole.pcap || exit 99
"$flood" 100000 burst.pcap || exit 99
run_rowtap offline -r whole.pcap -s -w offline/ || finish
mkdir live
chmod 777 live
WORK="$tmp" ROWTAP="$rowtap" unshare -n sh "$script" --in-namespace
inner=$?
if [ "$inner" -eq 97 ]; then
    echo "SKIP: the namespace's veth pair could not be set up"
    exit 77
fi
status=$(cat live.status 2>/dev/null || echo 99)
sane "live capture" "$status" live.err || finish

# without_time FILE: the rows without the columns that depend on the capture time (ipFlags too:
# its bits 0x4000 and 0x8000 compare timestamps; the tcpFlags round-trip and clock columns).
without_time() {
    awk -F '\t' 'BEGIN { OFS = "\t"; split("time pktIAT flowDuration timeFirst timeLast duration minIAT maxIAT " \
                                           "avgIAT stdIAT pktps bytps ipFlags tcpEcI tcpUtm tcpBtm tcpSSASAATrip " \
                                           "tcpRTTAckTripMin tcpRTTAckTripMax tcpRTTAckTripAvg tcpRTTAckTripJitAvg " \
                                           "tcpRTTSseqAA tcpRTTAckJitAvg", names, " ");
                         for (i in names) timed[names[i]] = 1 }
                 NR == 1 { sub(/^%/, ""); for (i = 1; i <= NF; i++) keep[i] = !($i in timed) }
                 { line = ""; for (i = 1; i <= NF; i++) if (keep[i]) line = line $i "\t"; print line }' "$1"
}

check "live capture: exit status 0" [ "$status" -eq 0 ]
check "live capture: 20 packet rows" [ "$(column pktNo live/rt1_packets.txt | wc -l)" -eq 20 ]
without_time offline/whole_packets.txt >offline.packets
without_time live/rt1_packets.txt >live.packets
without_time offline/whole_flows.txt >offline.flows
without_time live/rt1_flows.txt >live.flows
check "live capture: the packet rows equal the offline run's but for the times" cmp -s offline.packets live.packets
check "live capture: the flow rows equal the offline run's but for the times" cmp -s offline.flows live.flows
check "live capture: the end report shows the kernel's counters" \
    grep -q "^Live capture: [0-9]* received, 0 dropped by the kernel, 0 dropped by the interface, 0 rows dropped" \
    live/rt1_log.txt
check "live capture: the interface and its link type in the end report" \
    grep -q "^Input: rt1 (link type 1, snap length 262144)$" live/rt1_log.txt
check "-Z nobody: the outputs belong to nobody" \
    [ "$(stat -c %U live/rt1_flows.txt live/rt1_packets.txt live/rt1_headers.txt live/rt1_log.txt | sort -u)" = nobody ]

status=$(cat burst.status 2>/dev/null || echo 99)
if sane "a burst of 100000 packets" "$status" burst.err; then
    received=$(report_value "Live capture:" burst.out)
    dropped=$(sed -n 's/^Live capture: .* \([0-9]*\) dropped by the kernel.*/\1/p' burst.out)
    processed=$(report_value "Packets processed:" burst.out)
    queue_drops=$(sed -n 's/^Live capture: .* \([0-9]*\) rows dropped by full sink queues$/\1/p' burst.out)
    echo "a burst of 100000 packets through a 64 KiB buffer: $received received, $dropped dropped by the kernel," \
        "$queue_drops rows dropped at the sink's full queue"
    check "a burst: exit status 0" [ "$status" -eq 0 ]
    check "a burst: no row dropped at the sink's queue (the rows of the flows ended at the interrupt wait for it)" \
        [ "$queue_drops" -eq 0 ]
    check "a burst: the kernel's drops in the end report: received ($received) = processed ($processed) + dropped ($dropped)" \
        [ "$received" -eq "$((processed + dropped))" ] && [ "$received" -eq 100000 ]
fi
if ! cmp -s offline.packets live.packets; then
    diff offline.packets live.packets | head -n 20
fi

finish
