#!/usr/bin/python3
"""WSGI app for the responder tests: its QUERY_STRING says what to do."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "lib"))

from fcgi_responder import WSGIServer  # noqa: E402


def app(environ, start_response):
    action = environ.get("QUERY_STRING", "")
    if action == "fail":
        raise RuntimeError("failing on purpose")
    if action == "fail-late":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return _fail_after_first_chunk()
    if action == "errors":
        environ["wsgi.errors"].write("a line for the error log\n")
    if action.startswith("size="):
        size = int(action[5:])
        block = bytes(range(256)) * 256
        chunks = [block] * (size // len(block)) + [block[:size % len(block)]]
        start_response("200 OK", [("Content-Type", "application/octet-stream"),
                                  ("Content-Length", str(size))])
        return chunks
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "application/octet-stream"),
                              ("Content-Length", str(len(body)))])
    return [body]


def _fail_after_first_chunk():
    yield b"partial"
    raise RuntimeError("failing after the headers")


if __name__ == "__main__":
    WSGIServer(app).run()
