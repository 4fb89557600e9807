#!/usr/bin/python3
"""rowtap_msgpack.py - rowtap's msgpack files (rowtap -o msgpack) as Python records and as a pandas
DataFrame, without rowtap: python3-msgpack only (Debian: apt-get install python3-msgpack), and
python3-pandas for the DataFrame. The format is schema/msgpack.md.

    python3 rowtap_msgpack.py out/trace_flows.msgpack            # the first records
    python3 rowtap_msgpack.py --pandas out/trace_flows.msgpack   # a DataFrame summary

In a program or a notebook:

    from rowtap_msgpack import read_records, read_dataframe
    header, records = read_records("out/trace_flows.msgpack")   # list of dicts, column order
    flows = read_dataframe("out/trace_flows.msgpack")          # pandas.DataFrame
    flows[flows.l4Proto == 6].groupby("srcIP").l7BytesSnt.sum().nlargest(10)

Values: integers and bit fields as int, F/D as float, C/S/SC as str, timestamps (TS) as aware
datetime in UTC, durations (DUR) as timedelta (both cut to the microsecond), MAC and IP addresses as
their text, raw bytes (BIN) as bytes, repeated columns as lists, compound columns as tuples, absent
values and "no address" as None.
"""
import datetime
import ipaddress
import sys

import msgpack


def _mac(value):
    return ":".join("%02x" % b for b in value)


def _address(value):
    """4 or 16 bytes as rowtap writes the address (IPv4-mapped IPv6 as ::ffff:a.b.c.d)."""
    if value is None:
        return None
    ip = ipaddress.ip_address(bytes(value))
    return "::ffff:%s" % ip.ipv4_mapped if ip.version == 6 and ip.ipv4_mapped else str(ip)


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _timestamp(value):
    """A msgpack Timestamp as a datetime, nanoseconds cut to microseconds (as the text files do)."""
    return _EPOCH + datetime.timedelta(seconds=value.seconds, microseconds=value.nanoseconds // 1000)


def _duration(value):
    return datetime.timedelta(microseconds=value // 1000 if value >= 0 else -(-value // 1000))


_CONVERT = {
    "TS": _timestamp,
    "DUR": _duration,
    "MAC": _mac,
    "IP4": _address,
    "IP6": _address,
    "IPX": _address,
    "BIN": bytes,
}


def _converter(column):
    """A function from the msgpack element of `column` (a header entry) to its Python value."""
    if column["type"] == "COMPOUND":
        parts = [_CONVERT.get(t, lambda v: v) for t in column["parts"]]
        one = lambda v: tuple(p(x) for p, x in zip(parts, v))
    else:
        one = _CONVERT.get(column["type"], lambda v: v)
    if column["repeated"]:
        return lambda v: None if v is None else [one(x) for x in v]
    if column["type"] == "IPX":
        return one
    return lambda v: None if v is None else one(v)


def read_records(path):
    """(header, records) of a rowtap msgpack file: the header map, and one dict per row with the
    column names as keys in column order."""
    with open(path, "rb") as f:
        unpacker = msgpack.Unpacker(f, raw=False, unicode_errors="surrogateescape", timestamp=0)
        header = next(unpacker)
        if header.get("format") != "rowtap-msgpack" or header.get("version") != 1:
            raise ValueError("%s is not a rowtap msgpack file of version 1" % path)
        names = [c["name"] for c in header["columns"]]
        convert = [_converter(c) for c in header["columns"]]
        records = [{n: c(v) for n, c, v in zip(names, convert, row)} for row in unpacker]
    return header, records


def read_dataframe(path):
    """The rows of a rowtap msgpack file as a pandas DataFrame (needs python3-pandas)."""
    import pandas
    header, records = read_records(path)
    return pandas.DataFrame.from_records(records, columns=[c["name"] for c in header["columns"]])


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--pandas":
        frame = read_dataframe(sys.argv[2])
        print(frame.dtypes.to_string())
        print(frame.head().to_string())
    elif len(sys.argv) == 2:
        header, records = read_records(sys.argv[1])
        print("%s: %d %s rows, schema %s" % (sys.argv[1], len(records), header["stream"], header["schema_hash"]))
        for record in records[:5]:
            print(record)
    else:
        sys.exit("usage: rowtap_msgpack.py [--pandas] FILE.msgpack")
