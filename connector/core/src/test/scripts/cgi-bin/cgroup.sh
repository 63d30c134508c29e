#!/bin/sh
# Answers the cgroups the script runs in.
printf 'Content-Type: text/plain\n\n'
cat /proc/self/cgroup
