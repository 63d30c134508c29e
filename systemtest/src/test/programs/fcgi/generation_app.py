#!/usr/bin/python3
"""FastCGI worker for the reload tests: answers every request with the GENERATION variable of
its pool's environment and its own process id, so a caller sees which definition served it."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", "..", "..", "..", "samples", "lib"))

from fcgi_responder import WSGIServer  # noqa: E402


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("%s %d\n" % (os.environ.get("GENERATION", ""), os.getpid())).encode()]


if __name__ == "__main__":
    WSGIServer(app).run()
