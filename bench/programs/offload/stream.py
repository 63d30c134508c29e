#!/usr/bin/python3
"""Sends the file its query names (big.bin by default, under $FILES) itself, 64 KB at a time."""
import os
import shutil
import sys

name = os.path.basename(os.environ.get("QUERY_STRING") or "big.bin")
with open(os.path.join(os.environ["FILES"], name), "rb") as source:
    out = sys.stdout.buffer
    out.write(b"Content-Type: application/octet-stream\r\n"
              b'Content-Disposition: attachment; filename="%s"\r\n'
              b"Content-Length: %d\r\n\r\n" % (name.encode(), os.fstat(source.fileno()).st_size))
    shutil.copyfileobj(source, out, 64 * 1024)
