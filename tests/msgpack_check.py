#!/usr/bin/python3
"""msgpack_check.py - an independent reader of rowtap's msgpack stream files (schema/msgpack.md),
written with Debian's python3-msgpack, that checks a file against the classic text file of the
same rows (../shared/spec/T2-COMPAT.md section 2).

Usage: msgpack_check.py FILE.msgpack FILE.txt [FILE.msgpack FILE.txt ...]

For each pair: the header is a map naming the format, version 1, the stream and the columns; the
text file's '%' line lists the same column names; both hold the same number of rows; every value
has the msgpack type its column type demands (timestamps are msgpack Timestamps, addresses 4- or
16-byte bin, ...) and, rendered to text by the rules of T2-COMPAT section 2 implemented here,
equals the field of the text file. IPv6 addresses are compared as addresses (the text form may
compress differently). Exit status 0 when every pair matches, 1 otherwise (differences printed),
77 when python3-msgpack is not installed.
"""

import ipaddress
import sys

try:
    import msgpack
except ImportError:
    print("python3-msgpack is not installed: install it (Debian: apt-get install python3-msgpack)")
    sys.exit(77)

INT_RANGES = {
    "I8": (-2**7, 2**7 - 1), "I16": (-2**15, 2**15 - 1), "I32": (-2**31, 2**31 - 1), "I64": (-2**63, 2**63 - 1),
    "U8": (0, 2**8 - 1), "U16": (0, 2**16 - 1), "U32": (0, 2**32 - 1), "U64": (0, 2**64 - 1),
    "H8": (0, 2**8 - 1), "H16": (0, 2**16 - 1), "H32": (0, 2**32 - 1), "H64": (0, 2**64 - 1),
    "DUR": (-2**63, 2**63 - 1),
}
HEX_DIGITS = {"H8": 2, "H16": 4, "H32": 8, "H64": 16}
BYTE_LENGTHS = {"MAC": (6,), "IP4": (4,), "IP6": (16,), "IPX": (4, 16)}
SHORT_ESCAPES = {0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x0b: "\\v", 0x5c: "\\\\"}


class Mismatch(Exception):
    pass


def utf8_sequence(data, i):
    """Length of the well-formed UTF-8 sequence at data[i] (Unicode Table 3-7), 0 when none."""
    b = data[i]
    if b < 0x80:
        return 1
    if 0xc2 <= b <= 0xdf:
        n, lo, hi = 2, 0x80, 0xbf
    elif 0xe0 <= b <= 0xef:
        n, lo, hi = 3, 0xa0 if b == 0xe0 else 0x80, 0x9f if b == 0xed else 0xbf
    elif 0xf0 <= b <= 0xf4:
        n, lo, hi = 4, 0x90 if b == 0xf0 else 0x80, 0x8f if b == 0xf4 else 0xbf
    else:
        return 0
    if i + n > len(data) or not lo <= data[i + 1] <= hi:
        return 0
    if any(not 0x80 <= c <= 0xbf for c in data[i + 2:i + n]):
        return 0
    return n


def escape_string(data):
    """T2-COMPAT 2.5."""
    out, i = [], 0
    while i < len(data):
        b = data[i]
        if b in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[b])
        elif b == 0x22:
            out.append('\\"')
        elif b < 0x20 or b == 0x7f:
            out.append("\\u00%02x" % b)
        elif b >= 0x80:
            n = utf8_sequence(data, i)
            if n == 0:
                out.append(".")
            else:
                out.append(data[i:i + n].decode("utf-8"))
                i += n
                continue
        else:
            out.append(chr(b))
        i += 1
    return "".join(out)


def render_payload(data):
    """T2-COMPAT 2.6."""
    return "".join(SHORT_ESCAPES.get(b, chr(b) if 0x20 <= b <= 0x7e else ".") for b in data)


