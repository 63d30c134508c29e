#!/bin/sh
# Writes 1 MiB before reading any input, then reads it all: deadlocks a server that does not
# read and write concurrently.
printf 'Content-Type: application/octet-stream\n\n'
head -c 1048576 /dev/zero
cat >/dev/null
