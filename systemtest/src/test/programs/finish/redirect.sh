#!/bin/sh
# A local redirect (RFC 3875 section 6.2.2): only a Location with a path. The query names the
# path below the application's root (redirect.sh?/cgi/test-finish/env.sh?x=1); without one the
# script redirects to itself, a loop.
context=${SCRIPT_NAME%%/cgi/*}
if [ -z "$QUERY_STRING" ]; then
    printf 'Location: %s\r\n\r\n' "$SCRIPT_NAME"
else
    printf 'Location: %s%s\r\n\r\n' "$context" "$QUERY_STRING"
fi