def render_seconds(ns, digits):
    """T2-COMPAT 2.7: seconds.fraction, '-' and the magnitude when negative."""
    sign, mag = ("-", -ns) if ns < 0 else ("", ns)
    frac = mag % 10**9
    if digits == 6:
        frac //= 1000
    return "%s%d.%0*d" % (sign, mag // 10**9, digits, frac)


def no_negative_zero(text):
    """'-0', '-0.000000' -> the same without the sign (T2-COMPAT 2.2: a negative zero prints as 0)."""
    return text[1:] if text.startswith("-") and set(text[1:]) <= set("0.") else text


def as_bytes(value):
    return value.encode("utf-8", "surrogateescape")


def render_value(kind, value, field, ctx):
    """Checks one value's msgpack type and returns its text; `field` is only used for IPv6."""
    def want(ok, what):
        if not ok:
            raise Mismatch("%s: expected %s, found %r" % (kind, what, value))
    if kind in INT_RANGES:
        lo, hi = INT_RANGES[kind]
        want(isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi, "an integer in range")
        if kind in HEX_DIGITS:
            return "0x%0*x" % (HEX_DIGITS[kind], value)
        if kind == "DUR":
            return render_seconds(value, ctx["digits"])
        return str(value)
    if kind in ("F", "D"):
        want(isinstance(value, float), "a float")
        return no_negative_zero(("%.7g" if kind == "F" else "%f") % value)
    if kind == "C":
        want(isinstance(value, str) and len(as_bytes(value)) == 1, "a str of length 1")
        return value
    if kind in ("S", "SC"):
        want(isinstance(value, str), "a str")
        text = escape_string(as_bytes(value))
        return '"%s"' % text if kind == "S" and ctx["quote"] else text
    if kind == "TS":
        want(isinstance(value, msgpack.Timestamp), "a msgpack Timestamp")
        return render_seconds(value.seconds * 10**9 + value.nanoseconds, ctx["digits"])
    if kind == "BIN":
        want(isinstance(value, bytes), "bin")
        return render_payload(value)
    if kind in BYTE_LENGTHS:
        if kind == "IPX" and value is None:
            return "-"
        want(isinstance(value, bytes) and len(value) in BYTE_LENGTHS[kind], "bin of length %s" % (BYTE_LENGTHS[kind],))
        if kind == "MAC":
            return ":".join("%02x" % b for b in value)
        if len(value) == 4:
            return str(ipaddress.IPv4Address(value))
        try:
            if ipaddress.IPv6Address(field).packed == value:
                return field
        except ValueError:
            pass
        return str(ipaddress.IPv6Address(value))
    raise Mismatch("unknown type %r" % kind)


def render_element(column, value, field, ctx, render=render_value):
    if column["type"] != "COMPOUND":
        return render(column["type"], value, field, ctx)
    parts = column["parts"]
    if not isinstance(value, list) or len(value) != len(parts):
        raise Mismatch("expected a compound of %d parts, found %r" % (len(parts), value))
    fields = field.split("_")
    return "_".join(render(p, v, fields[i] if i < len(fields) else "", ctx)
                    for i, (p, v) in enumerate(zip(parts, value)))


def render_column(column, value, field, ctx, render=render_value):
    """The text of a column's value; `render` renders one value (the msgpack rules by default,
    tests/kafka/kafka_check.py passes its JSON rules)."""
    if value is None and not (column["type"] == "IPX" and not column["repeated"] and ctx["stream"] == "flows"):
        return ""
    if not column["repeated"]:
        return render_element(column, value, field, ctx, render)
    if not isinstance(value, list):
        raise Mismatch("expected the array of a repeated column, found %r" % (value,))
    fields = field.split(";")
    return ";".join(render_element(column, v, fields[i] if i < len(fields) else "", ctx, render)
                    for i, v in enumerate(value))


def check_pair(msgpack_path, text_path):
    """Returns a list of problems."""
    with open(msgpack_path, "rb") as f:
        unpacker = msgpack.Unpacker(f, raw=False, unicode_errors="surrogateescape", strict_map_key=False,
                                    max_buffer_size=1 << 30)
        objects = iter(unpacker)
        try:
            header = next(objects)
        except StopIteration:
            return ["%s: no header" % msgpack_path]
        if not isinstance(header, dict) or header.get("format") != "rowtap-msgpack" or header.get("version") != 1:
            return ["%s: the first object is not a version 1 rowtap-msgpack header" % msgpack_path]
        columns = header["columns"]
        ctx = {"stream": header["stream"], "quote": header["stream"] == "flows",
               "digits": {"us": 6, "ns": 9}[header["time_precision"]]}
        with open(text_path, "rb") as t:
            lines = t.read().decode("utf-8", "surrogateescape").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        names = [c["name"] for c in columns]
        if not lines or lines[0] != "%" + "\t".join(names):
            return ["%s: the column names %s differ from the '%%' line of %s" % (msgpack_path, names, text_path)]
        problems, count = [], 0
        for count, row in enumerate(objects, 1):
            if count >= len(lines):
                problems.append("%s: more rows than %s" % (msgpack_path, text_path))
                break
            fields = lines[count].split("\t")
            if not isinstance(row, list) or len(row) != len(columns) or len(fields) != len(columns):
                problems.append("%s row %d: %d values, %d columns, %d text fields"
                                % (msgpack_path, count, len(row), len(columns), len(fields)))
                continue
            for column, value, field in zip(columns, row, fields):
                try:
                    text = render_column(column, value, field, ctx)
                    if text != field:
                        raise Mismatch("renders as %r" % text)
                except Mismatch as e:
                    problems.append("%s row %d column %s: text %r: %s" % (msgpack_path, count, column["name"], field, e))
            if len(problems) > 20:
                break
        if not problems and count != len(lines) - 1:
            problems.append("%s: %d rows, %s: %d rows" % (msgpack_path, count, text_path, len(lines) - 1))
        return problems


def main(args):
    if len(args) < 2 or len(args) % 2:
        print(__doc__)
        return 2
    failed = False
    for i in range(0, len(args), 2):
        problems = check_pair(args[i], args[i + 1])
        for p in problems:
            print(p)
        failed = failed or bool(problems)
        if not problems:
            print("ok: %s matches %s" % (args[i], args[i + 1]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
