#!/usr/bin/env python3
"""test_schema_export.py - `rowtap --schema=txt|json [-s] [-b plugins]` against what a real run writes.

- txt: the column rows (number, type code, name, description) of both sections equal those of the
  _headers.txt rowtap writes for the bundled sample with the same plugins; without -s only the flow
  section is printed.
- json: every stream's columns equal those rows too; a compound's code is its parts' codes joined
  by '_' (':R' when repeated), a plain column's code is its type's; every type entry equals its
  line of schema/types.def; the plugins are those of the _headers.txt comment block, in order; the
  schema hash is the one the msgpack sink writes into its files (when the msgpack sink is built);
  a column's owner is the plugin that adds it when loaded alone (-b P); core owns the rest.
- with -b basicFlow,tcpWin the packet columns are the names of the tutorial's Table 1
  (T2-COMPAT §7.5, tests/data/txt/tutorial_tables.txt).
- no input is read; an unknown format is a usage error (exit status 2).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BUILD = os.environ.get("top_builddir", ".")
SRC = os.environ.get("top_srcdir", ".")
ROWTAP = os.path.join(BUILD, "rowtap")
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL:", message)


def rowtap(*args, status=0):
    env = dict(os.environ)
    env.pop("ROWTAP_PLUGIN_PATH", None)
    p = subprocess.run([ROWTAP, *args], capture_output=True, text=True, env=env)
    check(p.returncode == status, "rowtap %s: exit status %d, expected %d: %s" % (" ".join(args), p.returncode,
                                                                                  status, p.stderr))
    return p.stdout


def sections(text):
    """{title: [(number, code, name, description)]} of a column dictionary, title 'Flow'/'Packet'."""
    out, title, rows = {}, None, None
    for line in text.split("\n"):
        m = re.match(r"# (Flow|Packet) columns \(", line)
        if m:
            title, rows = m.group(1), []
            out[title] = rows
        elif line.startswith("#") or not line:
            continue
        elif rows is not None:
            number, code, name, description = line.split("\t")
            rows.append((int(number), code, name, description))
    return out


def catalog():
    """The type catalog from schema/types.def: id -> its fields as strings (size as int)."""
    fields = ("code", "size", "storage", "text", "msgpack", "pgtype", "pgcopy", "description")
    types = {}
    for line in open(os.path.join(SRC, "schema", "types.def"), encoding="utf-8"):
        m = re.match(r'RT_TYPE\((\w+), (.*)\)\s*$', line)
        if m:
            values = re.findall(r'"((?:[^"\\]|\\.)*)"|(\d+)', m.group(2))
            values = [int(n) if n else s for s, n in values]
            types[m.group(1)] = dict(zip(fields, values))
    return types


def json_rows(stream):
    return [(c["number"], c["code"], c["name"], c["description"]) for c in stream["columns"]]


def main():
    if not os.access(ROWTAP, os.X_OK):
        print("SKIP: rowtap is not built")
        return 77
    tmp = tempfile.mkdtemp(prefix="rowtap-schema.")
    try:
        sinks = "txt,msgpack" if os.path.exists(os.path.join(BUILD, "sinks", ".libs", "msgpack.so")) else "txt"
        rowtap("-q", "-r", os.path.join(SRC, "data", "sample.pcap"), "-w", tmp + "/", "-s", "-o", sinks)
        headers_text = open(os.path.join(tmp, "sample_headers.txt"), encoding="utf-8").read()
        headers = sections(headers_text)
        check(set(headers) == {"Flow", "Packet"} and all(headers.values()), "a run's _headers.txt has two sections")

        txt = sections(rowtap("--schema=txt", "-s"))
        check(txt == headers, "--schema=txt -s: the column rows differ from _headers.txt")
        check(set(sections(rowtap("--schema=txt"))) == {"Flow"}, "--schema=txt without -s: the flow section only")

        doc = json.loads(rowtap("--schema=json", "-s"))
        streams = doc["streams"]
        check(list(streams) == ["flows", "packets"], "--schema=json -s: streams %s" % list(streams))
        check(json_rows(streams["flows"]) == headers["Flow"], "json: flow columns differ from _headers.txt")
        check(json_rows(streams["packets"]) == headers["Packet"], "json: packet columns differ from _headers.txt")
        check(list(json.loads(rowtap("--schema=json"))["streams"]) == ["flows"], "--schema=json without -s: flows only")

        types = catalog()
        check(len(types) >= 20, "types.def was not read (%d types)" % len(types))
        for key, stream in streams.items():
            for c in stream["columns"]:
                suffix = ":R" if c["repeated"] else ""
                if c["type"] == "compound":
                    code = "_".join(types[p["type"]]["code"] for p in c["parts"]) + suffix
                    names = [p["name"] for p in c["parts"]]
                    check("_".join(names) == c["name"], "json: %s parts are named %s" % (c["name"], names))
                else:
                    code = types[c["type"]]["code"] + suffix
                    check("parts" not in c, "json: plain column %s has parts" % c["name"])
                check(code == c["code"], "json: %s %s: code %s, the catalog gives %s" % (key, c["name"], c["code"], code))
        for type_id, entry in doc["types"].items():
            check(entry == types.get(type_id), "json: type %s differs from types.def: %s" % (type_id, entry))
        used = {p["type"] for s in streams.values() for c in s["columns"] for p in c.get("parts", [c])}
        check(set(doc["types"]) == used - {"compound"}, "json: the types listed are not those the columns use")

        loaded = re.findall(r"^#   \d+: (\w+), (\S+)$", headers_text, re.M)
        check([(p["name"], p["version"]) for p in doc["plugins"]] == loaded,
              "json: plugins %s, _headers.txt %s" % (doc["plugins"], loaded))
        check(doc["format"] == "rowtap-schema" and doc["format_version"] == 1, "json: format and version")

        if sinks != "txt":
            cat = subprocess.run([os.path.join(BUILD, "rowtap-cat"), "--schema",
                                  os.path.join(tmp, "sample_flows.msgpack")], capture_output=True, text=True).stdout
            m = re.search(r"^# Schema hash: ([0-9a-f]{16})$", cat, re.M)
            check(m and m.group(1) == streams["flows"]["hash"], "json: flows hash %s, msgpack file %s"
                  % (streams["flows"]["hash"], m and m.group(1)))
        else:
            print("note: the msgpack sink is not built: the hash is not compared with a msgpack file")
        for stream in streams.values():
            check(re.fullmatch(r"[0-9a-f]{16}", stream["hash"]) is not None, "json: hash %s" % stream["hash"])

        for name, _ in loaded:
            alone = json.loads(rowtap("--schema=json", "-s", "-b", name))["streams"]
            for key in ("flows", "packets"):
                own = [c["name"] for c in alone[key]["columns"] if c["owner"] != "core"]
                check(all(c["owner"] == name for c in alone[key]["columns"] if c["owner"] != "core"),
                      "json -b %s: columns of another owner" % name)
                full = [c["name"] for c in streams[key]["columns"] if c["owner"] == name]
                check(own == full, "json: %s columns owned by %s: %s, alone it adds %s" % (key, name, full, own))
            core = [c["name"] for c in alone["flows"]["columns"] if c["owner"] == "core"]
            check(core == ["dir", "flowInd"], "json -b %s: core flow columns %s" % (name, core))

        tables = open(os.path.join(SRC, "tests", "data", "txt", "tutorial_tables.txt"), encoding="utf-8").read()
        table1 = re.search(r"^%(pktNo.*)$", tables, re.M).group(1).split()
        tutorial = sections(rowtap("--schema=txt", "-s", "-b", "basicFlow,tcpWin"))["Packet"]
        check([r[2] for r in tutorial] == table1, "-b basicFlow,tcpWin: packet columns %s" % [r[2] for r in tutorial])

        rowtap("--schema=xml", status=2)
        rowtap("--schema=json", "-r", os.path.join(tmp, "no-such-capture.pcap"))
    finally:
        shutil.rmtree(tmp)
    if failures:
        print("%d failures" % len(failures))
        return 1
    print("PASS: --schema=txt and --schema=json agree with _headers.txt, types.def and the msgpack header")
    return 0


if __name__ == "__main__":
    sys.exit(main())
