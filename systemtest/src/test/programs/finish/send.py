#!/usr/bin/python3
"""Hands a file to the server (X-Sendfile) after its own checks, and returns at once.

The tests choose the header's exact bytes: the value after "file=" passes as it is in the query,
undecoded, so that encoded escape attempts reach the server as they were written."""
import os
import sys

query = os.environ.get("QUERY_STRING", "")
name = query.split("file=", 1)[1] if "file=" in query else "report.bin"
sys.stdout.write("Content-Type: application/octet-stream\r\n"
                 'Content-Disposition: attachment; filename="report.bin"\r\n'
                 "Cache-Control: private, max-age=60\r\n"
                 "X-Sendfile: " + name + "\r\n\r\n")
