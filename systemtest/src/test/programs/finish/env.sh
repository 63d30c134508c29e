#!/bin/sh
# The request as the script sees it, and how many body bytes reached its stdin.
printf 'Content-Type: text/plain\r\n\r\n'
printf 'REQUEST_METHOD=%s\n' "$REQUEST_METHOD"
printf 'REQUEST_URI=%s\n' "$REQUEST_URI"
printf 'SCRIPT_NAME=%s\n' "$SCRIPT_NAME"
printf 'QUERY_STRING=%s\n' "$QUERY_STRING"
printf 'CONTENT_LENGTH=%s\n' "$CONTENT_LENGTH"
printf 'REMOTE_USER=%s\n' "$REMOTE_USER"
printf 'STDIN_BYTES=%s\n' "$(wc -c | tr -d ' ')"
