"""A FastCGI worker written against the raw protocol, for cases a correct library never
produces: broken records, refusals, early exits, not reading stdin.

Usage: python3 raw_worker.py --bind PATH --mode MODE [--count N]
Every mode answers FCGI_GET_VALUES except 'ignore-values'. The body of a normal answer is
'pid=P conn=C req=R stdin=N'.
"""
import argparse
import os
import socket
import struct
import sys
import time

HEADER = struct.Struct("!BBHHBx")
BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 3, 4, 5, 6, 7
GET_VALUES, GET_VALUES_RESULT = 9, 10
REQUEST_COMPLETE, CANT_MPX_CONN, OVERLOADED = 0, 1, 2


def record(rtype, request_id, content=b"", version=1):
    padding = -len(content) % 8
    return HEADER.pack(version, rtype, request_id, len(content), padding) + content + bytes(padding)


def end_request(request_id, status=REQUEST_COMPLETE):
    return record(END_REQUEST, request_id, struct.pack("!IB3x", 0, status))


def stream(rtype, request_id, data):
    out = b"".join(record(rtype, request_id, data[i:i + 65535]) for i in range(0, len(data), 65535))
    return out + record(rtype, request_id)


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def read_exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_record(self):
        header = self.read_exact(8)
        if header is None:
            return None
        _, rtype, request_id, length, padding = HEADER.unpack(header)
        body = self.read_exact(length + padding)
        return None if body is None else (rtype, request_id, body[:length])


def read_until(conn, wanted, answer_values):
    """Reads records up to the end of the stream of type 'wanted'; returns its content."""
    content = b""
    while True:
        rec = conn.read_record()
        if rec is None:
            return None
        rtype, request_id, body = rec
        if rtype == GET_VALUES:
            if answer_values:
                pairs = b"".join(bytes([len(n), len(v)]) + n + v
                                 for n, v in ((b"FCGI_MAX_CONNS", b"1"), (b"FCGI_MAX_REQS", b"1"),
                                              (b"FCGI_MPXS_CONNS", b"0")))
                conn.sock.sendall(record(GET_VALUES_RESULT, 0, pairs))
            continue
        if rtype == wanted:
            if not body:
                return content
            content += body


def answer(connections, served, stdin_length):
    body = "pid=%d conn=%d req=%d stdin=%d" % (os.getpid(), connections, served, stdin_length)
    return b"Content-Type: text/plain\r\n\r\n" + body.encode()


def serve(conn, args, connections, served):
    """Serves requests on one connection; returns how many, or None to stop the process."""
    ignore_values = args.mode == "ignore-values"
    while True:
        if read_until(conn, PARAMS, not ignore_values) is None:
            return served
        served += 1
        mode = args.mode
        if mode == "no-read-stdin":
            conn.sock.sendall(stream(STDOUT, 1, answer(connections, served, -1)) + end_request(1))
            time.sleep(60)  # holds the connection without reading the body; the pool ends the process
            return served
        if mode == "answer-before-stdin":
            big = b"Content-Type: application/octet-stream\r\n\r\n" + b"x" * args.count
            conn.sock.sendall(stream(STDOUT, 1, big))
            stdin = read_until(conn, STDIN, True)
            conn.sock.sendall(end_request(1))
            continue
        stdin = read_until(conn, STDIN, not ignore_values)
        if stdin is None:
            return served
        ok = stream(STDOUT, 1, answer(connections, served, len(stdin)))
        if mode == "bad-version":
            conn.sock.sendall(record(STDOUT, 1, b"Content-Type: text/plain\r\n\r\n", version=2))
        elif mode == "unknown-type":
            conn.sock.sendall(record(42, 1, b"what"))
        elif mode == "wrong-id":
            conn.sock.sendall(record(STDOUT, 7, b"Content-Type: text/plain\r\n\r\n"))
        elif mode == "length-past-data":
            header = HEADER.pack(1, STDOUT, 1, 60000, 0)
            conn.sock.sendall(header + b"Content-Type: text/plain\r\n\r\nshort")
            return None
        elif mode == "eof-before-end":
            conn.sock.sendall(record(STDOUT, 1, b"Content-Type: text/plain\r\n\r\npartial"))
            return None
        elif mode == "cant-mpx":
            conn.sock.sendall(end_request(1, CANT_MPX_CONN))
            continue
        elif mode == "overloaded":
            conn.sock.sendall(end_request(1, OVERLOADED))
            continue
        else:
            conn.sock.sendall(ok + end_request(1))
            if mode == "exit-after" and served >= args.count:
                return None
            continue
        # after a broken record the worker waits for the client to give up the connection
        while conn.read_record() is not None:
            pass
        return served


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bind", required=True)
    parser.add_argument("--mode", default="ok")
    parser.add_argument("--count", type=int, default=0)
    args = parser.parse_args()
    if os.path.exists(args.bind):
        os.unlink(args.bind)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(args.bind)
    listener.listen(16)
    connections, served = 0, 0
    while True:
        sock, _ = listener.accept()
        connections += 1
        try:
            served = serve(Conn(sock), args, connections, served)
        except OSError:
            pass
        finally:
            sock.close()
        if served is None:
            os.unlink(args.bind)
            return 0


if __name__ == "__main__":
    sys.exit(main())
