#!/usr/bin/python3
# Answers, one "name=value" line each, what a forked child could share with the launcher or with
# other requests: random draws, the string hash, open descriptors, the environment a module saw at
# import, a module global, threads. "thread" in the query leaves a thread that writes after the
# script's end; "daemon-thread" one that never ends.
import os
import random
import sys
import threading
import time

preloaded = "preloaded_state" in sys.modules
import preloaded_state

query = os.environ.get("QUERY_STRING", "")
lines = [
    "preloaded=%s" % preloaded,
    "name=%s" % __name__,
    "file=%s" % __file__,
    "package=%r" % __package__,
    "spec=%r" % __spec__,
    "main_module=%s" % (sys.modules["__main__"].__dict__ is globals()),
    "version=1",
    "parent=%d" % os.getppid(),
    "argv=%s" % sys.argv,
    "path0=%s" % sys.path[0],
    "random=%r" % random.random(),
    "module_random=%r" % preloaded_state.rng.random(),
    "hash=%d" % hash("procgate"),
    "hash_randomization=%d" % sys.flags.hash_randomization,
    "fds=%s" % ",".join(sorted(os.listdir("/proc/self/fd"), key=int)),
    "query_at_import=%s" % preloaded_state.query_at_import,
    "query=%s" % query,
    "counter=%d" % preloaded_state.bump(),
    "threads=%d" % threading.active_count(),
]
sys.stdout.write("Content-Type: text/plain\n\n" + "\n".join(lines) + "\n")
if query == "thread":
    def late():
        time.sleep(0.3)
        sys.stdout.write("late=yes\n")
    threading.Thread(target=late).start()
elif query == "daemon-thread":
    threading.Thread(target=lambda: time.sleep(3600), daemon=True).start()
