#!/bin/sh
# Hands a file to the server: offload.sh?<header>&<value> answers "<header>: <value>" with its
# own headers, and a body the server drops.
printf 'Content-Type: text/plain\r\nContent-Disposition: attachment; filename="report.txt"\r\nCache-Control: max-age=60\r\n%s: %s\r\n\r\n' \
    "${QUERY_STRING%%&*}" "${QUERY_STRING#*&}"
printf 'the program body, never sent'
