#!/bin/sh
# Body and stderr interleaved.
printf 'Content-Type: application/octet-stream\r\n\r\n'
i=0
while [ $i -lt 200 ]; do
    echo "fcgiwrap stderr marker $i" >&2
    head -c 65536 /dev/zero
    i=$((i + 1))
done
