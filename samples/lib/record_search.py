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
from datetime import date
from urllib.parse import parse_qs

try:
    import psycopg2
except ImportError:  # reported as an unavailable database, not a crash
    psycopg2 = None

MAX_Q_LENGTH = 200
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_COUNTRIES = 30
CONNECT_TIMEOUT = 5

JSON_TYPE = "application/json;charset=utf-8"
PROBLEM_TYPE = "application/problem+json"

FIELDS = ("name", "email", "city")
MATCHES = ("substring", "prefix")
# The SQL of each sort order; ties always go by id, so paging is stable, and a
# descending order is the exact reverse of its ascending one.  With one
# country, the name orders lead with it (see order_by).
ORDER_BY = {
    "id": " ORDER BY id",
    "-id": " ORDER BY id DESC",
    "name": " ORDER BY name_key, id",
    "-name": " ORDER BY name_key DESC, id DESC",
    "born": " ORDER BY born, id",
    "-born": " ORDER BY born DESC, id DESC",
}
ORDER_BY_ONE_COUNTRY = {
    "name": " ORDER BY country, name_key, id",
    "-name": " ORDER BY country DESC, name_key DESC, id DESC",
}

_COLUMNS = ("id", "name", "email", "city", "country", "born")
_SELECT = "SELECT id, name, email, city, country, born FROM records"
_NUMBER = re.compile(r"[0-9]{1,9}")
_COUNTRIES = re.compile(r"[A-Za-z]{2}(,[A-Za-z]{2})*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RECORD_PATH = re.compile(r"/([1-9][0-9]{0,17})")

_DB_ERRORS = (psycopg2.Error,) if psycopg2 is not None else ()

Response = namedtuple("Response", "status content_type body")

# A validated search; the same model as the Java side's SearchQuery.
Query = namedtuple("Query", "q field match countries born_from born_to sort limit offset")


class DatabaseUnavailable(Exception):
    """The database could not be reached or failed to answer."""


def _log(message):
    print("record_search: %s" % message, file=sys.stderr, flush=True)


# ---- input ------------------------------------------------------------------

def _first(params, name, default):
    values = params.get(name)
    if not values or values[0] == "":
        return default
    return values[0]


def _integer(params, name, default, low, high):
    text = _first(params, name, None)
    if text is None:
        return default
    if not _NUMBER.fullmatch(text) or not low <= int(text) <= high:
        raise ValueError("%s: must be an integer between %d and %d" % (name, low, high))
    return int(text)


def _choice(params, name, choices, message):
    value = _first(params, name, choices[0])
    if value not in choices:
        raise ValueError("%s: %s" % (name, message))
    return value


def _date(params, name):
    text = _first(params, name, None)
    if text is None:
        return None
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        date.fromisoformat(text)
    except ValueError:
        raise ValueError("%s: must be a date written as YYYY-MM-DD" % name) from None
    return text


def _countries(params):
    values = [v for v in params.get("country", []) if v != ""]
    if len(values) > MAX_COUNTRIES:
        raise ValueError("country: must be given at most %d times" % MAX_COUNTRIES)
    codes = []
    for value in values:
        if not _COUNTRIES.fullmatch(value):
            raise ValueError("country: must be two-letter country codes, separated by commas")
        for code in value.upper().split(","):
            if code not in codes:
                codes.append(code)
    return tuple(codes)


def parse_query(query_string):
    """Parse a raw query string into a Query; raises ValueError naming the
    offending field.  When a field is given twice the first wins (except
    country, which adds up); an empty value means the default."""
    try:
        params = parse_qs(query_string or "", keep_blank_values=True, max_num_fields=60)
    except ValueError:
        raise ValueError("query: too many parameters") from None
    q = params.get("q", [""])[0]
    if len(q) > MAX_Q_LENGTH:
        raise ValueError("q: must be at most %d characters" % MAX_Q_LENGTH)
    if "\x00" in q:
        raise ValueError("q: must not contain NUL characters")
    return Query(
        q=q,
        field=_choice(params, "field", FIELDS, "must be name, email or city"),
        match=_choice(params, "match", MATCHES, "must be substring or prefix"),
        countries=_countries(params),
        born_from=_date(params, "born_from"),
        born_to=_date(params, "born_to"),
        sort=_choice(params, "sort", tuple(ORDER_BY),
                     "must be id, name or born, optionally preceded by - for descending"),
        limit=_integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        offset=_integer(params, "offset", 0, 0, MAX_OFFSET),
    )


def escape_like(text):
    """\\, % and _ taken literally in a LIKE pattern whose escape is \\."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def statement(query):
    """(where, args, order_by) of a search: the same SQL, clause for clause,
    as SearchStatement.java.  Case is folded by the database on both sides
    (LOWER() of the pattern against the stored LOWER() of the field), never by
    Python, whose str.lower() differs from SQL's for a few characters."""
    conditions, args = [], []
    if query.q != "":
        conditions.append(query.field + "_key LIKE LOWER(%s) ESCAPE '\\'")
        escaped = escape_like(query.q)
        args.append(escaped + "%" if query.match == "prefix" else "%" + escaped + "%")
    if query.countries:
        conditions.append("country IN (" + ", ".join(["%s"] * len(query.countries)) + ")")
        args.extend(query.countries)
    if query.born_from is not None:
        conditions.append("born >= CAST(%s AS DATE)")
        args.append(query.born_from)
    if query.born_to is not None:
        conditions.append("born <= CAST(%s AS DATE)")
        args.append(query.born_to)
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    return where, tuple(args), order_by(query)


def order_by(query):
    """As SearchStatement.java: with one country, that country leads the name
    order.  The result is the same (every row has it), but H2 then reads the
    page straight off the (country, name_key, id) index."""
    if len(query.countries) == 1 and query.sort in ORDER_BY_ONE_COUNTRY:
        return ORDER_BY_ONE_COUNTRY[query.sort]
    return ORDER_BY[query.sort]


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


def search(conn, query):
    """One page of the records the query matches, and how many match in all."""
    where, args, order_by = statement(query)
    cur = conn.cursor()
    try:
        cur.execute("SELECT COUNT(*) FROM records" + where, args)
        total = int(cur.fetchone()[0])
        cur.execute(_SELECT + where + order_by + " LIMIT %s OFFSET %s", args + (query.limit, query.offset))
        items = [_row(row) for row in cur.fetchall()]
    finally:
        cur.close()
    return {"total": total, "items": items}


def find(conn, record_id):
    """The record with this id, or None."""
    cur = conn.cursor()
    try:
        cur.execute(_SELECT + " WHERE id = %s", (record_id,))
        row = cur.fetchone()
    finally:
        cur.close()
    return None if row is None else _row(row)


class Database:
    """One lazily opened connection, kept across searches (FastCGI) or used
    once (CGI).  A failed connection is dropped and opened anew."""

    def __init__(self, connector=connect):
        self._connect = connector
        self._conn = None

    def search(self, query):
        return self._run(search, query)

    def find(self, record_id):
        return self._run(find, record_id)

    def _run(self, operation, argument):
        while True:
            reused = self._conn is not None
            try:
                if self._conn is None:
                    self._conn = self._connect()
                return operation(self._conn, argument)
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


def respond(path_info, query_string, database):
    """The whole request: a search (no path) or one record (/<id>), against
    a Database.  Returns a Response."""
    path = path_info or ""
    if path in ("", "/"):
        return handle(query_string, database.search)
    match = _RECORD_PATH.fullmatch(path)
    if match is None:
        return problem(404, "Not Found", "no such resource: %s" % path)
    return handle_record(int(match.group(1)), database.find)


def handle(query_string, run_search):
    """A search: run_search(Query) -> result dict, raising
    DatabaseUnavailable.  Returns a Response."""
    try:
        query = parse_query(query_string)
    except ValueError as exc:
        return problem(400, "Bad Request", str(exc))
    return _answer(run_search, query)


def handle_record(record_id, run_find):
    """One record: run_find(id) -> dict or None."""
    response = _answer(run_find, record_id)
    if response.body == b"null":
        return problem(404, "Not Found", "no record has the id %d" % record_id)
    return response


def _answer(operation, argument):
    try:
        result = operation(argument)
    except DatabaseUnavailable as exc:
        _log("database unavailable: %s" % exc)
        return problem(503, "Service Unavailable", "the database is unavailable")
    return Response("200 OK", JSON_TYPE, to_json(result))
