#!/bin/sh
# A local redirect (RFC 3875 section 6.2.2) to the path in the query string: only a Location.
printf 'Location: %s\r\n\r\n' "$QUERY_STRING"
