#!/usr/bin/python3 -O
# A flag the launcher cannot honour in a forked child: this script is executed.
import sys
sys.stdout.write("Content-Type: text/plain\n\noptimize=%d\n" % sys.flags.optimize)
