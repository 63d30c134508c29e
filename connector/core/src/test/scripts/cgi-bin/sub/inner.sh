#!/bin/sh
printf 'Content-Type: text/plain\n\ninner %s|%s\n' "$SCRIPT_NAME" "$PATH_INFO"
