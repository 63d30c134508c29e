#!/bin/sh
# Answers who the script runs as: real uid, effective uid, gid, supplementary groups.
printf 'Content-Type: text/plain\n\n%s %s %s %s\n' "$(id -ru)" "$(id -u)" "$(id -g)" "$(id -G | tr ' ' ',')"
