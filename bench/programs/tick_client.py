#!/usr/bin/python3
"""Flush-to-read latency of a streamed answer (bench/streaming-benchmark.sh), standard library only.

    tick_client.py --clients 16 http://127.0.0.1:8080/procgate/fcgi/bench-stream/ticks?n=200&ms=50

Each client (a thread) sends one GET over a raw socket and reads the answer as it arrives,
chunked or not. Every line of the answer is a time.time_ns() taken by the program just before it
wrote (flushed) the line; the line's latency is time.time_ns() right after the recv() that
completed it, minus that. Prints one line on stdout:

    clients=16 lines=3200 expected=3200 errors=0 p50_ms=0.41 p99_ms=1.90 max_ms=4.02

An error is an answer that is not 200, is cut short (no final chunk, short of Content-Length),
or has a line count other than n. Each error is described on stderr.
"""

import argparse
import socket
import sys
import threading
import time
from urllib.parse import parse_qs, urlsplit


class Answer:
    def __init__(self):
        self.latencies = []
        self.error = None


def read_answer(host, port, target, timeout, barrier, answer):
    try:
        barrier.wait()
        sock = socket.create_connection((host, port), timeout=timeout)
    except (OSError, threading.BrokenBarrierError) as exc:
        answer.error = "connect: %s" % exc
        return
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nAccept: */*\r\nConnection: close\r\n\r\n"
                      % (target, host, port)).encode("latin-1"))
        _read(sock, answer)
    except OSError as exc:
        answer.error = "read: %s" % exc
    finally:
        sock.close()


def _read(sock, answer):
    raw = bytearray()
    while b"\r\n\r\n" not in raw:
        data = sock.recv(65536)
        if not data:
            answer.error = "connection closed in the header"
            return
        raw += data
    now = time.time_ns()
    head, _, pending = bytes(raw).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0].split(" ")
    if len(status) < 2 or status[1] != "200":
        answer.error = "status: %s" % lines[0]
        return
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    chunked = "chunked" in headers.get("transfer-encoding", "").lower()
    length = int(headers["content-length"]) if "content-length" in headers and not chunked else None

    pending = bytearray(pending)
    body = bytearray()
    state, left, received, complete = "size", 0, 0, False
    while True:
        # move what has arrived into the body
        if chunked:
            while True:
                if state == "size":
                    end = pending.find(b"\r\n")
                    if end < 0:
                        break
                    size = int(bytes(pending[:end]).split(b";")[0], 16)
                    del pending[:end + 2]
                    if size == 0:
                        complete = True
                        break
                    state, left = "data", size
                elif state == "data":
                    take = min(left, len(pending))
                    if take == 0:
                        break
                    body += pending[:take]
                    del pending[:take]
                    left -= take
                    if left == 0:
                        state = "crlf"
                else:  # the CRLF after a chunk's data
                    if len(pending) < 2:
                        break
                    del pending[:2]
                    state = "size"
        else:
            body += pending
            received += len(pending)
            pending.clear()
            if length is not None and received >= length:
                complete = True
        # every complete line: the time now minus the program's time
        start = 0
        while True:
            end = body.find(b"\n", start)
            if end < 0:
                break
            answer.latencies.append(now - int(body[start:end]))
            start = end + 1
        del body[:start]
        if complete:
            break
        data = sock.recv(65536)
        now = time.time_ns()
        if not data:
            if length is None and not chunked:
                complete = True  # ends with the connection
                continue
            answer.error = "answer cut short"
            return
        pending += data
    if body:
        answer.error = "a partial last line: %r" % bytes(body[:40])


def percentile(values, p):
    # nearest rank
    if not values:
        return float("nan")
    rank = max(1, -(-len(values) * p // 100))
    return values[int(rank) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a read may wait")
    args = parser.parse_args()

    url = urlsplit(args.url)
    target = url.path + ("?" + url.query if url.query else "")
    expected_lines = int(parse_qs(url.query).get("n", ["10"])[0])
    barrier = threading.Barrier(args.clients)
    answers = [Answer() for _ in range(args.clients)]
    threads = [threading.Thread(target=read_answer, daemon=True,
                                args=(url.hostname, url.port or 80, target, args.timeout, barrier, a))
               for a in answers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    errors = 0
    latencies = []
    for i, answer in enumerate(answers):
        if answer.error is None and len(answer.latencies) != expected_lines:
            answer.error = "%d lines, not %d" % (len(answer.latencies), expected_lines)
        if answer.error is not None:
            errors += 1
            print("client %d: %s" % (i, answer.error), file=sys.stderr)
        latencies += answer.latencies
    latencies.sort()
    ms = [v / 1e6 for v in latencies]
    print("clients=%d lines=%d expected=%d errors=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
          % (args.clients, len(ms), args.clients * expected_lines, errors,
             percentile(ms, 50), percentile(ms, 99), ms[-1] if ms else float("nan")))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
