#!/bin/sh
# test_signals.sh — signals during a run (README, doc/reliability.md), with slow inputs: FIFOs fed
# by this test, which keeps them open so that rowtap waits for more.
#   1. SIGINT while rowtap waits on a FIFO: every packet written into the FIFO before the signal
#      has its packet row, every flow is ended and written, the end report follows, exit 0.
#   2. SIGUSR1 while rowtap waits on a FIFO: a status report on standard error (the blocked read
#      wakes), the run goes on; more packets, another report; SIGTERM ends it as in 1.
#   3. SIGINT while a sink cannot write (standard output is a FIFO nobody reads yet): once the
#      FIFO is read, every row is written, exit 0.
#   4. The same with a second signal: rowtap stops at once; the rows written are complete lines,
#      the end report counts the rest as failed, exit 1.
#   5. A third signal kills rowtap even while its sink stays blocked.
# The packets are the mixed exchange of tests/lib/sample_traffic.h (exchange_capture) and
# single-packet flows (flow_flood).
set -u
. "$(dirname "$0")/common.sh"
exchange=$(helper exchange_capture) || exit 99
flood=$(helper flow_flood) || exit 99

# wait_for WHAT COMMAND...: retries the command every 0.1 s for 15 s; 0 when it succeeded.
wait_for() {
    awaited=$1
    shift
    tries=0
    until "$@"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 150 ]; then
            echo "  gave up waiting for $awaited"
            return 1
        fi
        sleep 0.1
    done
}

# watch PID SECONDS: kills the process if it still runs after SECONDS (a hang fails the test).
watch() {
    (
        sleep "$2" &
        sleeper=$!
        trap 'kill "$sleeper"; exit 0' TERM
        wait "$sleeper"
        kill -KILL "$1"
    ) 3>&- 4>&- 5<&- >/dev/null 2>&1 &
    watchdog=$!
}

unwatch() {
    kill "$watchdog" 2>/dev/null
    wait "$watchdog" 2>/dev/null
}

# ask_status PID ERR PACKETS: sends SIGUSR1 until ERR shows a status report of PACKETS packets.
ask_status() {
    kill -USR1 "$1" 2>/dev/null && sleep 0.2 && grep -q "^rowtap: status: .* $3 packets, " "$2"
}

"$exchange" head.pcap 0 9 || exit 99
"$exchange" tail.records 10 19 records || exit 99
"$exchange" whole.pcap || exit 99
"$rowtap" -r head.pcap -s -w ref/ >/dev/null 2>&1 || exit 99
"$rowtap" -r whole.pcap -s -w ref/ >/dev/null 2>&1 || exit 99

# start_on_fifo NAME: rowtap reads NAME.fifo (packet rows, outputs NAME/NAME_*, NAME.out,
# NAME.err), which this shell holds open on descriptor 3 after writing the first 10 packets;
# returns once rowtap has started its sinks (its signal handlers are in place by then).
start_on_fifo() {
    mkfifo "$1.fifo"
    "$rowtap" -r "$1.fifo" -s -w "$1/" >"$1.out" 2>"$1.err" &
    pid=$!
    watch "$pid" 60
    exec 3>"$1.fifo"
    cat head.pcap >&3
    wait_for "the output files" [ -e "$1/$1_flows.txt" ]
}

# stop_with SIGNAL: sends it, waits for rowtap (exit status in $status), closes the FIFO.
stop_with() {
    kill "-$1" "$pid"
    wait "$pid"
    status=$?
    unwatch
    exec 3>&-
}

# --- 1. SIGINT on a FIFO -----------------------------------------------------------------------
start_on_fifo int
stop_with INT
if sane "SIGINT on a FIFO" "$status" int.err; then
    check "SIGINT on a FIFO: exit status 0" [ "$status" -eq 0 ]
    check "SIGINT on a FIFO: the interrupt is reported" grep -q "warning: interrupted: reading stopped" int.err
    check "SIGINT on a FIFO: packet rows 1..10 (everything written into the FIFO)" \
        [ "$(column pktNo int/int_packets.txt | tr '\n' ' ')" = "1 2 3 4 5 6 7 8 9 10 " ]
    check "SIGINT on a FIFO: the packet rows of the same packets read from a file" \
        cmp -s int/int_packets.txt ref/head_packets.txt
    check "SIGINT on a FIFO: the flow rows of the same packets read from a file (every flow ended)" \
        cmp -s int/int_flows.txt ref/head_flows.txt
    check "SIGINT on a FIFO: the TCP conversation's A and B flow rows, then the UDP exchange's" \
        [ "$(cut -f 1,2 int/int_flows.txt | tail -n +2 | tr '\t\n' ': ')" = "A:1 B:1 A:2 B:2 " ]
    check "SIGINT on a FIFO: the end report" grep -q "^Packets processed: 10$" int.out
    check "SIGINT on a FIFO: no row failed" grep -q "^Sink txt, flows: 4 rows written, .* 0 rows failed$" int.out
