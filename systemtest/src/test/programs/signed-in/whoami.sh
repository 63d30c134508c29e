#!/bin/sh
# Who the server signed in, as the script sees it, and whether the credentials reached it.
printf 'Content-Type: text/plain\n\n'
printf 'REMOTE_USER=%s\n' "${REMOTE_USER-(unset)}"
printf 'AUTH_TYPE=%s\n' "${AUTH_TYPE-(unset)}"
printf 'HTTP_AUTHORIZATION=%s\n' "${HTTP_AUTHORIZATION+(set)}"
