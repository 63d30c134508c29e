#!/bin/sh
# QUERY_STRING zero bytes, streamed.
printf 'Content-Type: application/octet-stream\n\n'
head -c "$QUERY_STRING" /dev/zero
