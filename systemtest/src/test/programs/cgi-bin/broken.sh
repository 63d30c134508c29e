#!/bin/sh
# Output without a header block: the gateway must answer 502, never pass this on.
echo "this is not a CGI response"
