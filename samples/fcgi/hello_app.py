#!/usr/bin/python3
"""FastCGI worker: answers "Hello, world" and nothing else.

The same answer as procgate's JAX-RS GET /api/hello, so that benchmarking
/fcgi/hello against /api/hello shows what the FastCGI connector costs.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "lib"))

from fcgi_responder import WSGIServer  # noqa: E402

GREETING = b"Hello, world\n"
HEADERS = [("Content-Type", "text/plain;charset=utf-8")]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [GREETING]


if __name__ == "__main__":
    WSGIServer(app).run()
