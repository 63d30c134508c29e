#!/bin/sh
# Sleeps QUERY_STRING seconds, then answers.
sleep "$QUERY_STRING"
printf 'Content-Type: text/plain\n\nrested\n'
