#!/usr/bin/python3
"""Reads the request body as it arrives, of any size, and answers its length and SHA-256.

Try it: curl --data-binary @big.iso 'http://127.0.0.1:8080/procgate/cgi-bin/upload.py'
"""
import hashlib
import json
import os
import sys

digest = hashlib.sha256()
length = 0
stdin = sys.stdin.buffer
while True:
    block = stdin.read(64 * 1024)
    if not block:
        break
    digest.update(block)
    length += len(block)

sys.stdout.write("Content-Type: application/json\r\n\r\n")
sys.stdout.write(json.dumps({"bytes": length, "sha256": digest.hexdigest(),
                             "contentType": os.environ.get("CONTENT_TYPE", ""),
                             "contentLength": os.environ.get("CONTENT_LENGTH", "")}) + "\n")
