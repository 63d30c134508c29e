#!/bin/sh
# A line every 0.3 s for 30 s: the pool's request timeout ends it after its answer started.
printf 'Content-Type: text/plain\n\n'
i=0
while [ "$i" -lt 100 ]; do
    echo "line $i"
    i=$((i + 1))
    sleep 0.3
done
