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

# descendants PID: every process under PID, children first
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null || true); do echo "$child"; descendants "$child"; done
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

# tree_cpu_ticks PID: CPU clock ticks of PID and every process under it, with the children they reaped
tree_cpu_ticks() {
  local pid sum=0
  for pid in "$1" $(descendants "$1"); do
    sum=$((sum + $(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15} END {if (NR == 0) print 0}')))
  done
  echo "$sum"
}

# median_of FILE NAME COLUMN: the median of COLUMN over the CSV rows whose first column is NAME
median_of() {
  awk -F, -v n="$2" -v c="$3" '$1 == n {print $c}' "$1" | sort -n \
    | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# ---- procgate on Payara Micro, as ./procgate run starts it ---------------------------------------
# The scripts that source this set ROOT, WORK (the run's temporary directory), PYTHON, HEAP (the
# server's JVM options), SERVER_LOG, HTTP_PORT, PROCGATE (its URL) and STARTED_AT, and may set
# SERVER_OPTIONS (more -D options; by default a small database on no port: nothing reads it).

ARTIFACTS=(war/target/procgate.war war/target/it/payara-micro.jar war/target/it/procgate-connector.rar
  war/target/it/procgate-connector-api.jar)

build_if_missing() {
  local artifact missing=0
  for artifact in "${ARTIFACTS[@]}"; do [[ -f "$ROOT/$artifact" ]] || missing=1; done
  [[ $missing -eq 0 ]] && return 0
  [[ "${BENCH_SKIP_BUILD:-}" == 1 ]] && die "BENCH_SKIP_BUILD=1, but the build's artifacts are missing: ${ARTIFACTS[*]}"
  say "building"
  (cd "$ROOT" && { mvn -B -q -o -DskipTests package -pl war -am || mvn -B -q -DskipTests package -pl war -am; }) \
    || die "build failed"
}

# A build running next to the benchmark may replace these at any time: the server runs from copies,
# each checked to be a whole zip (a jar being written is not).
copy_artifacts() {
  local artifact
  mkdir -p "$WORK/deploy"
  for artifact in "${ARTIFACTS[@]}"; do
    for attempt in $(seq 1 30); do
      if cp "$ROOT/$artifact" "$WORK/deploy/" 2>/dev/null \
        && "$PYTHON" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).namelist()' \
             "$WORK/deploy/$(basename "$artifact")" 2>/dev/null; then
        continue 2
      fi
      [[ $attempt -eq 1 ]] && say "$artifact is being rewritten; waiting for a whole one"
      sleep 2
    done
    die "no whole copy of $artifact after 60 s"
  done
  say "running from copies of ${ARTIFACTS[*]##*/} in $WORK/deploy"
}

# start_procgate POOLS_FILE POOL...: starts procgate with the demo pools and those of POOLS_FILE, and
# waits until it answers and each POOL (a bench/programs/stream_app.py pool) has answered once;
# sets SERVER_PID
start_procgate() {
  local pools_file=$1
  shift
  mkdir -p "$WORK/tmp"
  # under a root server the programs run as nobody: they must pass through to their sockets' directory
  chmod 711 "$WORK" "$WORK/tmp"
  sed "s#\${procgate.http.address}#127.0.0.1#" "$ROOT/config/preboot.asadmin" > "$WORK/preboot.asadmin"
  # the demo pools, then the run's own: one add-resources line per file
  sed -e "s#\${procgate.rar}#$WORK/deploy/procgate-connector.rar#" \
      -e "s#\${procgate.resources}#$ROOT/config/procgate-resources.xml#" \
      "$ROOT/config/postboot.asadmin" > "$WORK/postboot.asadmin"
  echo "add-resources $pools_file" >> "$WORK/postboot.asadmin"
  say "starting procgate on 127.0.0.1:$HTTP_PORT ($HEAP)"
  # java.io.tmpdir in WORK: the spool files of buffered answers and the workers' sockets go there,
  # and leave with it
  # shellcheck disable=SC2086
  java $HEAP \
    -Djava.io.tmpdir="$WORK/tmp" \
    -Dprocgate.home="$ROOT" \
    -Dprocgate.db.dir="$WORK/db" \
    ${SERVER_OPTIONS:--Dprocgate.db.records=1000 -Dprocgate.db.pgPort=0 -Dprocgate.db.tcpPort=0} \
    -jar "$WORK/deploy/payara-micro.jar" \
    --nohazelcast --port "$HTTP_PORT" --rootdir "$WORK/micro" \
    --prebootcommandfile "$WORK/preboot.asadmin" \
    --postbootcommandfile "$WORK/postboot.asadmin" \
    --addlibs "$WORK/deploy/procgate-connector-api.jar" \
    --deploy "$WORK/deploy/procgate.war" > "$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  local code pool
  for _ in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -40 "$SERVER_LOG" >&2; die "procgate exited"; }
    code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$PROCGATE/api/hello" 2>/dev/null || true)"
    if [[ "$code" == 200 ]]; then
      for pool in "$@"; do
        code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 "$PROCGATE/fcgi/$pool/download?n=10" || true)"
        [[ "$code" == 200 ]] || { tail -40 "$SERVER_LOG" >&2; die "pool $pool answered $code"; }
      done
      say "procgate ready after $(($(date +%s) - STARTED_AT)) s (pid $SERVER_PID)"
      return 0
    fi
    sleep 1
  done
  tail -40 "$SERVER_LOG" >&2
  die "procgate not ready after 300 s"
}

# stop_procgate: the EXIT trap of a run that started procgate: stops the server (procgate stops its
# programs on the way down; a program stopped with SIGSTOP is let continue first, so that it hears
# it), kills whatever is left under it, and removes WORK unless BENCH_KEEP_WORK=1
stop_procgate() {
  local pid left=()
  if [[ -n "${SERVER_PID:-}" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    left=($(descendants "$SERVER_PID"))
    for pid in "${left[@]}"; do kill -CONT "$pid" 2>/dev/null || true; done
  fi
  stop_server "${SERVER_PID:-}"
  for pid in "${left[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [[ "${BENCH_KEEP_WORK:-}" == 1 ]] && { say "kept $WORK"; return; }
  rm -rf "$WORK"
}

# replace_between FILE BEGIN END RESULTS: puts the lines of the file RESULTS between the lines BEGIN
# and END of FILE (a page's generated part), in place of what was there
replace_between() {
  awk -v b="$2" -v e="$3" -v f="$4" '
      $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip { print }' "$1" > "$1.new"
  mv "$1.new" "$1"
}

# write_results FILE BEGIN END TEXT: puts TEXT between the lines BEGIN and END of FILE, when FILE has them
write_results() {
  grep -qxF "$2" "$1" || { say "no line '$2' in $1: results not written"; return 0; }
  printf '%s\n' "$4" > "$WORK/results.md"
  replace_between "$1" "$2" "$3" "$WORK/results.md"
  say "written: $1"
}
