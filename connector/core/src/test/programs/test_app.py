"""A WSGI application for procgate's pool tests, served by samples/lib/fcgi_responder.py.

The request path picks a behaviour, so one worker program covers well-behaved and
misbehaving cases alike. Usage: python3 test_app.py [--bind ADDR] (fd 0 otherwise).
"""
import hashlib
import os
import signal
import subprocess
import sys
import time
from urllib.parse import parse_qs

from fcgi_responder import WSGIServer

CHUNK = 64 * 1024
LEAKED = []


def pattern(n):
    """n deterministic bytes that are not all alike (so a shifted copy would not match)."""
    block = bytes(range(256)) * (CHUNK // 256)
    return (block * (n // len(block) + 1))[:n]


def text(start_response, body, headers=()):
    start_response("200 OK", [("Content-Type", "text/plain")] + list(headers))
    return [body.encode()]


def app(environ, start_response):
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    if path == "/pid":
        return text(start_response, str(os.getpid()))
    if path == "/getenv":
        # the worker process's own environment variable (not a request's meta-variable)
        return text(start_response, os.environ.get(query["name"], ""))
    if path == "/leak":
        # keeps mb megabytes for good, touched so they are resident: a worker that leaks
        LEAKED.append(bytearray(os.urandom(1024)) * (int(query["mb"]) * 1024))
        return text(start_response, str(os.getpid()))
    if path == "/echo":
        body = environ["wsgi.input"].read()
        start_response("200 OK", [("Content-Type", "application/octet-stream"),
                                  ("X-Sha256", hashlib.sha256(body).hexdigest())])
        return [body]
    if path == "/env":
        return text(start_response, "".join("%s=%s\n" % kv for kv in sorted(environ.items())
                                            if isinstance(kv[1], str)))
    if path == "/big":
        body = pattern(int(query["n"]))
        start_response("200 OK", [("Content-Type", "application/octet-stream"),
                                  ("X-Sha256", hashlib.sha256(body).hexdigest())])
        return [body[i:i + CHUNK] for i in range(0, len(body), CHUNK)]
    if path == "/stderr":
        return stderr_mixed(environ, start_response)
    if path == "/sleep":
        time.sleep(int(query["ms"]) / 1000)
        return text(start_response, str(os.getpid()))
    if path == "/slow-stream":
        return slow_stream(start_response, int(query["ms"]))
    if path == "/hang-with-child":
        return hang_with_child(query["dir"])
    if path == "/spawn-daemon":
        return text(start_response, str(spawn_daemon()))
    if path == "/download":
        return download(start_response, int(query["n"]))
    if path == "/upload-digest":
        return upload_digest(environ, start_response)
    if path == "/lines":
        return lines(start_response, int(query["n"]), int(query["ms"]))
    if path == "/status":
        start_response(query["code"] + " Own", [("Content-Type", "text/plain")])
        return [query.get("body", "").encode()]
    if path == "/flood":
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return flood()
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"no such test page\n"]


def stderr_mixed(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    errors = environ["wsgi.errors"]
    sys.stderr.write("test_app process stderr marker\n")
    sys.stderr.flush()

    def chunks():
        for i in range(200):
            errors.write("test_app FCGI_STDERR marker %d\n" % i)
            yield pattern(CHUNK)
    return chunks()


def slow_stream(start_response, ms):
    start_response("200 OK", [("Content-Type", "text/plain")])
    yield b"start\n"  # sent at once: the answer has begun when the worker stalls
    time.sleep(ms / 1000)
    yield b"end\n"


def download(start_response, n):
    """n pattern bytes, streamed a block at a time: the worker never holds them all."""
    start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(n))])
    block = pattern(CHUNK)

    def blocks():
        left = n
        while left > 0:
            yield block[:min(left, CHUNK)]
            left -= CHUNK
    return blocks()


def upload_digest(environ, start_response):
    """The body's length and SHA-256, read a block at a time."""
    digest = hashlib.sha256()
    total = 0
    stream = environ["wsgi.input"]
    while True:
        block = stream.read(CHUNK)
        if not block:
            break
        digest.update(block)
        total += len(block)
    return text(start_response, "%d %s" % (total, digest.hexdigest()))


def lines(start_response, n, ms):
    """n lines, one every ms milliseconds, each sent as it is written."""
    start_response("200 OK", [("Content-Type", "text/plain")])

    def each():
        for i in range(n):
            yield ("line %d\n" % i).encode()
            time.sleep(ms / 1000)
    return each()


# A child that notes SIGTERM and keeps running, so only SIGKILL ends it.
STUBBORN_CHILD = """
import os, signal, sys, time
d = sys.argv[1]
signal.signal(signal.SIGTERM, lambda *a: open(os.path.join(d, 'child.term'), 'w').close())
open(os.path.join(d, 'child.pid.tmp'), 'w').write(str(os.getpid()))
os.rename(os.path.join(d, 'child.pid.tmp'), os.path.join(d, 'child.pid'))
while True:
    time.sleep(1)
"""


def hang_with_child(directory):
    signal.signal(signal.SIGTERM, lambda *a: open(os.path.join(directory, "worker.term"), "w").close())
    subprocess.Popen([sys.executable, "-c", STUBBORN_CHILD, directory])
    while True:
        time.sleep(1)


def spawn_daemon():
    """Double fork: the grandchild is re-parented but stays in the worker's process group."""
    read_end, write_end = os.pipe()
    if os.fork() == 0:
        if os.fork() == 0:
            os.write(write_end, str(os.getpid()).encode())
            os.closerange(3, 256)
            os.execvp("sleep", ["sleep", "300"])
        os._exit(0)
    os.close(write_end)
    pid = os.read(read_end, 32).decode()
    os.close(read_end)
    return pid


def flood():
    block = pattern(CHUNK)
    while True:
        yield block


if __name__ == "__main__":
    sys.exit(WSGIServer(app).run())
