#!/bin/sh
# Tries to read each path named in PROBE, or else in the query string (separated by ':'): a file's content, a directory's
# listing. Answers "read <path>" or "denied <path>" per path.
printf 'Content-Type: text/plain\n\n'
IFS=:
PROBE="${PROBE:-$QUERY_STRING}"
for path in $PROBE; do
  if [ -d "$path" ]; then
    if [ -n "$(ls -A "$path" 2>/dev/null)" ]; then echo "read $path"; else echo "denied $path"; fi
  elif cat "$path" >/dev/null 2>&1; then
    echo "read $path"
  else
    echo "denied $path"
  fi
done
