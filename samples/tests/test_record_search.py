"""The search's input checks and SQL, without a database."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "lib"))

import record_search  # noqa: E402
from record_search import parse_query, statement  # noqa: E402


class ParseQueryTest(unittest.TestCase):

    def test_defaults(self):
        query = parse_query("")
        self.assertEqual(query, record_search.Query("", "name", "substring", (), None, None, "id", 20, 0))

    def test_every_parameter(self):
        query = parse_query("q=An%25n&field=email&match=prefix&country=de,at&country=DE&country=fr"
                            "&born_from=1980-01-01&born_to=1989-12-31&sort=-born&limit=5&offset=10")
        self.assertEqual(query, record_search.Query("An%n", "email", "prefix", ("DE", "AT", "FR"),
                                                    "1980-01-01", "1989-12-31", "-born", 5, 10))

    def test_errors_name_the_field(self):
        for query_string, field in [("limit=0", "limit"), ("offset=x", "offset"), ("field=phone", "field"),
                                    ("match=regex", "match"), ("country=DEU", "country"),
                                    ("born_from=2020-02-30", "born_from"), ("born_to=1.1.2000", "born_to"),
                                    ("sort=city", "sort"), ("q=" + "x" * 201, "q"), ("q=%00", "q")]:
            with self.subTest(query_string):
                with self.assertRaises(ValueError) as raised:
                    parse_query(query_string)
                self.assertTrue(str(raised.exception).startswith(field + ": "), str(raised.exception))


class StatementTest(unittest.TestCase):

    def test_no_filter_is_every_record_in_id_order(self):
        self.assertEqual(statement(parse_query("")), ("", (), " ORDER BY id"))

    def test_like_wildcards_in_q_match_themselves(self):
        where, args, _ = statement(parse_query("q=a%25_%5C"))
        self.assertEqual(where, " WHERE name_key LIKE LOWER(%s) ESCAPE '\\'")
        self.assertEqual(args, ("%a\\%\\_\\\\%",))

    def test_filters_in_the_same_order_as_java(self):
        where, args, order_by = statement(parse_query(
            "q=Ann&match=prefix&country=DE,AT&born_from=1980-01-01&born_to=1989-12-31&sort=name"))
        self.assertEqual(where, " WHERE name_key LIKE LOWER(%s) ESCAPE '\\' AND country IN (%s, %s)"
                                " AND born >= CAST(%s AS DATE) AND born <= CAST(%s AS DATE)")
        self.assertEqual(args, ("Ann%", "DE", "AT", "1980-01-01", "1989-12-31"))
        self.assertEqual(order_by, " ORDER BY name_key, id")

    def test_one_country_leads_the_name_order_so_an_index_serves_it(self):
        self.assertEqual(statement(parse_query("country=us&sort=name"))[2], " ORDER BY country, name_key, id")
        self.assertEqual(statement(parse_query("country=us&sort=-name"))[2],
                         " ORDER BY country DESC, name_key DESC, id DESC")
        self.assertEqual(statement(parse_query("country=us,ca&sort=name"))[2], " ORDER BY name_key, id")


class RespondTest(unittest.TestCase):

    class FakeDatabase:
        def search(self, query):
            return {"total": 0, "items": []}

        def find(self, record_id):
            return {"id": record_id} if record_id == 7 else None

    def test_routes(self):
        db = self.FakeDatabase()
        self.assertEqual(record_search.respond("", "q=x", db).status, "200 OK")
        self.assertEqual(record_search.respond("/7", "", db).body, b'{"id":7}')
        self.assertEqual(record_search.respond("/8", "", db).status, "404 Not Found")
        self.assertEqual(record_search.respond("/abc", "", db).status, "404 Not Found")
        self.assertEqual(record_search.respond("", "limit=0", db).status, "400 Bad Request")


if __name__ == "__main__":
    unittest.main()
