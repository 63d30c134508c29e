#!/usr/bin/python3
"""Server-sent events from a CGI script: the time, once a second, each event sent as written.

Query: n (events, default 10, at most 3600) and interval_ms (default 1000, at least 10).
Try it: curl -N 'http://127.0.0.1:8080/procgate/cgi-bin/clock.py?n=5'
"""
import os
import sys
import time
from urllib.parse import parse_qs


def number(query, name, default, low, high):
    try:
        return min(max(int(query.get(name, [default])[0]), low), high)
    except ValueError:
        return default


query = parse_qs(os.environ.get("QUERY_STRING", ""))
count = number(query, "n", 10, 1, 3600)
interval = number(query, "interval_ms", 1000, 10, 60000) / 1000

out = sys.stdout
# X-Accel-Buffering: no, as for nginx: every event goes straight to the client, never via a buffer
out.write("Content-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\n\r\n")
out.flush()
for i in range(count):
    out.write("id: %d\ndata: %s\n\n" % (i, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))
    out.flush()
    if i + 1 < count:
        time.sleep(interval)
