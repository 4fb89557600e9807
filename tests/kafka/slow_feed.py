#!/usr/bin/env python3
"""slow_feed.py - test helper: copies a file to standard output spread evenly over a duration,
in small chunks, so that a program reading it from a pipe (rowtap -r -) runs that long.

Usage: slow_feed.py FILE SECONDS
"""
import sys
import time

TICK = 0.05


def main(path, seconds):
    with open(path, "rb") as f:
        data = f.read()
    ticks = max(1, int(seconds / TICK))
    chunk = max(1, -(-len(data) // ticks))
    start = time.monotonic()
    out = sys.stdout.buffer
    for i, pos in enumerate(range(0, len(data), chunk)):
        delay = start + i * TICK - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        try:
            out.write(data[pos:pos + chunk])
            out.flush()
        except BrokenPipeError:  # the reader stopped early (a test of a failing run)
            sys.stderr.close()
            return 0
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], float(sys.argv[2])))
