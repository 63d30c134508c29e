#!/bin/sh
# The request body's SHA-256, read as it arrives; the answer starts once the body has ended.
sum=$(sha256sum | cut -c1-64)
printf 'Content-Type: text/plain\n\n'
echo "$sum"
