# Shared by the benchmark scripts (sourced): messages, free loopback ports, and nginx in front of
# FastCGI workers of its own, with every file it writes under the run's temporary directory.

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# install_packages PACKAGE...: installs the Debian packages named (none: nothing to do) when root,
# else stops with the command to run
install_packages() {
  [[ $# -eq 0 ]] && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing $*"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
      || die "could not install packages; run: apt-get install -y $*"
  else
    die "missing Debian packages; run: sudo apt-get install -y $*"
  fi
}

# stop_server PID: asks the server to stop (procgate stops its own workers on the way down), gives it
# 30 s, then insists
stop_server() {
  [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$1" 2>/dev/null || return 0; sleep 1; done
  kill -KILL "$1" 2>/dev/null || true
}

# await_nginx URL WHAT DIR: waits up to 10 s for nginx (its files in DIR) to answer URL with a 2xx;
# else shows its and the workers' logs and stops
await_nginx() {
  for _ in $(seq 1 50); do
    curl -fsS -o /dev/null --max-time 5 "$1" 2>/dev/null && { say "nginx ready: $2"; return 0; }
    sleep 0.2
  done
  cat "$3/nginx/logs/error.log" "$3/workers.log" >&2 || true
  die "nginx in front of $2 did not answer"
}

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

# task_ticks /proc/PID[/task/TID]: its CPU clock ticks (user + system); the name in the stat line may
# hold spaces and parentheses, so the fields are counted after its closing parenthesis
task_ticks() { sed 's/^.*) //' "$1/stat" 2>/dev/null | awk '{print $12 + $13} END {if (NR == 0) print 0}'; }

# compiler_ticks PID: the CPU clock ticks the JVM's JIT compiler threads have used so far
compiler_ticks() {
  local task sum=0
  for task in /proc/"$1"/task/*; do
    [[ "$(cat "$task/comm" 2>/dev/null)" == *CompilerThre* ]] || continue
    sum=$((sum + $(task_ticks "$task")))
  done
  echo "$sum"
}

# settle_jit PID COMMAND...: runs COMMAND (one round of load) again until a round leaves the JVM's
# JIT compilers under 5% of one core, at most 12 rounds. A server that is still compiling (Payara
# with procgate takes minutes of load on two cores) measures its compiler, not the request path.
settle_jit() {
  local pid=$1 round ticks start_ns elapsed_ms share
  shift
  for round in $(seq 1 12); do
    ticks="$(compiler_ticks "$pid")"
    start_ns="$(date +%s%N)"
    "$@"
    elapsed_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
    share=$(( ($(compiler_ticks "$pid") - ticks) * 1000 * 100 / $(getconf CLK_TCK) / (elapsed_ms > 0 ? elapsed_ms : 1) ))
    say "JIT warm-up round $round: the compilers used ${share}% of a core"
    [[ $share -lt 5 ]] && return 0
  done
  say "the JIT is still compiling after 12 rounds; the figures include it"
}

# median_of FILE NAME COLUMN: the median of COLUMN over the CSV rows whose first column is NAME
median_of() {
  awk -F, -v n="$2" -v c="$3" '$1 == n {print $c}' "$1" | sort -n \
    | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
