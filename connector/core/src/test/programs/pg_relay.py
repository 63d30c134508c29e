#!/usr/bin/python3
"""Relays TCP connections from LISTEN_HOST:LISTEN_PORT to TARGET_HOST:TARGET_PORT.

Usage: pg_relay.py LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT

The worker-host tests run the records database in a network namespace of its
own; H2 serves only that namespace's loopback, and this relay makes it
reachable on the namespace's link address, so the programs on the worker
hosts reach it across their links. Standard library only.
"""

import socket
import sys
import threading


def pump(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    listen_host, listen_port, target_host, target_port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((listen_host, listen_port))
    listener.listen(64)
    print("relay ready", flush=True)
    while True:
        client, _ = listener.accept()
        upstream = socket.create_connection((target_host, target_port), timeout=5)
        upstream.settimeout(None)
        for sock in (client, upstream):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()


if __name__ == "__main__":
    main()
