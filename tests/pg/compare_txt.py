#!/usr/bin/env python3
"""compare_txt.py — checks that the tables the pgsql sink loaded hold, value for value, the rows
of the txt sink's files of the same run (tests/pg/test_pgsql_pcaps.sh).

The txt files are rendered as ../shared/spec/T2-COMPAT.md §2 says; the tables as schema/pgsql.md
says. Each table value is rendered back into the text form (or, for floats, compared numerically
with T2-COMPAT §8.3's tolerance; for addresses, compared as addresses) and compared with the
field of the row with the same key: (flowInd, dir) for flows, pktNo for packets. The tables are
read with psql (server from the PG* environment) as one JSON object per row.

Usage: compare_txt.py PREFIX FLOW_TABLE [PACKET_TABLE]
       (PREFIX_headers.txt, PREFIX_flows.txt and, with a packet table, PREFIX_packets.txt)
Exit status 0 when everything matches; otherwise the differences are printed (at most 20).
"""
import datetime
import ipaddress
import json
import subprocess
import sys

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
MAX_REPORTED = 20


def read_headers(path):
    """Column (number, type code, name) lists of the flow and packet sections."""
    sections = {}
    current = None
    previous = ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# Col No."):
                current = "packets" if previous.startswith("# Packet columns") else "flows"
                sections[current] = []
            elif line.startswith("#"):
                if line.strip() == "#":
                    current = None
            elif current is not None and line:
                number, code, name = line.split("\t")[:3]
                sections[current].append((int(number), code, name))
            previous = line
    return sections


