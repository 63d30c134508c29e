#!/usr/bin/python3 -S
# Answers its environment, arguments, working directory and body, one "kind:name=value" line
# each, with control characters escaped so that every value stays on its line.
import os, sys
def esc(text):
    return text.encode("unicode_escape").decode("ascii")
body = sys.stdin.buffer.read().decode("utf-8", "replace")
out = ["env:%s=%s" % (k, esc(v)) for k, v in sorted(os.environ.items())]
out += ["argv:%s" % esc(a) for a in sys.argv[1:]]
out += ["cwd:" + os.getcwd(), "body:" + esc(body)]
sys.stdout.write("Content-Type: text/plain\r\n\r\n" + "\n".join(out) + "\n")
