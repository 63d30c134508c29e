"""A small FastCGI 1.0 responder for WSGI applications, standard library only.

Usage, the same shape as flup::

    from fcgi_responder import WSGIServer
    WSGIServer(app).run()

Where it listens, first match wins:

1. ``WSGIServer(app, bindAddress=...)``: a Unix socket path (str) or a
   ``(host, port)`` tuple;
2. ``--bind ADDR`` (or ``--bind=ADDR``) in ``sys.argv``: ``host:port`` when the
   part after the last colon is a port number, otherwise a Unix socket path;
3. file descriptor 0, if it is a listening socket (FCGI_LISTENSOCK_FILENO, as
   handed over by ``spawn-fcgi -n`` or a FastCGI process manager);
4. none of these: exit status 2 with a message on stderr.

The server handles one connection at a time and one request at a time on it;
it tells clients so through FCGI_GET_VALUES.  SIGTERM and SIGINT make ``run()``
return 0 promptly.
"""

import errno
import io
import os
import select
import signal
import socket
import stat
import struct
import sys
import time
import traceback

__all__ = ["WSGIServer"]

FCGI_VERSION_1 = 1

FCGI_BEGIN_REQUEST = 1
FCGI_ABORT_REQUEST = 2
FCGI_END_REQUEST = 3
FCGI_PARAMS = 4
FCGI_STDIN = 5
FCGI_STDOUT = 6
FCGI_STDERR = 7
FCGI_DATA = 8
FCGI_GET_VALUES = 9
FCGI_GET_VALUES_RESULT = 10
FCGI_UNKNOWN_TYPE = 11

FCGI_RESPONDER = 1
FCGI_KEEP_CONN = 1

FCGI_REQUEST_COMPLETE = 0
FCGI_CANT_MPX_CONN = 1
FCGI_UNKNOWN_ROLE = 3

FCGI_NULL_REQUEST_ID = 0
MAX_CONTENT = 65535
# Queued output is sent once it reaches this size, so large answers still stream.
FLUSH_BYTES = 64 * 1024

# Never multiplexed: one connection, one request at a time.
_VALUES = {
    "FCGI_MAX_CONNS": "1",
    "FCGI_MAX_REQS": "1",
    "FCGI_MPXS_CONNS": "0",
}

# Record types a client may send to an application for one request.
_REQUEST_TYPES = (FCGI_BEGIN_REQUEST, FCGI_ABORT_REQUEST, FCGI_PARAMS, FCGI_STDIN, FCGI_DATA)

# The parameters of one request come from the web server, not the network
# peer of a browser; the cap only stops a broken client from eating memory.
MAX_PARAMS_BYTES = 1 << 20

_TRANSIENT_ACCEPT_ERRORS = (errno.ECONNABORTED, errno.EPROTO, errno.EMFILE, errno.ENFILE,
                            errno.ENOBUFS, errno.ENOMEM, errno.EPERM)

_HEADER = struct.Struct("!BBHHBx")
_BEGIN_BODY = struct.Struct("!HB5x")
_END_BODY = struct.Struct("!IB3x")
_UNKNOWN_BODY = struct.Struct("!B7x")
_PADDING = bytes(8)

_INTERNAL_ERROR = (
    b"Status: 500 Internal Server Error\r\n"
    b"Content-Type: text/plain;charset=utf-8\r\n"
    b"\r\n"
    b"Internal Server Error\n"
)


def _log(message):
    try:
        sys.stderr.write("fcgi_responder[%d]: %s\n" % (os.getpid(), message))
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


class ProtocolError(Exception):
    """The peer broke the FastCGI framing; the connection cannot be trusted."""


class ClientGone(Exception):
    """The web server closed the connection or it failed while we wrote."""


class _Shutdown(BaseException):
    """Raised from the signal handler; BaseException so that apps catching
    Exception do not swallow it."""


def encode_pairs(pairs):
    """Encode FastCGI name-value pairs (bytes, bytes)."""
    out = bytearray()
    for name, value in pairs:
        for part in (name, value):
            if len(part) < 128:
                out.append(len(part))
            else:
                out += struct.pack("!I", len(part) | 0x80000000)
        out += name
        out += value
    return bytes(out)


