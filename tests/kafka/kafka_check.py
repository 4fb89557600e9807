#!/usr/bin/python3
"""kafka_check.py - checks the Kafka messages of one rowtap run against the classic text files of
the same run (schema/kafka.md; ../shared/spec/T2-COMPAT.md section 2), decoding the values with
independent libraries: Debian's python3-msgpack for msgpack values, Python's json for JSON values.

Usage: kafka_check.py [--partial] --format msgpack|json --sensor ID --dump FILE[,FILE...]
                      --schemas TOPIC STREAM=TOPIC:TXTFILE...

Each dump holds the messages read back from the cluster, either as written by tests/kafka/consume
("# topic partition low high" watermark lines, then one tab-separated line per message with hex
key, headers and value) or as kcat -J envelopes (one JSON object per line).

Checks:
- the schema topic holds, per stream, a message keyed by the schema hash whose value is the stream
  header (schema/msgpack.md section 2) with that hash, which is recomputed from the columns;
- every row message carries the headers stream, schema_hash and sensor_id, the key
  "<sensor>:<flowInd>", and a value holding exactly the columns of the header, in order, each of
  the type the column demands and, rendered by the text rules, equal to the text file's field;
- all messages of a key are in one partition, and for every flowInd the messages in offset order
  equal the text file's rows of that flowInd in file order (no row lost, duplicated or reordered).
  With --partial, the messages must be such rows in that order but rows may be missing; the
  number of missing rows is printed as "missing STREAM N".
- no partition lost messages to the mock cluster's size limit (low watermark 0).

Exit status 0 when everything matches, 1 otherwise (problems printed), 77 without python3-msgpack.
"""

import argparse
import calendar
import collections
import datetime
import ipaddress
import json
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import msgpack_check  # noqa: E402  (exits 77 without python3-msgpack)
from msgpack_check import Mismatch, no_negative_zero, render_payload, render_seconds, escape_string  # noqa: E402

import msgpack  # noqa: E402

Message = collections.namedtuple("Message", "topic partition offset key headers value")


def read_dump(path, problems):
    """Messages of a consume.c dump or of kcat -J output."""
    messages = []
    with open(path, "rb") as f:
        for line in f.read().decode("utf-8").splitlines():
            if not line:
                continue
            if line.startswith("# "):
                topic, partition, low, high = line[2:].split(" ")
                if int(low) != 0:
                    problems.append("%s [%s]: low watermark %s: the mock cluster dropped messages (5 MB limit)"
                                    % (topic, partition, low))
                continue
            if line.startswith("{"):
                env = json.loads(line)
                h = env.get("headers") or []
                headers = [(h[i], h[i + 1].encode("utf-8")) for i in range(0, len(h), 2)]
                key = env["key"].encode("utf-8") if env.get("key") is not None else None
                value = env["payload"].encode("utf-8") if env.get("payload") is not None else None
                messages.append(Message(env["topic"], env["partition"], env["offset"], key, headers, value))
                continue
            topic, partition, offset, key, headers, value = line.split("\t")
            hlist = []
            if headers != "-":
                for item in headers.split(","):
                    name, _, hexvalue = item.partition("=")
                    hlist.append((name, bytes.fromhex(hexvalue)))
            messages.append(Message(topic, int(partition), int(offset), None if key == "-" else bytes.fromhex(key),
                                    hlist, None if value == "-" else bytes.fromhex(value)))
    return messages


def schema_hash(columns):
    """schema/msgpack.md 2.2: FNV-1a 64 over name NUL code NUL of every column."""
    h = 0xcbf29ce484222325
    for c in columns:
        for b in c["name"].encode("utf-8") + b"\0" + c["code"].encode("utf-8") + b"\0":
            h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return "%016x" % h


def decode_value(fmt, data):
    """The message value as a list of (name, value) pairs in encoded order."""
    if fmt == "msgpack":
        obj = msgpack.unpackb(data, raw=False, unicode_errors="surrogateescape", strict_map_key=False,
                              object_pairs_hook=list)
        if not isinstance(obj, list):
            raise Mismatch("the value is not a msgpack map")
        return obj
    obj = json.loads(data.decode("utf-8"), object_pairs_hook=list, parse_float=str)
    if not isinstance(obj, list):
        raise Mismatch("the value is not a JSON object")
    return obj


