#!/usr/bin/env python3
"""sql_examples_oracle.py - what the queries of doc/examples/*.sql must return, computed from the
flow file (_flows.txt) of the same run instead of the database: the same selection, grouping and
order, printed as `psql -A -t -F '|'` prints it.

Usage: sql_examples_oracle.py FLOWS.txt QUERY SENSOR_ID    (QUERY: top-talkers, zero-window,
flows-per-country)
"""
import ipaddress
import sys


def rows(path):
    lines = open(path, encoding="utf-8", errors="surrogateescape").read().split("\n")[:-1]
    names = lines[0][1:].split("\t")
    return [dict(zip(names, line.split("\t"))) for line in lines[1:]]


def inet_key(text):
    """PostgreSQL's inet order: IPv4 before IPv6, then by address."""
    address = ipaddress.ip_address(text)
    return (address.version, address.packed)


def top_talkers(flows, sensor):
    talkers = {}
    for r in flows:
        if r["srcIP"] == "-":
            continue
        t = talkers.setdefault(r["srcIP"], [0, 0, 0])
        t[0] += 1
        t[1] += int(r["pktsSnt"])
        t[2] += int(r["l7BytesSnt"])
    order = sorted(talkers, key=lambda a: (-talkers[a][2], inet_key(a)))[:10]
    return [[str(ipaddress.ip_address(a))] + talkers[a] for a in order]


def zero_window(flows, sensor):
    hits = [r for r in flows if r["l4Proto"] == "6" and int(r["tcpWinStat"], 16) & 1]
    hits.sort(key=lambda r: (-int(r["tcpWinThCnt"]), int(r["flowInd"]), r["dir"]))
    return [[sensor, r["flowInd"], r["dir"], str(ipaddress.ip_address(r["srcIP"])), r["srcPort"],
             str(ipaddress.ip_address(r["dstIP"])), r["dstPort"], r["tcpWinThCnt"]] for r in hits]


def flows_per_country(flows, sensor):
    countries = {}
    for r in flows:
        if r["dir"] != "A" or r["dstIP"] == "-":
            continue
        c = countries.setdefault(r["dstIPCC"], [0, 0, 0])
        c[0] += 1
        c[1] += int(r["pktsSnt"]) + int(r["pktsRcvd"])
        c[2] += int(r["l7BytesSnt"]) + int(r["l7BytesRcvd"])
    order = sorted(countries, key=lambda c: (-countries[c][0], c.encode()))
    return [[c] + countries[c] for c in order]


QUERIES = {"top-talkers": top_talkers, "zero-window": zero_window, "flows-per-country": flows_per_country}

if __name__ == "__main__":
    path, query, sensor = sys.argv[1:4]
    for row in QUERIES[query](rows(path), sensor):
        print("|".join(str(v) for v in row))