def decode_pairs(data):
    """Decode FastCGI name-value pairs into a list of (bytes, bytes)."""
    pairs = []
    pos, end = 0, len(data)

    def length():
        nonlocal pos
        if pos >= end:
            raise ProtocolError("truncated name-value pair")
        if data[pos] < 128:
            pos += 1
            return data[pos - 1]
        if pos + 4 > end:
            raise ProtocolError("truncated name-value length")
        value = struct.unpack_from("!I", data, pos)[0] & 0x7FFFFFFF
        pos += 4
        return value

    while pos < end:
        name_len = length()
        value_len = length()
        if pos + name_len + value_len > end:
            raise ProtocolError("name-value pair longer than its stream")
        name = bytes(data[pos:pos + name_len])
        pos += name_len
        value = bytes(data[pos:pos + value_len])
        pos += value_len
        pairs.append((name, value))
    return pairs


class _Connection:
    """Record-level reading and writing on one accepted socket."""

    def __init__(self, sock):
        self.sock = sock
        self._buf = bytearray()
        self._pushed_back = []
        self._out = []
        self._out_size = 0

    def _read_exact(self, n, at_record_start=False):
        while len(self._buf) < n:
            try:
                chunk = self.sock.recv(max(65536, n - len(self._buf)))
            except OSError as exc:
                raise ClientGone("read failed: %s" % exc) from exc
            if not chunk:
                if at_record_start and not self._buf:
                    return None
                raise ClientGone("connection closed in the middle of a record")
            self._buf += chunk
        data = bytes(self._buf[:n])
        del self._buf[:n]
        return data

    def read_record(self):
        """Return (type, request_id, content), or None when the peer closed
        the connection between records."""
        if self._pushed_back:
            return self._pushed_back.pop()
        header = self._read_exact(_HEADER.size, at_record_start=True)
        if header is None:
            return None
        version, rtype, request_id, content_len, padding_len = _HEADER.unpack(header)
        if version != FCGI_VERSION_1:
            raise ProtocolError("unsupported FastCGI version %d" % version)
        body = self._read_exact(content_len + padding_len)
        return rtype, request_id, body[:content_len]

    def push_back(self, record):
        self._pushed_back.append(record)

    def has_input(self):
        """True if a record (or EOF) can be read without waiting."""
        if self._pushed_back or self._buf:
            return True
        try:
            poller = select.poll()
            poller.register(self.sock, select.POLLIN)
            return bool(poller.poll(0))
        except (OSError, ValueError):
            return False

    def write_record(self, rtype, request_id, content=b""):
        """Queues a record; queued records go out together at flush(), or once they
        pass FLUSH_BYTES, so a small answer costs the web server one wakeup, not three."""
        padding = -len(content) % 8
        header = _HEADER.pack(FCGI_VERSION_1, rtype, request_id, len(content), padding)
        self._out.append(header)
        self._out.append(bytes(content))
        if padding:
            self._out.append(_PADDING[:padding])
        self._out_size += len(header) + len(content) + padding
        if self._out_size >= FLUSH_BYTES:
            self.flush()

    def flush(self):
        if not self._out:
            return
        data = b"".join(self._out)
        self._out.clear()
        self._out_size = 0
        try:
            self.sock.sendall(data)
        except OSError as exc:
            raise ClientGone("write failed: %s" % exc) from exc

    def write_stream(self, rtype, request_id, data):
        """Write non-empty stream data as records of at most MAX_CONTENT bytes."""
        view = memoryview(data)
        for start in range(0, len(view), MAX_CONTENT):
            self.write_record(rtype, request_id, view[start:start + MAX_CONTENT])

    def end_request(self, request_id, app_status, protocol_status):
        self.write_record(FCGI_END_REQUEST, request_id,
                          _END_BODY.pack(app_status & 0xFFFFFFFF, protocol_status))
        self.flush()


