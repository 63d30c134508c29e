#!/usr/bin/python3 -S
import sys
sys.stdout.write("Content-Type: text/plain;charset=utf-8\n\nhello from python\n")
