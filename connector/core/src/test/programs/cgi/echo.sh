#!/bin/sh
# The request body back; read whole before answering (fcgiwrap feeds stdin before it reads stdout).
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cat > "$tmp"
printf 'Content-Type: application/octet-stream\r\n\r\n'
cat "$tmp"
