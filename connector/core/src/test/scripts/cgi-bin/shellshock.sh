#!/bin/bash
printf 'Content-Type: text/plain\n\n'
printf 'agent=%s\n' "$HTTP_USER_AGENT"
