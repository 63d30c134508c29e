#!/usr/bin/python3
"""FastCGI worker for the streaming benchmark and the reliability run (bench/streaming-benchmark.sh,
bench/reliability-run.sh).

    GET .../download?n=N       N bytes from memory, as fast as the reader takes them, with
                               Content-Length; one block per write
    GET .../ticks?n=N&ms=M     N lines "<time.time_ns()>\\n", one every M ms, each written (flushed)
                               as it is made; the reader's latency is its clock minus the line's
    GET .../work?ms=M          "done\\n" after M ms: a worker busy for a known time, so a pool of
                               W workers serves W * 1000 / M requests a second
    POST .../upload            reads the whole body: "<bytes> <sha256>\\n"

The page is the last segment of the path (PATH_INFO behind procgate, SCRIPT_NAME behind nginx).
Runs on the project's responder: PYTHONPATH must hold samples/lib; listens where --bind says.
"""

import hashlib
import time
from urllib.parse import parse_qs

from fcgi_responder import WSGIServer

# The largest FastCGI record that needs no padding (65535 rounded down to a multiple of 8): each
# block leaves as one record in one write. 65536 would add a 1-byte record and a second write.
BLOCK = b"x" * 65528
MAX_BYTES = 1 << 34


def _int(query, name, default, low, high):
    try:
        value = int(query.get(name, [default])[0])
    except ValueError:
        return None
    return value if low <= value <= high else None


def _download(n):
    full, rest = divmod(n, len(BLOCK))
    for _ in range(full):
        yield BLOCK
    if rest:
        yield BLOCK[:rest]


def _ticks(n, ms):
    # fixed slots from the start, so a late line does not shift the ones after it
    start = time.monotonic()
    for i in range(n):
        if i:
            delay = start + i * ms / 1000.0 - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        yield b"%d\n" % time.time_ns()


def _bad(start_response, text):
    start_response("400 Bad Request", [("Content-Type", "text/plain;charset=utf-8")])
    return [text.encode() + b"\n"]


def _upload(environ):
    digest = hashlib.sha256()
    stream = environ["wsgi.input"]
    total = 0
    while True:
        block = stream.read(65536)
        if not block:
            return b"%d %s\n" % (total, digest.hexdigest().encode())
        total += len(block)
        digest.update(block)


def app(environ, start_response):
    path = environ.get("PATH_INFO") or environ.get("SCRIPT_NAME") or ""
    page = path.rstrip("/").rsplit("/", 1)[-1]
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if page == "download":
        n = _int(query, "n", 1048576, 0, MAX_BYTES)
        if n is None:
            return _bad(start_response, "n: a byte count")
        start_response("200 OK", [("Content-Type", "application/octet-stream"),
                                  ("Content-Length", str(n))])
        return _download(n)
    if page == "ticks":
        n = _int(query, "n", 10, 1, 1000000)
        ms = _int(query, "ms", 100, 0, 60000)
        if n is None or ms is None:
            return _bad(start_response, "n: lines (1 or more), ms: milliseconds between them")
        start_response("200 OK", [("Content-Type", "text/plain;charset=utf-8"),
                                  ("Cache-Control", "no-cache")])
        return _ticks(n, ms)
    if page == "work":
        ms = _int(query, "ms", 10, 0, 60000)
        if ms is None:
            return _bad(start_response, "ms: milliseconds of work")
        time.sleep(ms / 1000.0)
        start_response("200 OK", [("Content-Type", "text/plain;charset=utf-8")])
        return [b"done\n"]
    if page == "upload" and environ.get("REQUEST_METHOD") == "POST":
        answer = _upload(environ)
        start_response("200 OK", [("Content-Type", "text/plain;charset=utf-8")])
        return [answer]
    start_response("404 Not Found", [("Content-Type", "text/plain;charset=utf-8")])
    return [b"pages: /download?n=BYTES, /ticks?n=LINES&ms=MILLISECONDS, /work?ms=MILLISECONDS, POST /upload\n"]


if __name__ == "__main__":
    WSGIServer(app).run()
