#!/bin/sh
# One response per QUERY_STRING, good or malformed, to check what the gateway lets through.
case "$QUERY_STRING" in
  status)       printf 'Status: 404 Not Here\nContent-Type: text/plain\n\ngone\n' ;;
  redirect)     printf 'Location: /cgi-bin/hello.sh\n\n' ;;
  redirect-abs) printf 'Location: http://example.org/x\nStatus: 301 Moved\n\n' ;;
  type-only)    printf 'Content-Type: text/html\n\n<p>hi</p>' ;;
  long-body)    printf 'Content-Type: text/plain\nContent-Length: 5\n\n0123456789' ;;
  short-body)   printf 'Content-Type: text/plain\nContent-Length: 50\n\nshort' ;;
  no-headers)   printf 'just text\n' ;;
  no-blank)     printf 'Content-Type: text/plain\n' ;;
  cr-in-value)  printf 'Content-Type: text/plain\nX-Bad: a\rSet-Cookie: x=1\n\nbody' ;;
  no-colon)     printf 'Content-Type text/plain\n\nbody' ;;
  bad-name)     printf 'Content Type: text/plain\n\nbody' ;;
  folded)       printf 'Content-Type: text/plain\n continued\n\nbody' ;;
  huge-header)  printf 'Content-Type: text/plain\nX-Big: '; head -c 70000 /dev/zero | tr '\0' a; printf '\n\nbody' ;;
  two-status)   printf 'Status: 200 OK\nStatus: 500 Oops\n\n' ;;
  bad-status)   printf 'Status: 2000\n\n' ;;
  flood)        printf 'Content-Type: text/plain\n\n'; yes flood ;;
  stderr)       echo 'secret from stderr' >&2; printf 'Content-Type: text/plain\n\nfine\n' ;;
  crash)        echo 'Traceback: <script>alert(1)</script> went wrong' >&2; exit 3 ;;
  exit-after)   printf 'Content-Type: text/plain\n\nanswered\n'; exit 7 ;;
  *)            printf 'Content-Type: text/plain\n\ndefault\n' ;;
esac
