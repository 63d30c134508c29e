#!/usr/bin/python3
"""CGI script: searches the records, or answers one record; JSON.

GET /cgi-bin/search.py?q=ann&match=prefix&country=DE&limit=20
GET /cgi-bin/search.py/42
"""

import os
import sys
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "lib"))

import record_search  # noqa: E402


def main():
    # Bytes, then UTF-8: os.environ would smuggle undecodable bytes in as
    # surrogates, which cannot be written out as JSON.
    query_string = os.environb.get(b"QUERY_STRING", b"").decode("utf-8", "replace")
    path_info = os.environb.get(b"PATH_INFO", b"").decode("utf-8", "replace")
    db = record_search.Database()
    try:
        response = record_search.respond(path_info, query_string, db)
    except Exception:
        traceback.print_exc()
        response = record_search.problem(500, "Internal Server Error", "the search failed")
    finally:
        db.close()

    head = ""
    if response.status != "200 OK":
        head += "Status: %s\r\n" % response.status
    head += "Content-Type: %s\r\n\r\n" % response.content_type
    out = sys.stdout.buffer
    out.write(head.encode("latin-1") + response.body)
    out.flush()


if __name__ == "__main__":
    main()
