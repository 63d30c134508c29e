#!/usr/bin/python3
"""FastCGI worker: searches the records, or answers one record (PATH_INFO
/<id>); JSON.

Keeps one database connection for the life of the worker process.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "lib"))

import record_search  # noqa: E402
from fcgi_responder import WSGIServer  # noqa: E402

# Opened on the first request, not at start: a worker must come up (and
# answer 503) even while the database is down.
database = record_search.Database()


def _utf8(text):
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def app(environ, start_response):
    # WSGI hands the raw bytes over as latin-1; the query is UTF-8.
    query_string = _utf8(environ.get("QUERY_STRING", ""))
    path_info = _utf8(environ.get("PATH_INFO", ""))
    response = record_search.respond(path_info, query_string, database)
    start_response(response.status, [("Content-Type", response.content_type)])
    return [response.body]


if __name__ == "__main__":
    try:
        WSGIServer(app).run()
    finally:
        database.close()