def read_txt(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    names = lines[0][1:].split("\t")
    rows = [line.split("\t") for line in lines[1:] if line != ""]
    return names, rows


def read_table(table):
    sql = "SET TimeZone = 'UTC'; SELECT to_jsonb(t)::text FROM %s t" % table
    out = subprocess.run(["psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                         stdout=subprocess.PIPE).stdout.decode("utf-8")
    return [json.loads(line) for line in out.split("\n") if line]


def column_types(table):
    sql = ("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '%s'::regclass "
           "AND attnum > 0 AND NOT attisdropped" % table.replace("'", "''"))
    out = subprocess.run(["psql", "-XAtq", "-F", "\t", "-c", sql], check=True,
                         stdout=subprocess.PIPE).stdout.decode("utf-8")
    return dict(line.split("\t") for line in out.split("\n") if line)


# ---- the text forms of T2-COMPAT §2 ----

ESCAPES = {0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x0b: "\\v", 0x5c: "\\\\", 0x22: '\\"'}
PAYLOAD_ESCAPES = {0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x0b: "\\v", 0x5c: "\\\\"}


def escape_string(text):
    """§2.5 for a string that is valid UTF-8 (the table holds '.' where the input was not)."""
    out = []
    for ch in text:
        code = ord(ch)
        if code in ESCAPES:
            out.append(ESCAPES[code])
        elif code < 0x20 or code == 0x7f:
            out.append("\\u%04x" % code)
        else:
            out.append(ch)
    return "".join(out)


def render_payload(hex_text):
    """§2.6 of a bytea value in hex form ("\\x...")."""
    data = bytes.fromhex(hex_text[2:])
    out = []
    for b in data:
        if b in PAYLOAD_ESCAPES:
            out.append(PAYLOAD_ESCAPES[b])
        elif 0x20 <= b <= 0x7e:
            out.append(chr(b))
        else:
            out.append(".")
    return "".join(out)


def hex_width(code):
    return {"H8": 2, "H16": 4, "H32": 8, "H64": 16}[code]


def micros_of_timestamp(text):
    return (datetime.datetime.fromisoformat(text) - EPOCH) // datetime.timedelta(microseconds=1)


def micros_of_interval(text):
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-")
    days = 0
    if "day" in text:
        count, _, text = text.partition(" day")
        days = int(count)
        text = text.split(" ", 1)[1] if " " in text else "00:00:00"
    hours, minutes, seconds = text.split(":")
    whole, _, frac = seconds.partition(".")
    us = ((days * 24 + int(hours)) * 60 + int(minutes)) * 60 + int(whole)
    return sign * (us * 1000000 + int((frac + "000000")[:6]))


def nanos_of_text(text):
    """A T2 time value ("[-]seconds.fraction") in nanoseconds."""
    sign = -1 if text.startswith("-") else 1
    whole, _, frac = text.lstrip("-").partition(".")
    return sign * (int(whole) * 1000000000 + int((frac + "000000000")[:9]))


class Mismatch(Exception):
    pass


def same_float(txt, value, relative):
    a, b = float(txt), float(value)
    scale = max(abs(a), abs(b))
    return abs(a - b) <= max(relative * scale, 1e-9)


def check_value(code, txt, value, pg_type, quote):
    """Compares one value of a (non-repeated) type code with its text field."""
    if code in ("F", "D"):
        if not same_float(txt, value, 1e-6 if code == "F" else 1e-9):
            raise Mismatch
        return
    if code in ("IP4", "IP6", "IPX"):
        if value is None:
            if txt not in ("-", ""):
                raise Mismatch
        elif ipaddress.ip_address(txt) != ipaddress.ip_address(value):
            raise Mismatch
        return
    if code == "U64.U32":
        ns = nanos_of_text(txt)
        if pg_type.startswith("timestamp"):
            if ns // 1000 != micros_of_timestamp(value):
                raise Mismatch
        elif pg_type.startswith("interval"):
            if int(ns / 1000) != micros_of_interval(value):
                raise Mismatch
        elif ns != value:
            raise Mismatch
        return
    if render(code, value, quote) != txt:
        raise Mismatch


def render(code, value, quote):
    """The text form of a non-float, non-address value."""
    if code.startswith("I") or code.startswith("U"):
        return str(value + (1 << 64) if code == "U64" and value < 0 else value)
    if code.startswith("H"):
        return "0x%0*x" % (hex_width(code), value + (1 << 64) if value < 0 else value)
    if code == "C":
        return value
    if code in ("S", "SC"):
        text = escape_string(value)
        return '"%s"' % text if quote and code == "S" else text
    if code == "MAC":
        return value
    if code == "BIN":
        return render_payload(value)
    raise ValueError("type %s" % code)


def split_code(code):
    repeated = code.endswith(":R")
    base = code[:-2] if repeated else code
    parts = base.split("_") if "_" in base and not base.startswith("(") else [base]
    return parts, repeated


def check_column(code, name, txt, record, types, stream):
    """Compares one column of a row with its text field."""
    parts, repeated = split_code(code)
    column = name.lower()
    names = [column] if len(parts) == 1 else ["%s_%d" % (column, k + 1) for k in range(len(parts))]
    values = [record[n] for n in names]
    quote = stream == "flows"
    if all(v is None for v in values) and (repeated or len(parts) > 1 or parts[0] not in ("IPX",)):
        if txt != "":
            raise Mismatch
        return
    if not repeated:
        fields = txt.split("_") if len(parts) > 1 else [txt]
        if len(fields) != len(parts):
            raise Mismatch
        for part, field, value, n in zip(parts, fields, values, names):
            check_value(part, field, value, types[n], quote)
        return
    count = len(values[0])
    if any(len(v) != count for v in values):
        raise Mismatch("parts of different lengths")
    if count == 0:
        if txt != "":
            raise Mismatch
        return
    if any(p in ("S", "SC") for p in parts):
        rendered = ";".join("_".join(render(p, values[k][r], quote) for k, p in enumerate(parts))
                            for r in range(count))
        if rendered != txt:
            raise Mismatch
        return
    repetitions = txt.split(";")
    if len(repetitions) != count:
        raise Mismatch
    for r, rep in enumerate(repetitions):
        fields = rep.split("_") if len(parts) > 1 else [rep]
        if len(fields) != len(parts):
            raise Mismatch
        for k, part in enumerate(parts):
            check_value(part, fields[k], values[k][r], types[names[k]].rstrip("[]"), quote)


def compare(stream, columns, txt_path, table):
    names, rows = read_txt(txt_path)
    expected = [c[2] for c in columns]
    if names != expected:
        return ["%s: the text file's columns %s differ from the dictionary's %s" % (stream, names, expected)]
    records = read_table(table)
    types = column_types(table)
    key = (lambda r: (int(r["flowind"]), r["dir"])) if stream == "flows" else (lambda r: int(r["pktno"]))
    text_key = ((lambda f: (int(f[names.index("flowInd")]), f[names.index("dir")])) if stream == "flows"
                else (lambda f: int(f[names.index("pktNo")])))
    by_key = {}
    for record in records:
        by_key.setdefault(key(record), []).append(record)
    problems = []
    if len(records) != len(rows):
        problems.append("%s: %d rows in the table, %d in %s" % (stream, len(records), len(rows), txt_path))
    for number, fields in enumerate(rows, start=2):
        matches = by_key.get(text_key(fields), [])
        if len(matches) != 1:
            problems.append("%s line %d: %d table rows have its key" % (stream, number, len(matches)))
            continue
        for (col, code, name), field in zip(columns, fields):
            try:
                check_column(code, name, field, matches[0], types, stream)
            except (Mismatch, ValueError, KeyError, TypeError) as e:
                value = [matches[0].get(n) for n in matches[0] if n == name.lower() or n.startswith(name.lower() + "_")]
                problems.append("%s line %d column %d %s (%s): text %r, table %r %s" %
                                (stream, number, col, name, code, field, value, e))
    return problems


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    prefix, flow_table = sys.argv[1], sys.argv[2]
    headers = read_headers(prefix + "_headers.txt")
    problems = compare("flows", headers["flows"], prefix + "_flows.txt", flow_table)
    if len(sys.argv) == 4:
        problems += compare("packets", headers["packets"], prefix + "_packets.txt", sys.argv[3])
    for p in problems[:MAX_REPORTED]:
        print(p)
    if len(problems) > MAX_REPORTED:
        print("... %d more differences" % (len(problems) - MAX_REPORTED))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
