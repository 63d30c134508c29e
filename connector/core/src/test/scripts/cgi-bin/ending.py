#!/usr/bin/python3 -S
# Ends as the query says: os._exit after a flushed answer, sys.exit(3) after an answer, a segfault
# before any answer, or after leaving a daemonised grandchild (its pid in $PIDDIR/daemon.pid).
import os
import sys

query = os.environ.get("QUERY_STRING", "")
if query == "segfault":
    import ctypes
    ctypes.string_at(0)
if query == "daemon":
    if os.fork() == 0:
        if os.fork() == 0:
            with open(os.path.join(os.environ["PIDDIR"], "daemon.pid.tmp"), "w") as pid:
                pid.write(str(os.getpid()))
            os.rename(os.path.join(os.environ["PIDDIR"], "daemon.pid.tmp"), os.path.join(os.environ["PIDDIR"], "daemon.pid"))
            for fd in (0, 1, 2):
                os.close(fd)
            import time
            time.sleep(60)
        os._exit(0)
    os.wait()
sys.stdout.write("Content-Type: text/plain\n\nended by %s\n" % query)
if query == "os-exit":
    sys.stdout.flush()
    os._exit(0)
if query == "exit-3":
    sys.exit(3)
