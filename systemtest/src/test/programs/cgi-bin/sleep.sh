#!/bin/sh
# Sleeps for QUERY_STRING seconds (digits only), with a child that would outlive a careless kill.
case "$QUERY_STRING" in
  ''|*[!0-9]*) seconds=1 ;;
  *) seconds=$QUERY_STRING ;;
esac
sleep "$seconds" &
sleep "$seconds"
printf 'Content-Type: text/plain\n\nslept %s\n' "$seconds"
