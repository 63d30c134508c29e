"""Tests of the sample programs: the FastCGI responder (spoken to over a raw
socket) and the input side of the record search.

Run: /usr/bin/python3 -m unittest discover -s samples/tests
"""

import contextlib
import io
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
SAMPLES = os.path.dirname(HERE)
ENV_APP = os.path.join(SAMPLES, "fcgi", "env_app.py")
ECHO_APP = os.path.join(HERE, "echo_app.py")
SEARCH_CGI = os.path.join(SAMPLES, "cgi-bin", "search.py")
TEST_CGI = os.path.join(SAMPLES, "cgi-bin", "test.py")

sys.path.insert(0, os.path.join(SAMPLES, "lib"))
import record_search  # noqa: E402

# Record types and values from the FastCGI 1.0 specification.
BEGIN_REQUEST, ABORT_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 2, 3, 4, 5, 6, 7
GET_VALUES, GET_VALUES_RESULT, UNKNOWN_TYPE = 9, 10, 11
RESPONDER, AUTHORIZER = 1, 2
REQUEST_COMPLETE, CANT_MPX_CONN, UNKNOWN_ROLE = 0, 1, 3


# ---- a minimal FastCGI client, independent of the server's code -------------

def record(rtype, request_id, content=b""):
    padding = (8 - len(content) % 8) % 8
    return struct.pack(">BBHHBB", 1, rtype, request_id, len(content), padding, 0) + content + b"\0" * padding


def pairs(items):
    out = b""
    for name, value in items:
        name, value = name.encode("latin-1"), value.encode("latin-1")
        for part in (name, value):
            out += bytes([len(part)]) if len(part) < 128 else struct.pack(">I", len(part) | 1 << 31)
        out += name + value
    return out


def parse_pairs(data):
    result, i = {}, 0
    while i < len(data):
        lengths = []
        for _ in range(2):
            if data[i] < 128:
                lengths.append(data[i])
                i += 1
            else:
                lengths.append(struct.unpack(">I", data[i:i + 4])[0] & 0x7FFFFFFF)
                i += 4
        name = data[i:i + lengths[0]].decode()
        i += lengths[0]
        result[name] = data[i:i + lengths[1]].decode()
        i += lengths[1]
    return result


def stream(rtype, request_id, data, size=65535):
    chunks = [record(rtype, request_id, data[i:i + size]) for i in range(0, len(data), size)]
    return b"".join(chunks) + record(rtype, request_id)


def begin(request_id=1, keep_conn=False, role=RESPONDER):
    return record(BEGIN_REQUEST, request_id, struct.pack(">HB5x", role, 1 if keep_conn else 0))


def full_request(params, stdin=b"", request_id=1, keep_conn=False):
    return (begin(request_id, keep_conn) + stream(PARAMS, request_id, pairs(params))
            + stream(STDIN, request_id, stdin))


class Client:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        try:
            self.sock.connect(path)
        except OSError:
            self.sock.close()
            raise

    def close(self):
        self.sock.close()

    def send(self, data):
        self.sock.sendall(data)

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError("server closed the connection")
            data += chunk
        return data

    def read_record(self):
        """(type, request_id, content, padding_length)"""
        version, rtype, request_id, length, padding, _ = struct.unpack(">BBHHBB", self._exact(8))
        assert version == 1, version
        body = self._exact(length + padding)
        return rtype, request_id, body[:length], padding

    def response(self, request_id=1):
        """Read up to END_REQUEST: (stdout, stderr, app_status, protocol_status, records)."""
        out, err, records = b"", b"", []
        while True:
            rec = self.read_record()
            records.append(rec)
            rtype, rid, content, _ = rec
            if rid != request_id:
                continue
            if rtype == STDOUT:
                out += content
            elif rtype == STDERR:
                err += content
            elif rtype == END_REQUEST:
                app_status, protocol_status = struct.unpack(">IB3x", content)
                return out, err, app_status, protocol_status, records

    def at_eof(self):
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True


def split_cgi(output):
    head, _, body = output.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    return lines, body


# ---- fixtures -----------------------------------------------------------------

class ServerTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="fcgi-test-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def start(self, script, bind=True, **popen):
        path = os.path.join(self.dir, "app.sock")
        args = [sys.executable, script] + (["--bind", path] if bind else [])
        log = open(os.path.join(self.dir, "stderr.log"), "wb")
        self.addCleanup(log.close)
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log, **popen)
        self.addCleanup(self._stop, proc)
        if bind:
            self._wait_for(path, proc)
        return proc, path

    @staticmethod
    def _stop(proc):
        if proc.poll() is None:
            proc.kill()
        proc.wait(5)

    def _wait_for(self, path, proc):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.fail("server exited with %s: %s" % (proc.returncode, self.server_log()))
            try:
                Client(path).close()
                return
            except OSError:
                time.sleep(0.02)
        self.fail("server did not listen on %s" % path)

    def server_log(self):
        with open(os.path.join(self.dir, "stderr.log"), "rb") as f:
            return f.read().decode("utf-8", "replace")

    def client(self, path):
        c = Client(path)
        self.addCleanup(c.close)
        return c


BASE_PARAMS = [("REQUEST_METHOD", "GET"), ("SCRIPT_NAME", "/x"), ("SERVER_NAME", "localhost"),
               ("SERVER_PORT", "80"), ("SERVER_PROTOCOL", "HTTP/1.1")]


