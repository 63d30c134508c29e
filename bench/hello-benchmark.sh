#!/usr/bin/env bash
# The server's own cost per request, in one Payara Micro: the same "Hello, world" answered by a
# plain servlet and a JAX-RS resource in a bare WAR beside procgate (the server's floor and
# ceiling), by procgate's JAX-RS /api/hello, and by a Perl FCGI worker through /fcgi/hello/ and
# through nginx in front of workers of its own. Loopback only; everything started here is stopped
# on exit, also on Ctrl-C.
#
#   bench/hello-benchmark.sh        # about 4 minutes; writes docs/hello-benchmark.md
#
# Environment: BENCH_SECONDS (10) per measurement, BENCH_ROUNDS (3), BENCH_SKIP_BUILD=1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_POINT="${BENCH_SECONDS:-10}"
ROUNDS="${BENCH_ROUNDS:-3}"
WORK="$(mktemp -d /tmp/procgate-hello.XXXXXX)"
OUT="$ROOT/docs/hello-benchmark.md"
NGINX_WORKERS=4   # as procgate's pool "hello"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

PIDS=()
SERVER_PID=""
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  stop_server "$SERVER_PID"
  pkill -f "$WORK/" 2>/dev/null || true   # spawn-fcgi's workers, by their socket path
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
  command -v spawn-fcgi >/dev/null || missing+=(spawn-fcgi)
  perl -MFCGI -e 1 2>/dev/null || missing+=(libfcgi-perl)
  install_packages "${missing[@]}"
}

build() {
  if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
    say "building"
    (cd "$ROOT" && mvn -B -q -DskipTests package -pl war -am) || die "build failed"
  fi
  local file
  for file in war/target/procgate.war war/target/it/payara-micro.jar war/target/it/procgate-connector.rar \
      war/target/it/procgate-connector-api.jar; do
    [[ -f "$ROOT/$file" ]] || die "$file is missing; build without BENCH_SKIP_BUILD"
    cp "$ROOT/$file" "$WORK/"
  done
}

# bench/bare/src as bare.war: a servlet and a JAX-RS resource, compiled against the Jakarta EE API
build_bare_war() {
  local api
  api="$(find ~/.m2/repository/jakarta/platform/jakarta.jakartaee-api -name 'jakarta.jakartaee-api-10.0.0.jar' 2>/dev/null | head -1)"
  if [[ -z "$api" ]]; then
    (cd "$ROOT" && mvn -B -q dependency:get -Dartifact=jakarta.platform:jakarta.jakartaee-api:10.0.0) || die "no Jakarta EE API jar"
    api="$(find ~/.m2/repository/jakarta/platform/jakarta.jakartaee-api -name 'jakarta.jakartaee-api-10.0.0.jar' | head -1)"
  fi
  mkdir -p "$WORK/bare/WEB-INF/classes"
  javac --release 17 -cp "$api" -d "$WORK/bare/WEB-INF/classes" $(find "$ROOT/bench/bare/src" -name '*.java')
  (cd "$WORK/bare" && jar cf "$WORK/bare.war" .)
}

start_server() {
  sed "s#\${procgate.http.address}#127.0.0.1#" "$ROOT/config/preboot.asadmin" > "$WORK/preboot.asadmin"
  sed -e "s#\${procgate.rar}#$WORK/procgate-connector.rar#" -e "s#\${procgate.resources}#$ROOT/config/procgate-resources.xml#" \
      "$ROOT/config/postboot.asadmin" > "$WORK/postboot.asadmin"
  say "starting Payara Micro with procgate and the bare WAR on 127.0.0.1:$HTTP_PORT"
  java -Xmx1g -Djava.io.tmpdir="$WORK" -Dprocgate.home="$ROOT" -Dprocgate.db.dir="$WORK/db" \
    -Dprocgate.db.pgPort=0 -Dprocgate.db.tcpPort=0 -Dprocgate.db.records=1000 \
    -jar "$WORK/payara-micro.jar" --nohazelcast --port "$HTTP_PORT" --rootdir "$WORK/micro" \
    --prebootcommandfile "$WORK/preboot.asadmin" --postbootcommandfile "$WORK/postboot.asadmin" \
    --addlibs "$WORK/procgate-connector-api.jar" \
    --deploy "$WORK/procgate.war" --deploy "$WORK/bare.war" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 180); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$WORK/server.log" >&2; die "the server exited"; }
    if curl -fsS -o /dev/null "$BASE/procgate/fcgi/hello/" 2>/dev/null && curl -fsS -o /dev/null "$BASE/bare/api/hello" 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  die "not ready after 180 s"
}

start_nginx() {
  local i upstream=""
  for i in $(seq 1 "$NGINX_WORKERS"); do
    spawn-fcgi -n -s "$WORK/hello-$i.sock" -- /usr/bin/perl "$ROOT/samples/fcgi/hello.pl" >/dev/null 2>&1 &
    PIDS+=($!)
    upstream+="        server unix:$WORK/hello-$i.sock;"$'\n'
  done
  for i in $(seq 1 "$NGINX_WORKERS"); do await_socket "$WORK/hello-$i.sock"; done
  nginx_conf "$WORK/nginx" "$(cat <<EOF
    upstream hello {
$upstream    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location /hello/ { include /etc/nginx/fastcgi_params; fastcgi_pass hello; }
    }
EOF
)"
  run_nginx "$WORK/nginx"
  PIDS+=($!)
  await_nginx "http://127.0.0.1:$NGINX_PORT/hello/" "the hello workers" "$WORK"
}

