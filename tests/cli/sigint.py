#!/usr/bin/env python3
"""tests/cli/sigint.py - Ctrl-C during a scripted query.

    sigint.py CASEGRAPH GRAPH QUERY [DELAY [LIMIT]]

Runs `stats` then QUERY on GRAPH, sends SIGINT DELAY seconds (default 0.7)
into QUERY, and prints rc= (the exit status), fast= (1 if it stopped within
LIMIT seconds, default 1) and err= (its standard error); TIMEOUT if it had
not stopped after 60 s."""
import signal
import subprocess
import sys
import time

cg, big, query = sys.argv[1], sys.argv[2], sys.argv[3]
delay = float(sys.argv[4]) if len(sys.argv) > 4 else 0.7
limit = float(sys.argv[5]) if len(sys.argv) > 5 else 1.0
# `stats` first: its output (flushed after each query) says that loading is
# over and the query has started, however slow the build (sanitizers).
p = subprocess.Popen([cg, "-q", "-o", "tsv", "-e", "stats", "-e", query, big],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
p.stdout.readline()
time.sleep(delay)
t0 = time.time()
p.send_signal(signal.SIGINT)
try:
    out, err = p.communicate(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
    print("TIMEOUT")
    sys.exit(0)
print("rc=%d" % p.returncode)
print("fast=%d" % (time.time() - t0 < limit))
print("err=" + err.decode().strip())