fi

# --- 2. SIGUSR1 while waiting, then SIGTERM ----------------------------------------------------
start_on_fifo usr
check "SIGUSR1 while rowtap waits on a FIFO: a status report of the 10 packets read" \
    wait_for "a status report" ask_status "$pid" usr.err 10
check "SIGUSR1: the report has the sink's rows" grep -q "^rowtap: status: sink txt: flows .* rows handed over" usr.err
check "SIGUSR1: rowtap is still running" kill -0 "$pid"
cat tail.records >&3
check "SIGUSR1 after 10 more packets: a status report of 20 packets" \
    wait_for "a status report" ask_status "$pid" usr.err 20
stop_with TERM
if sane "SIGUSR1, then SIGTERM" "$status" usr.err; then
    check "SIGTERM: exit status 0" [ "$status" -eq 0 ]
    check "SIGTERM: the packet rows of the whole exchange" cmp -s usr/usr_packets.txt ref/whole_packets.txt
    check "SIGTERM: the flow rows of the whole exchange" cmp -s usr/usr_flows.txt ref/whole_flows.txt
    check "SIGTERM: the end report" grep -q "^Packets processed: 20$" usr.out
fi

# --- 3-5. A sink that cannot write: standard output is a FIFO nobody reads yet ------------------
"$flood" 200000 many.pcap || exit 99

# sink_blocked PID: a thread of the process waits in a write to a pipe (Linux: its wchan).
sink_blocked() {
    cat /proc/"$1"/task/*/wchan 2>/dev/null | grep -q pipe_write
}

# blocked_run NAME SIGNALS...: rowtap writes flow rows of many.pcap to a FIFO nobody reads; once its
# sink is stuck on the FIFO, the signals are sent 0.3 s apart, then the FIFO is read into NAME.rows.
# Sets $status.
blocked_run() {
    name=$1
    shift
    mkfifo "$name.fifo"
    exec 4<>"$name.fifo"
    "$rowtap" -r many.pcap -w - -X core.sinkQueue=1 -X core.batchBytes=4096 >"$name.fifo" 2>"$name.err" 4>&- &
    pid=$!
    watch "$pid" 60
    wait_for "the sink to block on the FIFO" sink_blocked "$pid" || sleep 1
    for signal in "$@"; do
        kill "-$signal" "$pid"
        sleep 0.3
    done
    exec 5<"$name.fifo"
    exec 4<&-
    cat <&5 >"$name.rows" &
    reader=$!
    exec 5<&-
    wait "$pid"
    status=$?
    unwatch
    wait "$reader"
}

# complete_rows FILE: every line has as many fields as the column-name row.
complete_rows() {
    awk -F '\t' 'NR == 1 { n = NF } NF != n { bad++ } END { exit bad > 0 }' "$1"
}

blocked_run one INT
if sane "SIGINT with a blocked sink" "$status" one.err; then
    written=$(report_value "Sink txt, flows:" one.err)
    directions=$(report_value "Flow directions:" one.err)
    check "SIGINT with a blocked sink: exit status 0" [ "$status" -eq 0 ]
    check "SIGINT with a blocked sink: every flow direction's row written ($directions)" \
        [ "$written" -eq "$directions" ] && [ "$written" -gt 0 ]
    check "SIGINT with a blocked sink: standard output holds them all" [ "$(($(wc -l <one.rows) - 1))" -eq "$written" ]
    check "SIGINT with a blocked sink: no row failed" grep -q "^Sink txt, flows: .* 0 rows failed$" one.err
fi

blocked_run two INT TERM
if sane "a second signal" "$status" two.err; then
    written=$(report_value "Sink txt, flows:" two.err)
    failed=$(grep "^Sink txt, flows:" two.err | sed 's/.* \([0-9]*\) rows failed.*/\1/')
    check "a second signal: exit status 1" [ "$status" -eq 1 ]
    check "a second signal: reported" grep -q "warning: interrupted twice" two.err
    check "a second signal: the end report counts rows given up as failed ($failed)" [ "$failed" -gt 0 ]
    check "a second signal: standard output holds the rows written ($written), complete" \
        [ "$(($(wc -l <two.rows) - 1))" -eq "$written" ]
    check "a second signal: every row complete" complete_rows two.rows
fi

blocked_run three INT TERM TERM
check "a third signal kills rowtap while its sink is blocked (status $status)" [ "$status" -eq 143 ]

finish