pid_ticks() { local sum=0 pid; for pid in "$@"; do sum=$((sum + $(task_ticks "/proc/$pid"))); done; echo "$sum"; }
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u); if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'; }

# measure NAME URL PIDS...: one wrk run; prints "name,req/s,p99 ms,µs of CPU per request (of PIDS)"
measure() {
  local name=$1 url=$2; shift 2
  local before after output rps requests p99
  before=$(pid_ticks "$@")
  output=$(wrk -t2 -c16 -d"${SECONDS_PER_POINT}s" --latency "$url")
  after=$(pid_ticks "$@")
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$output")
  requests=$(awk '/requests in/ {print $1}' <<<"$output")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$output")")
  echo "$name,$rps,$p99,$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }')"
}

main() {
  ensure_tools
  build
  build_bare_war
  HTTP_PORT=$(free_port); NGINX_PORT=$(free_port); BASE="http://127.0.0.1:$HTTP_PORT"
  start_server
  start_nginx
  local nginx_pids workers
  nginx_pids=$(pgrep -f "$WORK/nginx" | tr '\n' ' ')
  workers=$(pgrep -f "spawn-fcgi.*$WORK|$WORK/hello" | tr '\n' ' ' || true)
  declare -A URL=(
    [bare-servlet]="$BASE/bare/servlet/hello"
    [bare-jaxrs]="$BASE/bare/api/hello"
    [procgate-jaxrs]="$BASE/procgate/api/hello"
    [procgate-fcgi]="$BASE/procgate/fcgi/hello/"
    [nginx-fcgi]="http://127.0.0.1:$NGINX_PORT/hello/"
  )
  local order=(bare-servlet bare-jaxrs procgate-jaxrs procgate-fcgi nginx-fcgi) name round
  say "warming up"
  for name in "${order[@]}"; do wrk -t2 -c16 -d5s "${URL[$name]}" >/dev/null; done
  warm_procgate() { local name; for name in procgate-jaxrs procgate-fcgi; do wrk -t2 -c16 -d5s "${URL[$name]}" >/dev/null; done; }
  settle_jit "$SERVER_PID" warm_procgate
  : > "$WORK/results.csv"
  for round in $(seq 1 "$ROUNDS"); do
    for name in "${order[@]}"; do
      if [[ $name == nginx-fcgi ]]; then
        # shellcheck disable=SC2086
        measure "$name" "${URL[$name]}" $nginx_pids $(pgrep -f "$ROOT/samples/fcgi/hello.pl" | tr '\n' ' ') >> "$WORK/results.csv"
      else
        measure "$name" "${URL[$name]}" "$SERVER_PID" >> "$WORK/results.csv"
      fi
      say "round $round: $(tail -1 "$WORK/results.csv")"
    done
  done
  report
}

# median of column C over the rounds of path N
median() { median_of "$WORK/results.csv" "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

report() {
  local name rows="" sj bj pj pf nf
  for name in bare-servlet bare-jaxrs procgate-jaxrs procgate-fcgi nginx-fcgi; do
    rows+="| $name | $(awk -F, -v n="$name" '$1 == n {printf "%s%s", s, $2; s = " / "}' "$WORK/results.csv") | $(awk -F, -v n="$name" '$1 == n {printf "%s%s", s, $3; s = " / "}' "$WORK/results.csv") | $(awk -F, -v n="$name" '$1 == n {printf "%s%s", s, $4; s = " / "}' "$WORK/results.csv") |"$'\n'
  done
  sj=$(median bare-servlet 2); bj=$(median bare-jaxrs 2); pj=$(median procgate-jaxrs 2); pf=$(median procgate-fcgi 2); nf=$(median nginx-fcgi 2)
  cat > "$OUT" <<EOF
# The cost of a request inside the server: hello, five ways

\`bench/hello-benchmark.sh\` (about 4 minutes) answers the same "Hello, world" five ways in one run
on this machine, \`wrk -t2 -c16\` for ${SECONDS_PER_POINT} s per point, ${ROUNDS} rounds after a warm-up,
everything on the same two cores as the client:

- **bare-servlet**, **bare-jaxrs**: a plain servlet and a JAX-RS resource in a bare WAR
  (\`bench/bare/\`) deployed beside procgate in the same Payara Micro: the server's floor and its
  JAX-RS ceiling;
- **procgate-jaxrs**: procgate's \`/api/hello\` (JAX-RS in procgate's WAR);
- **procgate-fcgi**: \`/fcgi/hello/\`, the gateway servlet and a Perl FCGI worker of the pool \`hello\`;
- **nginx-fcgi**: nginx in front of ${NGINX_WORKERS} workers of its own of the same program.

CPU per request is the server JVM's (for nginx: nginx's and its workers'), from \`/proc\`.

Run on $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, server \`-Xmx1g\` (as \`./procgate run\`).

| path | req/s per round | p99 ms per round | µs of CPU per request per round |
|---|---|---|---|
$rows
| ratio (medians of the rounds) | measured | target |
|---|---:|---|
| procgate's /api/hello against the bare JAX-RS hello | $(ratio "$pj" "$bj")x | at least 0.85x |
| /fcgi/hello/ against /api/hello | $(ratio "$pf" "$pj")x | at least 0.6x |
| /fcgi/hello/ against nginx in front of the same workers | $(ratio "$pf" "$nf")x | at least 0.5x |
| bare JAX-RS against the bare servlet | $(ratio "$bj" "$sj")x | (what JAX-RS costs) |
EOF
  cp "$WORK/results.csv" "$ROOT/docs/hello-benchmark.csv"
  cat "$OUT"
}

main "$@"
