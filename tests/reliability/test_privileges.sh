#!/bin/sh
# test_privileges.sh — -Z USER (README, doc/reliability.md): an unknown user is a usage error
# (exit 2) before anything is read; as root, rowtap opens the input first (a file only root may
# read is read), then changes to the user, and makes its output folders and files as that user
# (a folder the user may not write to is refused; the files belong to the user); rowtap started
# by another user cannot change users (exit 1). The live case is in test_live_capture.sh. Parts
# that need root are skipped with a message otherwise.
set -u
. "$(dirname "$0")/common.sh"
exchange=$(helper exchange_capture) || exit 99
"$exchange" whole.pcap || exit 99

run_rowtap unknown -r whole.pcap -w unknown/ -Z rowtap-no-such-user
check "-Z with an unknown user: exit status 2" [ "$status" -eq 2 ]
check "-Z with an unknown user: the message names the user" \
    grep -q "^rowtap: error: -Z rowtap-no-such-user: no such user; give an existing user name" unknown.err
check "-Z with an unknown user: nothing is made" [ ! -e unknown ]

if [ "$(id -u)" -ne 0 ] || ! id nobody >/dev/null 2>&1; then
    skip_part "changing users: the test runs without root or there is no user nobody"
    finish
fi

run_rowtap reference -r whole.pcap -s -w reference/
chmod 600 whole.pcap
mkdir out rootonly
chmod 777 out
chmod 755 rootonly
run_rowtap as-nobody -r whole.pcap -s -l -w out/ -Z nobody
check "-Z nobody: exit status 0" [ "$status" -eq 0 ]
check "-Z nobody: the input, readable by root only, was opened before the change" \
    cmp -s out/whole_packets.txt reference/whole_packets.txt
check "-Z nobody: the same flow rows as without -Z" cmp -s out/whole_flows.txt reference/whole_flows.txt
check "-Z nobody: the outputs (log included) belong to nobody" \
    [ "$(stat -c %U out/whole_flows.txt out/whole_packets.txt out/whole_headers.txt out/whole_log.txt | sort -u)" = nobody ]

run_rowtap refused -r whole.pcap -w rootonly/sub/ -Z nobody
check "-Z nobody: a folder nobody may not write to is refused (exit 2)" [ "$status" -eq 2 ]
check "-Z nobody: the message names the folder" \
    grep -q "cannot create output folder 'rootonly/sub': Permission denied; choose another -w" refused.err

chmod 644 whole.pcap
if runuser -u nobody -- "$rowtap" -V >/dev/null 2>&1; then
    runuser -u nobody -- "$rowtap" -r whole.pcap -w out/again -Z daemon >notroot.out 2>notroot.err
    status=$?
    if sane "-Z without root" "$status" notroot.err; then
        check "-Z started by another user: exit status 1" [ "$status" -eq 1 ]
        check "-Z started by another user: the message says to run as root" \
            grep -q "^rowtap: error: -Z daemon: cannot change to this user (initgroups: Operation not permitted); run rowtap as root to use -Z$" notroot.err
    fi
else
    skip_part "-Z started by another user: nobody cannot run $rowtap"
fi

finish
