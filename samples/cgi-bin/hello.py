#!/usr/bin/python3
"""The smallest CGI answer, a greeting: what a request costs before the script does any work.

Try it: curl http://127.0.0.1:8080/procgate/cgi-bin/hello.py
"""
import sys

sys.stdout.write("Content-Type: text/plain\r\n\r\nHello from a CGI script\n")
