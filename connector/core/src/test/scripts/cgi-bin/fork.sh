#!/bin/sh
# Leaves a background child (its pid in $PIDDIR/<QUERY_STRING>.pid), then either hangs or answers.
sleep 60 >/dev/null 2>&1 </dev/null &
echo $! > "$PIDDIR/$QUERY_STRING.pid.tmp"
mv "$PIDDIR/$QUERY_STRING.pid.tmp" "$PIDDIR/$QUERY_STRING.pid"
case "$QUERY_STRING" in
  hang*) sleep 60 ;;
esac
printf 'Content-Type: text/plain\n\ndone\n'
