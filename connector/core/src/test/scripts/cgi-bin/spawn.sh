#!/bin/sh
# Starts up to QUERY_STRING background sleepers, one pid per line as each starts; the shell ends
# at the first fork the kernel refuses, so the lines count what the limits allowed.
printf 'Content-Type: text/plain\n\n'
i=0
while [ "$i" -lt "$QUERY_STRING" ]; do
  i=$((i + 1))
  sleep 30 >/dev/null 2>&1 </dev/null &
  echo "$!"
done
