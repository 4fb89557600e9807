#!/bin/sh
# test_injection_secrets.sh — values from the command line reach files and messages as they are,
# never through a shell, and passwords never reach any output:
#   1. output prefixes and input names holding $(...), backticks, ';', spaces, '*', quotes and
#      '$HOME' are used literally (the files carry those names, nothing is executed or expanded,
#      the recorded command line shows them as given);
#   2. passwords in pgsql.conninfo (libpq "password=..." plain and quoted, and a URI's
#      user:password@) and kafka.sasl.password / kafka.sasl.oauthbearer.config, given with -X,
#      -Xkey=value or --config, appear in no output file (_headers.txt, flow, packet, log and
#      msgpack files), not on standard output or standard error, not in option error messages;
#      _headers.txt shows them masked; the sinks still receive them unchanged.
# The pgsql and kafka sinks are stood in for by tests/reliability/stand_in_sink.c, compiled here
# (ROWTAP_SINK_PATH), so that their options exist on any build.
set -u
source_dir="$(cd "$(dirname "$0")/../.." && pwd)"
. "$(dirname "$0")/common.sh"
exchange=$(helper exchange_capture) || exit 99
"$exchange" whole.pcap || exit 99

# --- 1. prefixes and names used literally ------------------------------------------------------
mkdir out
for prefix in 'out/$(touch pwned-dollar)' 'out/`touch pwned-backtick`' 'out/a;touch pwned-semicolon' \
    'out/with space' 'out/star*' 'out/$HOME' "out/quote'\"" 'out/new$(x)/sub;dir/p r*'; do
    run_rowtap prefix -r whole.pcap -s -l -w "$prefix" || continue
    check "prefix [$prefix]: exit status 0" [ "$status" -eq 0 ]
    check "prefix [$prefix]: the files carry it literally" \
        [ -f "${prefix}_flows.txt" ] && [ -f "${prefix}_packets.txt" ] && [ -f "${prefix}_headers.txt" ] \
        && [ -f "${prefix}_log.txt" ]
    check "prefix [$prefix]: the recorded command line shows it as given" \
        grep -q -F -x "# Command line: $rowtap -r whole.pcap -s -l -w $prefix" "${prefix}_headers.txt"
done
cp whole.pcap 'in $(touch pwned-input);`id`*.pcap'
run_rowtap input -r 'in $(touch pwned-input);`id`*.pcap' -s
check "an input name with shell syntax: its outputs beside it, named after it" \
    [ -f 'in $(touch pwned-input);`id`*_flows.txt' ] && [ -f 'in $(touch pwned-input);`id`*_packets.txt' ]
check "nothing was executed (no pwned-* file anywhere)" [ -z "$(find . -name 'pwned*')" ]
check "\$HOME was not expanded" [ ! -e "${HOME}_flows.txt" ] && [ -f 'out/$HOME_flows.txt' ]

# --- 2. secrets ----------------------------------------------------------------------------------
mkdir sinks
for sink in pgsql kafka; do
    define=$(echo "STAND_IN_$sink" | tr '[:lower:]' '[:upper:]')
    cc -shared -fPIC -Wall -Werror -I"$source_dir/src/rowtap" -I"$source_dir/schema" -D"$define" \
        "$source_dir/tests/reliability/stand_in_sink.c" -o "sinks/$sink.so" || exit 99
done
ROWTAP_SINK_PATH="$tmp/sinks"
STAND_IN_RECEIVED="$tmp/received.txt"
export ROWTAP_SINK_PATH STAND_IN_RECEIVED
sinks=txt,pgsql,kafka
"$rowtap" --list-options -o msgpack >/dev/null 2>&1 && sinks=$sinks,msgpack

# no_secret NAME: no file made by the run NAME (its folder, standard output and error) holds any
# of the secrets, which all contain "S3cret".
no_secret() {
    check "$1: no secret in any output, on standard output or standard error" \
        [ -z "$(grep -r -l -a -F 'S3cret' "$1" "$1.out" "$1.err" 2>/dev/null)" ]
}

