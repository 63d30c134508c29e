#!/usr/bin/python3
"""CGI test script: a plain-text answer, with tracebacks shown by cgitb."""

import warnings

# cgitb is deprecated since Python 3.11 and gone in 3.13; the warning must
# not reach the output, and the script must still answer without it.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import cgitb
    except ImportError:
        cgitb = None

if cgitb is not None:
    cgitb.enable()

print("Content-Type: text/plain;charset=utf-8")
print()
print("This is a test")
