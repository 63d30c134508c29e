#!/bin/sh
# Redirects meant for the client, which pass unchanged: with a Status (PHP's header('Location')),
# to a URL, to a relative path, and with a body.
case "$QUERY_STRING" in
  status)   printf 'Status: 302 Found\r\nLocation: /elsewhere\r\n\r\n' ;;
  url)      printf 'Location: https://example.org/x\r\n\r\n' ;;
  relative) printf 'Location: other.sh?x=1\r\n\r\n' ;;
  body)     printf 'Location: /elsewhere\r\nContent-Type: text/html\r\n\r\n<a href="/elsewhere">moved</a>' ;;
esac
