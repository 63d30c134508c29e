# A module with state made at import, as real modules have: a random generator of its own, a value
# read from the environment, an open file, a counter; the isolation tests preload it.
import os
import random

rng = random.Random()
query_at_import = os.environ.get("QUERY_STRING")
handle = open(__file__, "rb")
counter = 0


def bump():
    global counter
    counter += 1
    return counter
