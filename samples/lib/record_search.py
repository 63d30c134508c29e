"""Record search over the procgate records database, shared by the CGI script
(cgi-bin/search.py) and the FastCGI worker (fcgi/search_app.py).

The database is H2 behind its PostgreSQL-protocol server.  Its PG server
understands little beyond plain statements, so this module sends nothing but
two SELECTs per search: no SET, no server-side cursors, no prepared
statements; psycopg2 fills the %s placeholders on the client side.
"""

import json
import re
import sys
from collections import namedtuple
from urllib.parse import parse_qs

try:
    import psycopg2
except ImportError:  # reported as an unavailable database, not a crash
    psycopg2 = None

MAX_Q_LENGTH = 200
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
CONNECT_TIMEOUT = 5

JSON_TYPE = "application/json;charset=utf-8"
PROBLEM_TYPE = "application/problem+json"

_COLUMNS = ("id", "name", "email", "city", "country", "born")
_WHERE = " WHERE LOWER(name) LIKE %s ESCAPE '\\'"
_NUMBER = re.compile(r"[0-9]{1,9}")

_DB_ERRORS = (psycopg2.Error,) if psycopg2 is not None else ()

Response = namedtuple("Response", "status content_type body")


class DatabaseUnavailable(Exception):
    """The database could not be reached or failed to answer."""


def _log(message):
    print("record_search: %s" % message, file=sys.stderr, flush=True)


# ---- input ------------------------------------------------------------------

def _integer(params, name, default, low, high):
    values = params.get(name)
    if not values or values[0] == "":
        return default
    text = values[0]
    if not _NUMBER.fullmatch(text) or not low <= int(text) <= high:
        raise ValueError("%s: must be an integer between %d and %d" % (name, low, high))
    return int(text)


def parse_query(query_string):
    """Parse a raw query string into (q, limit, offset); raises ValueError
    naming the offending field.  When a field is given twice the first wins;
    an empty limit or offset means the default."""
    try:
        params = parse_qs(query_string or "", keep_blank_values=True, max_num_fields=20)
    except ValueError:
        raise ValueError("query: too many parameters") from None
    q = params.get("q", [""])[0]
    if len(q) > MAX_Q_LENGTH:
        raise ValueError("q: must be at most %d characters" % MAX_Q_LENGTH)
    if "\x00" in q:
        raise ValueError("q: must not contain NUL characters")
    limit = _integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _integer(params, "offset", 0, 0, MAX_OFFSET)
    return q, limit, offset


def like_pattern(q):
    """The LIKE pattern for a case-insensitive substring match of q; the
    backslash is the escape character, so % and _ in q match themselves."""
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + escaped + "%"


# ---- database ---------------------------------------------------------------

def connect():
    """Open a connection; libpq takes host, port, database, user and password
    file from the PG* environment variables that procgate sets."""
    if psycopg2 is None:
        raise DatabaseUnavailable("psycopg2 is not installed")
    try:
        conn = psycopg2.connect("", connect_timeout=CONNECT_TIMEOUT)
        # Autocommit: psycopg2 then sends no BEGIN before the SELECTs.
        conn.autocommit = True
    except psycopg2.Error as exc:
        raise DatabaseUnavailable(str(exc).strip()) from exc
    return conn


def _row(row):
    item = dict(zip(_COLUMNS, row))
    if item["id"] is not None:
        item["id"] = int(item["id"])
    born = item["born"]
    if born is not None and not isinstance(born, str):
        item["born"] = born.isoformat()
    return item


def search(conn, q, limit, offset):
    """Rows whose name contains q (ignoring case), ordered by id."""
    where, args = ("", ()) if q == "" else (_WHERE, (like_pattern(q),))
    cur = conn.cursor()
    try:
        cur.execute("SELECT COUNT(*) FROM records" + where, args)
        total = int(cur.fetchone()[0])
        cur.execute("SELECT id, name, email, city, country, born FROM records" + where
                    + " ORDER BY id LIMIT %s OFFSET %s", args + (limit, offset))
        items = [_row(row) for row in cur.fetchall()]
    finally:
        cur.close()
    return {"total": total, "items": items}


class Database:
    """One lazily opened connection, kept across searches (FastCGI) or used
    once (CGI).  A failed connection is dropped and opened anew."""

    def __init__(self, connector=connect):
        self._connect = connector
        self._conn = None

    def search(self, q, limit, offset):
        while True:
            reused = self._conn is not None
            try:
                if self._conn is None:
                    self._conn = self._connect()
                return search(self._conn, q, limit, offset)
            except DatabaseUnavailable:
                self.close()
                raise
            except _DB_ERRORS as exc:
                self.close()
                # A kept connection may have died since the last request (the
                # database restarted): try once more with a fresh one.
                if reused and isinstance(exc, (psycopg2.OperationalError, psycopg2.InterfaceError)):
                    _log("connection lost, reconnecting: %s" % str(exc).strip())
                    continue
                raise DatabaseUnavailable(str(exc).strip()) from exc

    def close(self):
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass


# ---- output -----------------------------------------------------------------

def to_json(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def problem(status, title, detail):
    body = {"title": title, "status": status, "detail": detail}
    return Response("%d %s" % (status, title), PROBLEM_TYPE, to_json(body))


def handle(query_string, run_search):
    """The whole search request: run_search(q, limit, offset) -> result dict,
    raising DatabaseUnavailable.  Returns a Response."""
    try:
        q, limit, offset = parse_query(query_string)
    except ValueError as exc:
        return problem(400, "Bad Request", str(exc))
    try:
        result = run_search(q, limit, offset)
    except DatabaseUnavailable as exc:
        _log("database unavailable: %s" % exc)
        return problem(503, "Service Unavailable", "the database is unavailable")
    return Response("200 OK", JSON_TYPE, to_json(result))