# recorded NAME TEXT: the command line in NAME's _headers.txt contains TEXT.
recorded() {
    grep '^# Command line: ' "$1"/*_headers.txt | grep -q -F -e "$2"
}

run_rowtap plain -r whole.pcap -s -l -o "$sinks" -w plain/ \
    -X "pgsql.conninfo=host=db user=loader password=S3cret-1 dbname=flows" \
    -X kafka.sasl.password=S3cret-2 -Xkafka.sasl.oauthbearer.config=principal=S3cret-3 \
    -X kafka.bootstrap.servers=broker:9092
check "-X secrets: exit status 0" [ "$status" -eq 0 ]
no_secret plain
check "-X secrets: the recorded command line masks the conninfo password" \
    recorded plain "-X pgsql.conninfo=host=db user=loader password=**** dbname=flows"
check "-X secrets: ... kafka.sasl.password" recorded plain "-X kafka.sasl.password=****"
check "-X secrets: ... -Xkafka.sasl.oauthbearer.config" recorded plain "-Xkafka.sasl.oauthbearer.config=****"
check "-X secrets: ... and keeps what is no secret" recorded plain "-X kafka.bootstrap.servers=broker:9092"

run_rowtap uri -r whole.pcap -o txt,pgsql -w uri/ \
    -X "pgsql.conninfo=postgresql://loader:S3cret-4@db.example:5432/flows?sslmode=require"
check "a conninfo URI: exit status 0" [ "$status" -eq 0 ]
no_secret uri
check "a conninfo URI: the recorded command line masks user:password@" \
    recorded uri "-X pgsql.conninfo=postgresql://loader:****@db.example:5432/flows?sslmode=require"

cat >secrets.conf <<'CONF'
# credentials in a config file
pgsql.conninfo = host=db password='S3cret 5 with \' quote' user=loader
kafka.sasl.password = S3cret-6
kafka.sasl.oauthbearer.config = principal=S3cret-7
CONF
run_rowtap conf -r whole.pcap -s -l -o "$sinks" -w conf/ --config secrets.conf
check "--config secrets: exit status 0" [ "$status" -eq 0 ]
no_secret conf
check "--config secrets: the command line names the file" recorded conf "--config secrets.conf"

check "the sinks received every secret unchanged" \
    [ "$(grep -c -F -e 'pgsql.conninfo=host=db user=loader password=S3cret-1 dbname=flows' \
        -e 'kafka.sasl.password=S3cret-2' -e 'kafka.sasl.oauthbearer.config=principal=S3cret-3' \
        -e 'pgsql.conninfo=postgresql://loader:S3cret-4@db.example:5432/flows?sslmode=require' \
        -e "pgsql.conninfo=host=db password='S3cret 5 with \\' quote' user=loader" \
        -e 'kafka.sasl.password=S3cret-6' -e 'kafka.sasl.oauthbearer.config=principal=S3cret-7' \
        received.txt)" -eq 7 ]

# Option errors that show the option: the secret stays masked.
printf 'pgsql.conninfo password=S3cret-8\n' >spaced.conf
run_rowtap spaced -r whole.pcap -o pgsql --config spaced.conf
check "a config line with a space in its key: exit status 2, the secret masked" \
    [ "$status" -eq 2 ] && grep -q -F "spaced.conf:1: 'pgsql.conninfo password=****' has no valid key" spaced.err
no_secret spaced
run_rowtap nokey -r whole.pcap -o pgsql -X postgresql://loader:S3cret-9@db/flows
check "-X without a key: exit status 2, the secret masked" \
    [ "$status" -eq 2 ] && grep -q -F "'postgresql://loader:****@db/flows' is not key=value" nokey.err
no_secret nokey

finish
