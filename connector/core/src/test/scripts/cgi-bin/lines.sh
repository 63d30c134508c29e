#!/bin/sh
# N lines (QUERY_STRING), one every 0.2 s, each written as it comes.
printf 'Content-Type: text/plain\n\n'
i=0
while [ "$i" -lt "${QUERY_STRING:-5}" ]; do
    echo "line $i"
    i=$((i + 1))
    sleep 0.2
done
