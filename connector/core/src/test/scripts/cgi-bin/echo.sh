#!/bin/sh
# The request body back, unread until the headers are out.
printf 'Content-Type: application/octet-stream\n\n'
cat
