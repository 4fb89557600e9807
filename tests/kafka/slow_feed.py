#!/usr/bin/env python3
"""slow_feed.py - test helper: copies a file to standard output spread evenly over a duration,
in small chunks, so that a program reading it from a pipe (rowtap -r -) runs that long; with
--pause AT:SECONDS the copy stops for SECONDS once AT seconds have passed (the reader then has
nothing to do: everything it wrote so far can be acknowledged).

Usage: slow_feed.py [--pause AT:SECONDS] FILE SECONDS
"""
import sys
import time

TICK = 0.05


def main(path, seconds, pause_at, pause):
    with open(path, "rb") as f:
        data = f.read()
    ticks = max(1, int(seconds / TICK))
    chunk = max(1, -(-len(data) // ticks))
    start = time.monotonic()
    out = sys.stdout.buffer
    for i, pos in enumerate(range(0, len(data), chunk)):
        due = i * TICK + (pause if pause and i * TICK >= pause_at else 0)
        delay = start + due - time.monotonic()
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
    args = sys.argv[1:]
    pause_at = pause = 0.0
    if len(args) == 4 and args[0] == "--pause":
        pause_at, pause = (float(x) for x in args[1].split(":"))
        args = args[2:]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(args[0], float(args[1]), pause_at, pause))