class EnvAppTest(ServerTestCase):
    def test_environment_table(self):
        _, path = self.start(ENV_APP)
        c = self.client(path)
        c.send(full_request(BASE_PARAMS + [("ZZ_VALUE", "<b>&"), ("A_LONG", "y" * 300), ("HTTPS", "on")]))
        out, err, app_status, protocol_status, _ = c.response()
        self.assertEqual((app_status, protocol_status), (0, REQUEST_COMPLETE))
        self.assertEqual(err, b"")
        lines, body = split_cgi(out)
        self.assertEqual(lines, ["Status: 200 OK", "Content-Type: text/html"])
        text = body.decode("latin-1")
        self.assertTrue(text.startswith("<h1>FastCGI Environment</h1>"))
        self.assertIn("<tr><th>ZZ_VALUE</th><td>&lt;b&gt;&amp;</td></tr>", text)
        self.assertIn("<tr><th>A_LONG</th><td>%s</td></tr>" % ("y" * 300), text)
        self.assertIn("<tr><th>wsgi.url_scheme</th><td>https</td></tr>", text)
        self.assertIn("<tr><th>wsgi.version</th><td>(1, 0)</td></tr>", text)
        self.assertIn("<tr><th>wsgi.multithread</th><td>False</td></tr>", text)
        self.assertIn("<tr><th>wsgi.multiprocess</th><td>True</td></tr>", text)
        names = re.findall(r"<tr><th>([^<]*)</th>", text)
        self.assertEqual(names, sorted(names))
        self.assertIn("SCRIPT_NAME", names)
        self.assertTrue(c.at_eof(), "without FCGI_KEEP_CONN the server closes the connection")

    def test_two_requests_on_one_connection(self):
        _, path = self.start(ENV_APP)
        c = self.client(path)
        for n, keep in ((1, True), (2, True), (3, False)):
            c.send(full_request(BASE_PARAMS + [("N", str(n))], request_id=n, keep_conn=keep))
            out, _, app_status, _, _ = c.response(request_id=n)
            self.assertEqual(app_status, 0)
            self.assertIn(("<tr><th>N</th><td>%d</td></tr>" % n).encode(), out)
        self.assertTrue(c.at_eof())

    def test_get_values(self):
        _, path = self.start(ENV_APP)
        c = self.client(path)
        asked = [("FCGI_MAX_CONNS", ""), ("FCGI_MAX_REQS", ""), ("FCGI_MPXS_CONNS", ""), ("OTHER", "")]
        c.send(record(GET_VALUES, 0, pairs(asked)))
        rtype, request_id, content, _ = c.read_record()
        self.assertEqual((rtype, request_id), (GET_VALUES_RESULT, 0))
        self.assertEqual(parse_pairs(content),
                         {"FCGI_MAX_CONNS": "1", "FCGI_MAX_REQS": "1", "FCGI_MPXS_CONNS": "0"})
        c.send(record(GET_VALUES, 0, pairs([("FCGI_MPXS_CONNS", "")])))
        self.assertEqual(parse_pairs(c.read_record()[2]), {"FCGI_MPXS_CONNS": "0"})

    def test_unknown_type_role_and_multiplexing(self):
        _, path = self.start(ENV_APP)
        c = self.client(path)
        c.send(record(42, 0, b"12345678"))
        self.assertEqual(c.read_record()[:3], (UNKNOWN_TYPE, 0, bytes([42]) + bytes(7)))

        c.send(begin(7, keep_conn=True, role=AUTHORIZER))
        _, _, app_status, protocol_status, _ = c.response(request_id=7)
        self.assertEqual(protocol_status, UNKNOWN_ROLE)

        c.send(begin(1, keep_conn=True) + begin(2, keep_conn=True))
        _, _, _, protocol_status, _ = c.response(request_id=2)
        self.assertEqual(protocol_status, CANT_MPX_CONN)
        # The first request goes on; records of the refused one are ignored.
        c.send(stream(PARAMS, 2, pairs([("IGNORED", "1")])) + stream(PARAMS, 1, pairs(BASE_PARAMS))
               + stream(STDIN, 1, b""))
        out, _, app_status, protocol_status, _ = c.response(request_id=1)
        self.assertEqual((app_status, protocol_status), (0, REQUEST_COMPLETE))
        self.assertNotIn(b"IGNORED", out)

    def test_abort_before_the_app_runs(self):
        _, path = self.start(ENV_APP)
        c = self.client(path)
        c.send(begin(3, keep_conn=True) + stream(PARAMS, 3, pairs(BASE_PARAMS)) + record(ABORT_REQUEST, 3))
        out, _, app_status, protocol_status, _ = c.response(request_id=3)
        self.assertEqual((out, app_status, protocol_status), (b"", 1, REQUEST_COMPLETE))
        c.send(full_request(BASE_PARAMS, request_id=4))
        self.assertEqual(c.response(request_id=4)[2], 0)

    def test_abort_while_the_app_runs_and_pipelined_requests(self):
        _, path = self.start(ENV_APP)
        c = self.client(path)
        # One write: the abort is already waiting when the app finishes.
        c.send(full_request(BASE_PARAMS, request_id=1, keep_conn=True) + record(ABORT_REQUEST, 1)
               + full_request(BASE_PARAMS, request_id=2, keep_conn=True)
               + full_request(BASE_PARAMS, request_id=3))
        out, _, app_status, _, _ = c.response(request_id=1)
        self.assertEqual(app_status, 1)
        self.assertIn(b"Status: 200 OK", out)
        for request_id in (2, 3):
            out, _, app_status, _, _ = c.response(request_id=request_id)
            self.assertEqual(app_status, 0)
            self.assertIn(b"<h1>FastCGI Environment</h1>", out)
        self.assertTrue(c.at_eof())

    def test_malformed_record_closes_only_that_connection(self):
        proc, path = self.start(ENV_APP)
        bad = self.client(path)
        bad.send(struct.pack(">BBHHBB", 2, BEGIN_REQUEST, 1, 8, 0, 0) + bytes(8))
        self.assertTrue(bad.at_eof())
        truncated = self.client(path)
        truncated.send(begin(1) + pairs([("A", "b")])[:3])  # a header promising more, then gone
        truncated.close()
        broken_pairs = self.client(path)
        broken_pairs.send(begin(1) + record(PARAMS, 1, b"\x05\x05ab") + record(PARAMS, 1))
        self.assertTrue(broken_pairs.at_eof())
        c = self.client(path)
        c.send(full_request(BASE_PARAMS))
        self.assertEqual(c.response()[2], 0)
        self.assertIsNone(proc.poll())
        self.assertIn("unsupported FastCGI version 2", self.server_log())

    def test_client_closing_mid_request(self):
        proc, path = self.start(ECHO_APP)
        gone = Client(path)
        gone.send(begin(1) + stream(PARAMS, 1, pairs(BASE_PARAMS)) + record(STDIN, 1, b"x" * 1000))
        gone.close()
        gone = Client(path)  # this one leaves while a 4 MB response is being written
        gone.send(full_request(BASE_PARAMS + [("QUERY_STRING", "size=4000000")]))
        gone.read_record()
        gone.close()
        c = self.client(path)
        c.send(full_request(BASE_PARAMS, b"still here"))
        out, _, app_status, _, _ = c.response()
        self.assertEqual((split_cgi(out)[1], app_status), (b"still here", 0))
        self.assertIsNone(proc.poll())

    def test_sigterm_exits_cleanly_and_removes_the_socket(self):
        proc, path = self.start(ENV_APP)
        c = self.client(path)
        c.send(begin(1, keep_conn=True))  # the server is now inside a connection
        time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(5), 0)
        self.assertFalse(os.path.exists(path))

    def test_sigint_exits_cleanly(self):
        proc, path = self.start(ENV_APP)
        proc.send_signal(signal.SIGINT)
        self.assertEqual(proc.wait(5), 0)
        self.assertFalse(os.path.exists(path))

    def test_stale_socket_file_is_replaced(self):
        path = os.path.join(self.dir, "app.sock")
        stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stale.bind(path)
        stale.close()  # the file stays, nobody listens
        _, path = self.start(ENV_APP)
        c = self.client(path)
        c.send(full_request(BASE_PARAMS))
        self.assertEqual(c.response()[2], 0)

    def test_listening_socket_on_fd_0(self):
        path = os.path.join(self.dir, "fd0.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(path)
        listener.listen(4)
        self.start(ENV_APP, bind=False, stdin=listener.fileno())
        c = self.client(path)
        c.send(full_request(BASE_PARAMS))
        out, _, app_status, _, _ = c.response()
        self.assertEqual(app_status, 0)
        self.assertIn(b"<h1>FastCGI Environment</h1>", out)

    def test_nowhere_to_listen(self):
        proc, _ = self.start(ENV_APP, bind=False, stdin=subprocess.DEVNULL)
        self.assertEqual(proc.wait(5), 2)
        self.assertIn("nowhere to listen", self.server_log())


class EchoAppTest(ServerTestCase):
    def test_large_stdin_and_large_response(self):
        _, path = self.start(ECHO_APP)
        c = self.client(path)
        data = os.urandom(1 << 20)
        c.send(full_request(BASE_PARAMS + [("CONTENT_LENGTH", str(len(data)))], data, keep_conn=True))
        out, _, app_status, _, records = c.response()
        lines, body = split_cgi(out)
        self.assertEqual(app_status, 0)
        self.assertEqual(lines[0], "Status: 200 OK")
        self.assertEqual(body, data)
        stdout = [r for r in records if r[0] == STDOUT]
        self.assertGreater(len(stdout), 2)
        for _, _, content, padding in stdout:
            self.assertLessEqual(len(content), 65535)
            self.assertEqual((len(content) + padding) % 8, 0)
        self.assertEqual(stdout[-1][2], b"", "the stream ends with an empty record")

        c.send(full_request(BASE_PARAMS + [("QUERY_STRING", "size=200000")], request_id=2))
        out, _, app_status, _, _ = c.response(request_id=2)
        body = split_cgi(out)[1]
        self.assertEqual(len(body), 200000)
        self.assertEqual(body[:512], bytes(range(256)) * 2)

    def test_app_error_before_headers_is_a_500(self):
        _, path = self.start(ECHO_APP)
        c = self.client(path)
        c.send(full_request(BASE_PARAMS + [("QUERY_STRING", "fail")]))
        out, err, app_status, protocol_status, _ = c.response()
        lines, body = split_cgi(out)
        self.assertEqual(lines[0], "Status: 500 Internal Server Error")
        self.assertIn(b"RuntimeError: failing on purpose", err)
        self.assertEqual(protocol_status, REQUEST_COMPLETE)

    def test_app_error_after_headers_cuts_the_response(self):
        _, path = self.start(ECHO_APP)
        c = self.client(path)
        c.send(full_request(BASE_PARAMS + [("QUERY_STRING", "fail-late")]))
        out, err, app_status, _, _ = c.response()
        self.assertEqual(split_cgi(out), (["Status: 200 OK", "Content-Type: text/plain"], b"partial"))
        self.assertIn(b"failing after the headers", err)
        self.assertEqual(app_status, 1)

    def test_wsgi_errors_go_to_fcgi_stderr(self):
        _, path = self.start(ECHO_APP)
        c = self.client(path)
        c.send(full_request(BASE_PARAMS + [("QUERY_STRING", "errors")]))
        out, err, app_status, _, records = c.response()
        self.assertEqual(err, b"a line for the error log\n")
        self.assertIn((STDERR, 1, b"", 0), records, "the stderr stream is closed too")


# ---- record search --------------------------------------------------------------

class ParseQueryTest(unittest.TestCase):
    def test_defaults(self):
        self.assertEqual(self.paging(""), ("", 20, 0))
        self.assertEqual(self.paging("limit=&offset="), ("", 20, 0))

    @staticmethod
    def paging(query_string):
        query = record_search.parse_query(query_string)
        return query.q, query.limit, query.offset

    def test_valid_values(self):
        self.assertEqual(self.paging("q=Ann%20M%C3%BCller&limit=100&offset=1000000"),
                         ("Ann Müller", 100, 1000000))
        self.assertEqual(self.paging("q=a+b&limit=1&offset=0&other=x"), ("a b", 1, 0))
        self.assertEqual(record_search.parse_query("q=" + "x" * 200)[0], "x" * 200)

    def test_invalid_values(self):
        cases = {
            "limit=abc": "limit: must be an integer between 1 and 100",
            "limit=0": "limit: must be an integer between 1 and 100",
            "limit=101": "limit: must be an integer between 1 and 100",
            "limit=-1": "limit: must be an integer between 1 and 100",
            "limit=%2B5": "limit: must be an integer between 1 and 100",
            "limit=1.5": "limit: must be an integer between 1 and 100",
            "offset=-1": "offset: must be an integer between 0 and 1000000",
            "offset=1000001": "offset: must be an integer between 0 and 1000000",
            "offset=" + "9" * 5000: "offset: must be an integer between 0 and 1000000",
            "q=" + "x" * 201: "q: must be at most 200 characters",
            "q=a%00b": "q: must not contain NUL characters",
        }
        for query, message in cases.items():
            with self.subTest(query=query[:40]):
                with self.assertRaises(ValueError) as caught:
                    record_search.parse_query(query)
                self.assertEqual(str(caught.exception), message)

    def test_like_wildcards_are_escaped_and_case_is_left_to_sql(self):
        self.assertEqual(record_search.escape_like("Anna"), "Anna")
        self.assertEqual(record_search.escape_like("100%"), "100\\%")
        self.assertEqual(record_search.escape_like("a_b"), "a\\_b")
        self.assertEqual(record_search.escape_like("c:\\x"), "c:\\\\x")


class FakeCursor:
    def __init__(self, log, rows):
        self.log, self.rows = log, rows

    def execute(self, sql, args):
        self.log.append((sql, args))

    def fetchone(self):
        return (len(self.rows),)

    def fetchall(self):
        return self.rows

    def close(self):
        pass


class FakeConnection:
    def __init__(self, rows=()):
        self.log, self.rows, self.closed = [], list(rows), False

    def cursor(self):
        return FakeCursor(self.log, self.rows)

    def close(self):
        self.closed = True


class SearchTest(unittest.TestCase):
    def setUp(self):
        # The module logs database trouble to stderr; keep the test output clean.
        quiet = contextlib.redirect_stderr(io.StringIO())
        quiet.__enter__()
        self.addCleanup(quiet.__exit__, None, None, None)

    def test_search_statements_and_rows(self):
        import datetime
        conn = FakeConnection([(7, "Ann", "a@x.org", "Bern", "CH", datetime.date(1999, 3, 4)),
                               (8, "Anna", None, None, None, None)])
        result = record_search.search(conn, record_search.parse_query("q=An_&limit=5&offset=10"))
        where = "WHERE name_key LIKE LOWER(%s) ESCAPE '\\'"
        self.assertEqual(conn.log, [
            ("SELECT COUNT(*) FROM records " + where, ("%An\\_%",)),
            ("SELECT id, name, email, city, country, born FROM records " + where
             + " ORDER BY id LIMIT %s OFFSET %s", ("%An\\_%", 5, 10)),
        ])
        self.assertEqual(result, {"total": 2, "items": [
            {"id": 7, "name": "Ann", "email": "a@x.org", "city": "Bern", "country": "CH",
             "born": "1999-03-04"},
            {"id": 8, "name": "Anna", "email": None, "city": None, "country": None, "born": None},
        ]})
        self.assertEqual(record_search.to_json(result)[:20], b'{"total":2,"items":[')

    def test_empty_q_matches_everything(self):
        conn = FakeConnection()
        record_search.search(conn, record_search.parse_query(""))
        self.assertEqual(conn.log[0], ("SELECT COUNT(*) FROM records", ()))

    def test_handle_answers(self):
        ok = record_search.handle("q=%C3%A9", lambda query: {"total": 0, "items": [], "q": query.q})
        self.assertEqual(ok, ("200 OK", "application/json;charset=utf-8",
                              '{"total":0,"items":[],"q":"é"}'.encode()))

        def unavailable(query):
            raise record_search.DatabaseUnavailable("refused")

        status, content_type, body = record_search.handle("", unavailable)
        self.assertEqual((status, content_type), ("503 Service Unavailable", "application/problem+json"))
        self.assertEqual(body, b'{"title":"Service Unavailable","status":503,'
                               b'"detail":"the database is unavailable"}')

    @unittest.skipIf(record_search.psycopg2 is None, "psycopg2 is not installed")
    def test_lost_connection_is_reopened(self):
        import psycopg2
        opened = []

        class Dying(FakeConnection):
            def cursor(self):
                raise psycopg2.OperationalError("server closed the connection unexpectedly")

        def connector():
            opened.append(Dying() if not opened else FakeConnection())
            return opened[-1]

        db = record_search.Database(connector)
        with self.assertRaises(record_search.DatabaseUnavailable):
            db.search(record_search.parse_query("limit=1"))  # a fresh connection that fails is not retried
        self.assertEqual(len(opened), 1)
        self.assertTrue(opened[0].closed)

        opened[:] = [FakeConnection()]
        db = record_search.Database(lambda: opened[-1])
        db.search(record_search.parse_query("limit=1"))
        db.search(record_search.parse_query("limit=1"))
        self.assertEqual(len(opened[0].log), 4, "the connection is kept between searches")
        opened[0].__class__ = Dying  # the kept connection dies
        replacement = FakeConnection()
        opened.append(replacement)
        self.assertEqual(db.search(record_search.parse_query("limit=1"))["total"], 0)
        self.assertEqual(len(replacement.log), 2, "retried once on a new connection")


class CgiScriptTest(unittest.TestCase):
    def run_cgi(self, script, query, **env):
        environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "REQUEST_METHOD": "GET",
                   "QUERY_STRING": query, "SCRIPT_NAME": "/cgi-bin/x"}
        environ.update(env)
        proc = subprocess.run([script], env=environ, capture_output=True, timeout=15)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def test_test_script(self):
        self.assertEqual(self.run_cgi(TEST_CGI, ""),
                         b"Content-Type: text/plain;charset=utf-8\n\nThis is a test\n")

    def test_search_bad_request(self):
        out = self.run_cgi(SEARCH_CGI, "limit=abc")
        self.assertEqual(out, b"Status: 400 Bad Request\r\nContent-Type: application/problem+json\r\n\r\n"
                              b'{"title":"Bad Request","status":400,'
                              b'"detail":"limit: must be an integer between 1 and 100"}')

    def test_search_without_database(self):
        # Nothing listens on port 1: the connection is refused at once.
        start = time.monotonic()
        out = self.run_cgi(SEARCH_CGI, "q=a", PGHOST="127.0.0.1", PGPORT="1", PGDATABASE="records",
                           PGUSER="nobody", PGPASSFILE=os.devnull)
        self.assertTrue(out.startswith(b"Status: 503 Service Unavailable\r\n"), out)
        self.assertIn(b'"detail":"the database is unavailable"', out)
        self.assertLess(time.monotonic() - start, 10)


if __name__ == "__main__":
    unittest.main()
