# Shared by the benchmark scripts (sourced): messages, free loopback ports, and nginx in front of
# FastCGI workers of its own, with every file it writes under the run's temporary directory.

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# await_socket PATH LOG: a worker binds its socket soon after it starts; nginx counts a missing
# socket as a failed upstream and skips it for ten seconds, so every socket must be there first
await_socket() {
  for _ in $(seq 1 100); do [[ -S "$1" ]] && return 0; sleep 0.1; done
  [[ -f "${2:-}" ]] && cat "$2" >&2
  die "no worker listens on $1"
}

# nginx_conf DIR HTTP_BODY: writes DIR/nginx.conf, one worker process, no access log, every
# temporary path under DIR; HTTP_BODY is the upstreams and servers inside http { }
nginx_conf() {
  mkdir -p "$1/logs"
  cat > "$1/nginx.conf" <<CONF
user root;
worker_processes 1;
daemon off;
pid $1/nginx.pid;
error_log $1/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $1/body;
    fastcgi_temp_path $1/fastcgi;
    proxy_temp_path $1/proxy;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
$2
}
CONF
}

# run_nginx DIR: starts nginx in the background with DIR/nginx.conf; the caller takes $! as its pid
run_nginx() {
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$1" -c "$1/nginx.conf" 2>>"$1/logs/error.log" &
}
