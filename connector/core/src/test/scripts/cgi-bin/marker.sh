#!/bin/sh
# Proves by a file whether it ran at all.
touch "$PIDDIR/marker-ran"
printf 'Content-Type: text/plain\n\nran\n'
