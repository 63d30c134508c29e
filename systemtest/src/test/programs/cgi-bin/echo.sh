#!/bin/sh
# Echoes the request body and a few meta-variables, to check what reaches a script.
printf 'Status: 201 Created\n'
printf 'Content-Type: text/plain\n'
printf 'X-Script-Name: %s\n' "$SCRIPT_NAME"
printf 'X-Path-Info: %s\n' "$PATH_INFO"
printf 'X-Method: %s\n' "$REQUEST_METHOD"
printf 'X-Proxy: %s\n' "${HTTP_PROXY:-none}"
printf '\n'
cat
