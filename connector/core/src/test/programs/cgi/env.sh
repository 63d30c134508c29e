#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
echo "SCRIPT_FILENAME=$SCRIPT_FILENAME"
echo "PID=$PPID"
