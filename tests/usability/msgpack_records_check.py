#!/usr/bin/python3
"""msgpack_records_check.py - the records of doc/examples/rowtap_msgpack.py against the text file
of the same rows: each Python value, written back in the text form of T2-COMPAT section 2, must
equal its field (strings that would need escaping are counted, not compared).

Usage: msgpack_records_check.py EXAMPLES_DIR FILE.msgpack FILE.txt [--pandas]
With --pandas the DataFrame is checked instead: its shape, its column names and dtypes, and the
sum of a byte column. Exit status 0 when everything matches, 1 otherwise.
"""
import datetime
import sys

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
ESCAPES = {0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x0b: "\\v", 0x5c: "\\\\"}
HEX = {"H8": 2, "H16": 4, "H32": 8, "H64": 16}


def seconds(delta):
    """A timedelta as "[-]seconds.micro" (6 digits)."""
    micro = delta.days * 86400 * 10**6 + delta.seconds * 10**6 + delta.microseconds
    sign = "-" if micro < 0 else ""
    return "%s%d.%06d" % (sign, abs(micro) // 10**6, abs(micro) % 10**6)


def payload(data):
    return "".join(ESCAPES.get(b, chr(b) if 0x20 <= b <= 0x7e else ".") for b in data)


def text(kind, value, stream):
    """The text form of one converted value of catalog type `kind`; None: not comparable."""
    if kind in HEX:
        return "0x%0*x" % (HEX[kind], value)
    if kind[0] in "IU" and kind[1:].isdigit():
        return str(value)
    if kind == "F":
        t = "%.7g" % value
        return "0" if t == "-0" else t
    if kind == "D":
        t = "%f" % value
        return "0.000000" if t == "-0.000000" else t
    if kind == "TS":
        return seconds(value - EPOCH)
    if kind == "DUR":
        return seconds(value)
    if kind in ("C", "MAC"):
        return value
    if kind in ("S", "SC"):
        if any(ord(c) < 0x20 or c in '\\"' or ord(c) > 0x7e for c in value):
            return None
        return '"%s"' % value if kind == "S" and stream == "flows" else value
    if kind in ("IP4", "IP6", "IPX"):
        return "-" if value is None else value
    if kind == "BIN":
        return payload(value)
    raise ValueError("unknown type " + kind)


def column_text(column, value, stream):
    if value is None and not (column["type"] == "IPX" and stream == "flows" and not column["repeated"]):
        return ""
    def one(v):
        if column["type"] == "COMPOUND":
            parts = [text(k, x, stream) for k, x in zip(column["parts"], v)]
            return None if None in parts else "_".join(parts)
        return text(column["type"], v, stream)
    if column["repeated"]:
        items = [one(v) for v in value]
        return None if None in items else ";".join(items)
    return one(value)


def check_records(example, path, txt):
    header, records = example.read_records(path)
    lines = open(txt, encoding="utf-8", errors="surrogateescape").read().split("\n")[:-1]
    names = lines[0][1:].split("\t")
    problems, compared, skipped = [], 0, 0
    if [c["name"] for c in header["columns"]] != names:
        problems.append("column names differ from the text file")
    if len(records) != len(lines) - 1:
        problems.append("%d records, %d text rows" % (len(records), len(lines) - 1))
    for record, line in zip(records, lines[1:]):
        if list(record) != names:
            problems.append("a record's keys are not the columns in order")
            break
        for column, field in zip(header["columns"], line.split("\t")):
            got = column_text(column, record[column["name"]], header["stream"])
            if got is None:
                skipped += 1
                continue
            compared += 1
            if got != field:
                problems.append("%s %s: record gives %r, the text file %r" % (header["stream"], column["name"], got, field))
    for p in problems[:20]:
        print("FAIL:", p)
    print("%s: %d values compared, %d strings with escapes left out, %d differences"
          % (path, compared, skipped, len(problems)))
    return not problems and compared > 0


def check_dataframe(example, path, txt):
    import pandas
    frame = example.read_dataframe(path)
    lines = open(txt, encoding="utf-8", errors="surrogateescape").read().split("\n")[:-1]
    names = lines[0][1:].split("\t")
    ok = list(frame.columns) == names and frame.shape == (len(lines) - 1, len(names))
    if "timeFirst" in names:
        ok = ok and str(frame["timeFirst"].dtype).startswith("datetime64")
        total = sum(int(l.split("\t")[names.index("l7BytesSnt")]) for l in lines[1:])
        ok = ok and int(frame["l7BytesSnt"].sum()) == total
    print("%s: DataFrame %s, %s" % (path, frame.shape, "as expected" if ok else "NOT as expected"))
    return ok


if __name__ == "__main__":
    sys.path.insert(0, sys.argv[1])
    import rowtap_msgpack
    check = check_dataframe if sys.argv[4:] == ["--pandas"] else check_records
    sys.exit(0 if check(rowtap_msgpack, sys.argv[2], sys.argv[3]) else 1)
