#!/usr/bin/python3
"""Hands the file its query names (big.bin by default) to the server with X-Sendfile and ends."""
import os
import sys

name = os.environ.get("QUERY_STRING") or "big.bin"
sys.stdout.write("Content-Type: application/octet-stream\r\n"
                 'Content-Disposition: attachment; filename="' + name + '"\r\n'
                 "X-Sendfile: " + name + "\r\n\r\n")
