#!/bin/sh
# Answers, closes its output, then keeps running for QUERY_STRING seconds before it exits.
printf 'Content-Type: text/plain\n\nanswered\n'
exec 1>&- 2>&-
sleep "$QUERY_STRING"
