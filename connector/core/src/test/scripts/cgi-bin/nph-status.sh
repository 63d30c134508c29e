#!/bin/sh
case "$QUERY_STRING" in
  bad)     printf 'HTTP/1.1 200 OK\nX-Bad: a\rb\n\nx' ;;
  garbage) printf 'HTTP/9 200\n\nx' ;;
  *)       printf 'HTTP/1.1 418 I am a teapot\nContent-Type: text/plain\n\nshort and stout\n' ;;
esac