def json_seconds(text, digits):
    """ISO 8601 'YYYY-MM-DDTHH:MM:SS.fffffffZ' -> nanoseconds since the epoch."""
    if not isinstance(text, str) or not text.endswith("Z") or "." not in text:
        raise Mismatch("expected an ISO 8601 UTC time, found %r" % (text,))
    whole, frac = text[:-1].split(".")
    if len(frac) != digits:
        raise Mismatch("expected %d fraction digits in %r" % (digits, text))
    sec = calendar.timegm(datetime.datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").timetuple())
    return sec * 10**9 + int(frac) * 10**(9 - digits)


def json_render_value(kind, value, field, ctx):
    """Checks a JSON value (schema/msgpack.md section 5) and returns its text form."""
    def want(ok, what):
        if not ok:
            raise Mismatch("%s: expected %s, found %r" % (kind, what, value))
    if kind in ("H8", "H16", "H32", "H64"):
        digits = msgpack_check.HEX_DIGITS[kind]
        want(isinstance(value, str) and len(value) == 2 + digits and value.startswith("0x"), "a 0x string")
        int(value, 16)
        return value
    if kind == "DUR":
        want(isinstance(value, str) and "." in value and len(value.split(".")[1]) == ctx["digits"],
             "seconds with %d fraction digits" % ctx["digits"])
        return value
    if kind in msgpack_check.INT_RANGES:
        lo, hi = msgpack_check.INT_RANGES[kind]
        want(isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi, "an integer in range")
        return str(value)
    if kind in ("F", "D"):
        want(isinstance(value, (str, int)) and not isinstance(value, bool), "a number")
        number = float(value)
        if kind == "F":
            number = struct.unpack("f", struct.pack("f", number))[0]
            return no_negative_zero("%.7g" % number)
        return no_negative_zero("%f" % number)
    if kind in ("C", "S", "SC"):
        want(isinstance(value, str), "a string")
        data = value.replace("\ufffd", "\udcff").encode("utf-8", "surrogateescape")
        if kind == "C":
            want(len(data) == 1, "one character")
            return value
        text = escape_string(data)
        return '"%s"' % text if kind == "S" and ctx["quote"] else text
    if kind == "TS":
        return render_seconds(json_seconds(value, ctx["digits"]), ctx["digits"])
    if kind == "BIN":
        want(isinstance(value, str), "a string")
        return render_payload(value.encode("latin-1"))
    if kind == "MAC":
        want(isinstance(value, str) and len(value) == 17, "a MAC address")
        return value
    if kind in ("IP4", "IP6", "IPX"):
        if kind == "IPX" and value is None:
            return "-"
        want(isinstance(value, str), "an address")
        address = ipaddress.ip_address(value)
        want(kind == "IPX" or address.version == int(kind[2]), "an IPv%s address" % kind[2])
        try:
            if ipaddress.ip_address(field) == address:
                return field
        except ValueError:
            pass
        return str(address)
    raise Mismatch("unknown type %r" % kind)


def header_value(message, name):
    values = [v for n, v in message.headers if n == name]
    return values[0].decode("utf-8") if len(values) == 1 else None


def check_schemas(messages, fmt, topic, problems):
    """The stream headers published to the schema topic, by stream."""
    headers = {}
    for m in messages:
        if m.topic != topic:
            continue
        try:
            pairs = decode_value(fmt, m.value)
        except (Mismatch, ValueError, msgpack.ExtraData) as e:
            problems.append("schema message %s [%d] @%d: %s" % (topic, m.partition, m.offset, e))
            continue
        header = dict(pairs)
        columns = [dict(c) for c in header.get("columns", [])]
        header["columns"] = columns
        h = schema_hash(columns)
        if header.get("schema_hash") != h or (m.key or b"").decode() != h:
            problems.append("schema message of %s: key %r, schema_hash %r, columns hash to %s"
                            % (header.get("stream"), m.key, header.get("schema_hash"), h))
        if header_value(m, "stream") != header.get("stream") or header_value(m, "schema_hash") != h:
            problems.append("schema message of %s: headers %r" % (header.get("stream"), m.headers))
        headers[header.get("stream")] = header
    return headers


def check_stream(messages, fmt, sensor, stream, topic, txt_path, header, partial, problems):
    first_problem = len(problems)
    columns = header["columns"]
    names = [c["name"] for c in columns]
    ctx = {"stream": stream, "quote": stream == "flows", "digits": {"us": 6, "ns": 9}[header["time_precision"]]}
    with open(txt_path, "rb") as t:
        lines = t.read().decode("utf-8", "surrogateescape").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != "%" + "\t".join(names):
        problems.append("%s: the schema's columns %s differ from the '%%' line of %s" % (stream, names, txt_path))
        return
    flow_col = names.index("flowInd")
    expected = collections.defaultdict(list)
    for line in lines[1:]:
        fields = line.split("\t")
        expected[fields[flow_col]].append(fields)
    render_value = msgpack_check.render_value if fmt == "msgpack" else json_render_value
    got = collections.defaultdict(list)
    partitions = collections.defaultdict(set)
    rows = sorted((m for m in messages if m.topic == topic), key=lambda m: (m.partition, m.offset))
    for m in rows:
        where = "%s [%d] @%d" % (topic, m.partition, m.offset)
        if (header_value(m, "stream"), header_value(m, "schema_hash"), header_value(m, "sensor_id")) != \
                (stream, header["schema_hash"], str(sensor)):
            problems.append("%s: headers %r" % (where, m.headers))
        try:
            pairs = decode_value(fmt, m.value)
        except (Mismatch, ValueError, msgpack.ExtraData) as e:
            problems.append("%s: %s" % (where, e))
            continue
        if [p[0] for p in pairs] != names:
            problems.append("%s: keys %s, columns %s" % (where, [p[0] for p in pairs], names))
            continue
        flow = str(pairs[flow_col][1])
        if m.key != ("%s:%s" % (sensor, flow)).encode():
            problems.append("%s: key %r for flowInd %s" % (where, m.key, flow))
        partitions[m.key].add(m.partition)
        exp = expected.get(flow, [])
        index = len(got[flow])
        fields = []
        for i, (column, (_, value)) in enumerate(zip(columns, pairs)):
            field = exp[index][i] if index < len(exp) else ""
            try:
                fields.append(msgpack_check.render_column(column, value, field, ctx, render_value))
            except (Mismatch, ValueError) as e:
                problems.append("%s column %s: %s" % (where, column["name"], e))
                fields.append(None)
        got[flow].append(fields)
        if len(problems) > 20:
            return
    for key, parts in partitions.items():
        if len(parts) != 1:
            problems.append("%s: key %r in partitions %s" % (topic, key, sorted(parts)))
    missing = 0
    for flow in set(expected) | set(got):
        exp, have = expected.get(flow, []), got.get(flow, [])
        if not partial:
            if exp != have:
                problems.append("%s flowInd %s: %d rows in the text file, %d messages%s"
                                % (stream, flow, len(exp), len(have), "" if len(exp) != len(have) else
                                   ", first difference: %s" % (next((e, h) for e, h in zip(exp, have) if e != h),)))
            continue
        i = 0
        for row in have:  # the messages must be a subsequence of the rows
            while i < len(exp) and exp[i] != row:
                i += 1
            if i == len(exp):
                problems.append("%s flowInd %s: a message is not a row of the text file or out of order: %s"
                                % (stream, flow, row))
                break
            i += 1
        missing += len(exp) - len(have)
    if partial:
        print("missing %s %d" % (stream, missing))
    print("ok: %s: %d messages in %d partitions checked against %d rows of %s"
          % (stream, len(rows), len({m.partition for m in rows}), len(lines) - 1, os.path.basename(txt_path))
          if len(problems) == first_problem else "%s: problems found" % stream)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--partial", action="store_true")
    ap.add_argument("--format", choices=("msgpack", "json"), required=True)
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--schemas", required=True)
    ap.add_argument("streams", nargs="+", help="STREAM=TOPIC:TXTFILE")
    args = ap.parse_args()
    problems = []
    messages = []
    for path in args.dump.split(","):
        messages += read_dump(path, problems)
    headers = check_schemas(messages, args.format, args.schemas, problems)
    for spec in args.streams:
        stream, _, rest = spec.partition("=")
        topic, _, txt = rest.partition(":")
        if stream not in headers:
            problems.append("no schema message for stream %s in topic %s" % (stream, args.schemas))
            continue
        check_stream(messages, args.format, args.sensor, stream, topic, txt, headers[stream], args.partial, problems)
    for p in problems[:30]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
