#!/bin/sh
# Burns CPU until a limit stops it.
while :; do :; done
