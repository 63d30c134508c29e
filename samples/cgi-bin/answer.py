#!/usr/bin/python3
"""Answers with the status, Location and body its query names: a way to see that a program's own
answer reaches the client unchanged, whatever its status.

Query: status (e.g. 500), location (sent as written, relative or not), body (text), and bytes:
that many more bytes of body, written 64 KB at a time (past the pool's maxResponseBytes, 100 MB
in the demo pools, the answer is cut off: the client sees an incomplete response, never a short
complete one).
Try it: curl -i 'http://127.0.0.1:8080/procgate/cgi-bin/answer.py?status=302&location=next.php%3Fa%3D1'
"""
import os
import sys
from urllib.parse import parse_qs

query = parse_qs(os.environ.get("QUERY_STRING", ""))
status = query.get("status", ["200"])[0]
if not (len(status) == 3 and status.isdigit()):
    status = "400"
head = ["Status: %s" % status, "Content-Type: text/plain"]
location = query.get("location", [""])[0]
if location and "\r" not in location and "\n" not in location:
    head.append("Location: " + location)
sys.stdout.write("\r\n".join(head) + "\r\n\r\n" + query.get("body", [""])[0])
try:
    extra = int(query.get("bytes", ["0"])[0])
except ValueError:
    extra = 0
block = b"x" * 65536
sys.stdout.flush()
while extra > 0:
    sys.stdout.buffer.write(block[:min(extra, len(block))])
    extra -= len(block)
sys.stdout.flush()
