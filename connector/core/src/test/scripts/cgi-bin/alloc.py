#!/usr/bin/python3 -S
# Asks for 512 MiB; under an address-space limit this fails.
import sys
block = bytearray(512 * 1024 * 1024)
sys.stdout.write("Content-Type: text/plain\n\nallocated\n")
