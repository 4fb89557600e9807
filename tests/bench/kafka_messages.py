#!/usr/bin/python3
"""kafka_messages.py - benchmark helper: turns the packet rows of a rowtap msgpack file
(rowtap -s -o msgpack) into the input of `kcat -P -K '\\t'`: one line per row holding the key
rowtap's Kafka sink gives the row ("<sensor>:<flowInd>"), a TAB, and a value of exactly the size of
the sink's value (the row as a msgpack map, schema/kafka.md). The value bytes are the sink's, except
that TAB and LF bytes inside them become VT (0x0b), since kcat splits its input on those; sizes and
content are otherwise unchanged, so the messages compress alike.

Usage: kafka_messages.py SENSOR FILE.msgpack OUT
Prints the number of messages and their total value bytes. Needs Debian's python3-msgpack.
"""
import sys

import msgpack


def main(sensor, path, out_path):
    count = size = 0
    with open(path, "rb") as f, open(out_path, "wb") as out:
        unpacker = msgpack.Unpacker(f, raw=False, unicode_errors="surrogateescape", strict_map_key=False,
                                    max_buffer_size=1 << 30)
        header = next(unpacker)
        names = [c["name"] for c in header["columns"]]
        flow = names.index("flowInd")
        packer = msgpack.Packer(use_bin_type=True, unicode_errors="surrogateescape")
        for row in unpacker:
            value = packer.pack(dict(zip(names, row)))
            size += len(value)
            count += 1
            out.write(b"%s:%d\t" % (sensor.encode(), row[flow]))
            out.write(value.replace(b"\n", b"\x0b").replace(b"\t", b"\x0b"))
            out.write(b"\n")
    print(count, size)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
