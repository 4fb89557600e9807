#!/usr/bin/python3
"""kafka_flows.py - the flow rows rowtap produced to Kafka (rowtap -o kafka), with Debian's
python3-confluent-kafka: one line per IP flow direction,

    SRC:PORT -> DST:PORT proto P, N packets, B bytes

Every message is one row that decodes on its own: a JSON object, or a msgpack map (needs
python3-msgpack) whose addresses are 4- or 16-byte binaries.

    python3 kafka_flows.py BROKERS [TOPIC] [--until-idle SECONDS]

TOPIC is the Kafka sink's flow topic (default flows). Without --until-idle it follows the topic
until interrupted; with it, it stops after that many seconds without a message.
"""
import ipaddress
import json
import os
import sys

from confluent_kafka import Consumer


def decode(value):
    """One row: a dict of column name -> value."""
    if value[:1] == b"{":
        return json.loads(value)
    import msgpack
    return msgpack.unpackb(value, raw=False, unicode_errors="surrogateescape")


def address(value):
    """A msgpack address (4 or 16 bytes) as rowtap writes it (IPv4-mapped IPv6 as ::ffff:a.b.c.d)."""
    if not isinstance(value, (bytes, bytearray)):
        return value
    ip = ipaddress.ip_address(bytes(value))
    return "::ffff:%s" % ip.ipv4_mapped if ip.version == 6 and ip.ipv4_mapped else str(ip)


def main(argv):
    until_idle = None
    if "--until-idle" in argv:
        i = argv.index("--until-idle")
        until_idle = float(argv[i + 1])
        del argv[i:i + 2]
    if not 1 <= len(argv) <= 2:
        sys.exit("usage: kafka_flows.py BROKERS [TOPIC] [--until-idle SECONDS]")
    brokers, topic = argv[0], argv[1] if len(argv) > 1 else "flows"
    # A group of its own that commits nothing: every run reads the topic from the beginning.
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": "rowtap-kafka-flows-%d" % os.getpid(),
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    idle = 0.0
    try:
        while until_idle is None or idle < until_idle:
            message = consumer.poll(1.0)
            if message is None:
                idle += 1.0
                continue
            idle = 0.0
            if message.error():
                print("kafka_flows.py: %s" % message.error(), file=sys.stderr)
                continue
            row = decode(message.value())
            if row.get("srcIP") is None:
                continue
            print("%s:%s -> %s:%s proto %s, %s packets, %s bytes" % (
                address(row["srcIP"]), row["srcPort"], address(row["dstIP"]), row["dstPort"], row["l4Proto"],
                row["pktsSnt"], row["l7BytesSnt"]), flush=True)
    finally:
        consumer.close()


if __name__ == "__main__":
    main(sys.argv[1:])
