#!/usr/bin/python3
"""FastCGI worker: answers every request with its WSGI environment as an HTML table."""

import html
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "lib"))

# flup.server.fcgi.WSGIServer takes the same arguments, should you prefer it.
from fcgi_responder import WSGIServer  # noqa: E402


def app(environ, start_response):
    rows = "".join(
        "<tr><th>%s</th><td>%s</td></tr>\n" % (html.escape(str(name)), html.escape(str(value)))
        for name, value in sorted(environ.items(), key=lambda item: item[0])
    )
    body = "<h1>FastCGI Environment</h1>\n<table>\n%s</table>\n" % rows
    start_response("200 OK", [("Content-Type", "text/html")])
    # WSGI environ strings carry the request bytes as latin-1, so latin-1
    # gives them back unchanged; anything wider becomes a character reference.
    return [body.encode("latin-1", "xmlcharrefreplace")]


if __name__ == "__main__":
    WSGIServer(app).run()