class _ErrorStream:
    """wsgi.errors: text written here goes to the web server as FCGI_STDERR."""

    def __init__(self, conn, request_id):
        self._conn = conn
        self._request_id = request_id
        self.used = False
        self.closed = False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("wsgi.errors.write() takes str, not %s" % type(text).__name__)
        if not text:
            return
        data = text.encode("utf-8", "backslashreplace")
        if self.closed:
            # An app that keeps the stream past its request: keep the text.
            sys.stderr.write(text)
            return
        self.used = True
        self._conn.write_stream(FCGI_STDERR, self._request_id, data)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass


class _Request:
    def __init__(self, request_id, keep_conn):
        self.id = request_id
        self.keep_conn = keep_conn
        self.params = bytearray()
        self.params_done = False
        self.stdin = io.BytesIO()


class WSGIServer:
    """Serve one WSGI application over FastCGI (responder role only)."""

    backlog = 64

    def __init__(self, application, bindAddress=None):
        self.application = application
        self.bindAddress = bindAddress
        self._unix_path = None
        self._unix_id = None

    # ---- listening ------------------------------------------------------

    @staticmethod
    def parse_address(text):
        """``host:port`` -> (host, port); anything else is a Unix socket path."""
        if "/" not in text and ":" in text:
            host, _, port = text.rpartition(":")
            if port.isdigit() and port.isascii():
                host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
                return host, int(port)
        return text

    @staticmethod
    def _bind_option(argv):
        for i, arg in enumerate(argv):
            if arg == "--bind":
                if i + 1 >= len(argv) or not argv[i + 1]:
                    raise ValueError("--bind needs an address (a socket path or host:port)")
                return argv[i + 1]
            if arg.startswith("--bind="):
                if arg == "--bind=":
                    raise ValueError("--bind needs an address (a socket path or host:port)")
                return arg[len("--bind="):]
        return None

    @staticmethod
    def _inherited_socket():
        try:
            sock = socket.socket(fileno=0)
        except OSError:
            return None
        try:
            listening = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
        except OSError:
            listening = 0
        if not listening:
            sock.detach()  # fd 0 is not ours to close
            return None
        return sock

    def _remove_stale_socket(self, path):
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return
        if not stat.S_ISSOCK(st.st_mode):
            raise OSError("%s exists and is not a socket" % path)
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.settimeout(1)
            probe.connect(path)
        except OSError:
            os.unlink(path)  # nobody answers: left over from a dead process
        else:
            raise OSError("%s is in use by another running server" % path)
        finally:
            probe.close()

    def _bind(self, address):
        if isinstance(address, (str, bytes, os.PathLike)):
            path = os.fsdecode(address)
            self._remove_stale_socket(path)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.bind(path)
                st = os.stat(path)
                self._unix_path, self._unix_id = path, (st.st_dev, st.st_ino)
                sock.listen(self.backlog)
            except BaseException:
                sock.close()
                self._remove_own_socket()
                raise
            return sock
        host, port = address
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return socket.create_server((host, int(port)), family=family, backlog=self.backlog)

    def _remove_own_socket(self):
        path, self._unix_path = self._unix_path, None
        if path is None:
            return
        try:
            st = os.lstat(path)
            # Only our own socket: a newer server may already have taken the path.
            if (st.st_dev, st.st_ino) == self._unix_id:
                os.unlink(path)
        except OSError:
            pass

    def _listen(self):
        address = self.bindAddress
        if address is None:
            try:
                option = self._bind_option(sys.argv[1:])
            except ValueError as exc:
                self._fail(str(exc))
            if option is not None:
                address = self.parse_address(option)
        if address is not None:
            try:
                return self._bind(address)
            except (OSError, ValueError, TypeError) as exc:
                self._fail("cannot listen on %r: %s" % (address, exc))
        sock = self._inherited_socket()
        if sock is None:
            self._fail("nowhere to listen: pass --bind ADDR (a Unix socket path or host:port), "
                       "or start with a listening socket on fd 0 (e.g. spawn-fcgi -n)")
        return sock

    @staticmethod
    def _fail(message):
        _log(message)
        sys.exit(2)

    # ---- main loop ------------------------------------------------------

    def run(self):
        """Serve until SIGTERM or SIGINT, then return 0."""
        listener = self._listen()
        previous = {}

        def stop(signum, frame):
            raise _Shutdown()

        try:
            for signum in (signal.SIGTERM, signal.SIGINT):
                try:
                    previous[signum] = signal.signal(signum, stop)
                except ValueError:
                    pass  # not the main thread: the embedder handles signals
            self._accept_loop(listener)
        except _Shutdown:
            pass
        finally:
            # A second signal must not cut the cleanup short.
            for signum in previous:
                signal.signal(signum, signal.SIG_IGN)
            listener.close()
            self._remove_own_socket()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return 0

    def _accept_loop(self, listener):
        while True:
            try:
                sock, _ = listener.accept()
            except OSError as exc:
                if exc.errno not in _TRANSIENT_ACCEPT_ERRORS:
                    raise
                # A connection reset before accept(), or out of descriptors
                # for a moment: keep serving.
                _log("accept failed: %s" % exc)
                time.sleep(0.1)
                continue
            try:
                sock.settimeout(None)
                self._serve_connection(_Connection(sock))
            except ProtocolError as exc:
                _log("closing connection: %s" % exc)
            except ClientGone as exc:
                _log("connection lost: %s" % exc)
            finally:
                try:
                    sock.close()
                except OSError:
                    pass

    def _serve_connection(self, conn):
        request = None
        while True:
            record = conn.read_record()
            if record is None:
                if request is not None:
                    _log("connection closed during request %d" % request.id)
                return
            rtype, request_id, content = record

            if request_id == FCGI_NULL_REQUEST_ID or rtype not in _REQUEST_TYPES:
                if rtype == FCGI_GET_VALUES and request_id == FCGI_NULL_REQUEST_ID:
                    self._get_values(conn, content)
                else:
                    conn.write_record(FCGI_UNKNOWN_TYPE, FCGI_NULL_REQUEST_ID,
                                      _UNKNOWN_BODY.pack(rtype))
                    conn.flush()
                continue

            if rtype == FCGI_BEGIN_REQUEST:
                if len(content) != _BEGIN_BODY.size:
                    raise ProtocolError("FCGI_BEGIN_REQUEST body of %d bytes" % len(content))
                role, flags = _BEGIN_BODY.unpack(content)
                keep_conn = bool(flags & FCGI_KEEP_CONN)
                if request is not None:
                    if request_id == request.id:
                        raise ProtocolError("FCGI_BEGIN_REQUEST for active request %d" % request_id)
                    conn.end_request(request_id, 0, FCGI_CANT_MPX_CONN)
                elif role != FCGI_RESPONDER:
                    conn.end_request(request_id, 0, FCGI_UNKNOWN_ROLE)
                    if not keep_conn:
                        return
                else:
                    request = _Request(request_id, keep_conn)
                continue

            if request is None or request_id != request.id:
                continue  # records of a request that is not active are ignored

            if rtype == FCGI_ABORT_REQUEST:
                conn.end_request(request.id, 1, FCGI_REQUEST_COMPLETE)
            elif rtype == FCGI_PARAMS:
                if request.params_done:
                    raise ProtocolError("FCGI_PARAMS after the end of the params stream")
                if content:
                    request.params += content
                    if len(request.params) > MAX_PARAMS_BYTES:
                        raise ProtocolError("FCGI_PARAMS larger than %d bytes" % MAX_PARAMS_BYTES)
                    continue
                request.params_done = True
                request.params = decode_pairs(request.params)
                continue
            elif rtype == FCGI_STDIN:
                if not request.params_done:
                    raise ProtocolError("FCGI_STDIN before the end of FCGI_PARAMS")
                if content:
                    request.stdin.write(content)
                    continue
                self._respond(conn, request)
            else:
                continue  # FCGI_DATA means nothing to a responder

            if not request.keep_conn:
                return
            request = None

    def _get_values(self, conn, content):
        asked = decode_pairs(content)
        answer = [(name, _VALUES[name.decode("latin-1")].encode("ascii"))
                  for name, _ in asked if name.decode("latin-1") in _VALUES]
        conn.write_record(FCGI_GET_VALUES_RESULT, FCGI_NULL_REQUEST_ID, encode_pairs(answer))
        conn.flush()

    # ---- one request ------------------------------------------------------

    def _environ(self, request, errors):
        environ = {name.decode("latin-1"): value.decode("latin-1")
                   for name, value in request.params}
        request.stdin.seek(0)
        https = environ.get("HTTPS", "").lower() in ("on", "1", "yes", "true")
        environ.update({
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "https" if https else "http",
            "wsgi.input": request.stdin,
            "wsgi.errors": errors,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        })
        return environ

    def _respond(self, conn, request):
        """Run the app for a complete request and send its response."""
        errors = _ErrorStream(conn, request.id)
        environ = self._environ(request, errors)
        app_status = self._run_app(conn, request.id, environ, errors)
        errors.closed = True
        request.stdin = None

        # An abort that came in while the app ran still counts.
        if conn.has_input():
            record = conn.read_record()
            if record is not None and record[0] == FCGI_ABORT_REQUEST and record[1] == request.id:
                app_status = 1
            else:
                # Also EOF: a client may shut down its sending side and
                # still read the response.
                conn.push_back(record)

        conn.write_record(FCGI_STDOUT, request.id)
        if errors.used:
            conn.write_record(FCGI_STDERR, request.id)
        conn.end_request(request.id, app_status, FCGI_REQUEST_COMPLETE)

    def _run_app(self, conn, request_id, environ, errors):
        """Returns the appStatus: 0, or 1 when the app failed after the
        headers were sent (the response is then cut short)."""
        state = {"status": None, "headers": None, "sent": False}

        def send(data):
            if not state["sent"]:
                if state["status"] is None:
                    raise AssertionError("the application wrote a body before start_response()")
                head = ["Status: %s\r\n" % state["status"]]
                head += ["%s: %s\r\n" % pair for pair in state["headers"]]
                head.append("\r\n")
                data = "".join(head).encode("latin-1") + data
                state["sent"] = True
            if data:
                conn.write_stream(FCGI_STDOUT, request_id, data)

        def write(data):
            if not isinstance(data, (bytes, bytearray)):
                raise TypeError("response body must be bytes, not %s" % type(data).__name__)
            if data:
                send(bytes(data))

        def start_response(status, headers, exc_info=None):
            if exc_info:
                try:
                    if state["sent"]:
                        raise exc_info[1].with_traceback(exc_info[2])
                finally:
                    exc_info = None
            elif state["status"] is not None:
                raise AssertionError("start_response() called twice without exc_info")
            _check_status(status)
            headers = [_check_header(pair) for pair in headers]
            state["status"], state["headers"] = status, headers
            return write

        result = None
        try:
            result = self.application(environ, start_response)
            # A list is complete: its blocks go out with END_REQUEST in one write. Blocks of
            # an iterator go out as they come (PEP 3333: a server must not hold them back).
            streaming = not isinstance(result, (list, tuple))
            for chunk in result:
                write(chunk)
                if streaming:
                    conn.flush()
            if not state["sent"]:
                send(b"")
            return 0
        except ClientGone:
            raise
        except Exception:
            errors.write(traceback.format_exc())
            if not state["sent"]:
                conn.write_stream(FCGI_STDOUT, request_id, _INTERNAL_ERROR)
                return 0
            return 1
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                try:
                    close()
                except ClientGone:
                    raise
                except Exception:
                    errors.write(traceback.format_exc())


def _check_status(status):
    if (not isinstance(status, str) or len(status) < 4 or not status[:3].isdigit()
            or status[3] != " " or "\r" in status or "\n" in status):
        raise ValueError("invalid WSGI status %r" % (status,))


def _check_header(pair):
    if not isinstance(pair, tuple) or len(pair) != 2:
        raise TypeError("a header must be a (name, value) tuple, not %r" % (pair,))
    name, value = pair
    if not isinstance(name, str) or not isinstance(value, str):
        raise TypeError("header names and values must be str: %r" % (pair,))
    if not name or any(c in name for c in ":\r\n ") or "\r" in value or "\n" in value:
        raise ValueError("invalid header %r" % (pair,))
    return name, value
