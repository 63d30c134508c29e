#!/usr/bin/env bash
# The record-search benchmark: procgate's FastCGI, CGI and JDBC paths on a million records, nginx in
# front of the same Python FastCGI workers, and the hello pair (a FastCGI worker through /fcgi, Perl and Python,
# against a JAX-RS resource). Everything listens on 127.0.0.1; everything started here is stopped
# on exit, also on Ctrl-C.
#
#   bench/search-benchmark.sh            # 8 to 12 minutes, plus the one-time load of 1M rows (~2 min)
#
# Environment: BENCH_SECONDS (10) per measurement, BENCH_RECORDS (1000000), BENCH_ROUNDS (3),
# BENCH_SKIP_BUILD=1.
# Results: docs/search-benchmark/results.csv (the curves), rounds.csv (procgate and nginx in turns, for
# the ratios), results.md, throughput.png, latency.png.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_POINT="${BENCH_SECONDS:-10}"
WARMUP_SECONDS=5
RECORDS="${BENCH_RECORDS:-1000000}"
CONCURRENCY=(1 16 64)
ROUNDS="${BENCH_ROUNDS:-3}"
RUN_DIR="$ROOT/target/bench"
OUT_DIR="$ROOT/docs/search-benchmark"
WORK="$(mktemp -d /tmp/procgate-bench.XXXXXX)"
PYTHON=/usr/bin/python3
NGINX_WORKERS=4

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# ---- what runs, and how it is stopped -----------------------------------------------------------

PIDS=()
SERVER_PID=""
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  stop_server "$SERVER_PID"
  for pid in "${PIDS[@]}"; do
    for _ in 1 2 3 4 5; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- prerequisites ------------------------------------------------------------------------------

ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  "$PYTHON" -c 'import psycopg2' 2>/dev/null || missing+=(python3-psycopg2)
  command -v curl >/dev/null || missing+=(curl)
  install_packages "${missing[@]}"
}

build() {
  [[ "${BENCH_SKIP_BUILD:-}" == 1 ]] && return 0
  say "building"
  (cd "$ROOT" && { mvn -B -q -o -DskipTests package -pl war -am || mvn -B -q -DskipTests package -pl war -am; }) \
    || die "build failed"
}

# ---- procgate on Payara Micro -------------------------------------------------------------------

start_procgate() {
  mkdir -p "$RUN_DIR"
  sed "s#\${procgate.http.address}#127.0.0.1#" "$ROOT/config/preboot.asadmin" > "$WORK/preboot.asadmin"
  sed -e "s#\${procgate.rar}#$ROOT/war/target/it/procgate-connector.rar#" \
      -e "s#\${procgate.resources}#$ROOT/config/procgate-resources.xml#" \
      "$ROOT/config/postboot.asadmin" > "$WORK/postboot.asadmin"
  say "starting procgate on 127.0.0.1:$HTTP_PORT with $RECORDS records (the first start generates them)"
  java -Xmx1500m \
    -Dprocgate.home="$ROOT" \
    -Dprocgate.db.dir="$RUN_DIR/db" \
    -Dprocgate.db.records="$RECORDS" \
    -Dprocgate.db.pgPort="$PG_PORT" \
    -Dprocgate.db.tcpPort=0 \
    -jar "$ROOT/war/target/it/payara-micro.jar" \
    --nohazelcast --port "$HTTP_PORT" --rootdir "$WORK/micro" \
    --prebootcommandfile "$WORK/preboot.asadmin" \
    --postbootcommandfile "$WORK/postboot.asadmin" \
    --addlibs "$ROOT/war/target/it/procgate-connector-api.jar" \
    --deploy "$ROOT/war/target/procgate.war" > "$RUN_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  # loading a million rows takes about two minutes on two cores; 15 minutes is the outer bound
  for _ in $(seq 1 900); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "procgate exited; see $RUN_DIR/server.log"
    if curl -fsS -o /dev/null --max-time 5 "$PROCGATE/api/records?limit=1&via=direct" 2>/dev/null; then
      grep -h "records: " "$RUN_DIR/server.log" | sed 's/^.*records: /bench: load: /' | tail -4 >&2 || true
      say "procgate ready"
      return 0
    fi
    sleep 1
  done
  die "procgate not ready after 900 s; see $RUN_DIR/server.log"
}

# ---- nginx in front of its own Python search workers --------------------------------------------

start_nginx() {
  local i upstream=""
  for i in $(seq 1 "$NGINX_WORKERS"); do
    # the same program and settings as procgate's pool "search", with its own processes: a worker
    # serves one connection at a time, so nginx and procgate must never share one
    env -i PATH=/usr/bin:/bin PGHOST=127.0.0.1 PGPORT="$PG_PORT" PGDATABASE=procgate PGUSER=procgate \
      PGPASSFILE="$RUN_DIR/db/pgpass" PGCONNECT_TIMEOUT=5 \
      "$PYTHON" "$ROOT/samples/fcgi/search_app.py" --bind "$WORK/search-$i.sock" 2>>"$WORK/workers.log" &
    PIDS+=($!)
    upstream+="        server unix:$WORK/search-$i.sock;"$'\n'
  done
  for i in $(seq 1 "$NGINX_WORKERS"); do await_socket "$WORK/search-$i.sock" "$WORK/workers.log"; done
  nginx_conf "$WORK/nginx" "$(cat <<EOF
    upstream search {
$upstream    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = /search {
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_NAME /search;
            fastcgi_param PATH_INFO "";
            fastcgi_pass search;
        }
    }
EOF
)"
  run_nginx "$WORK/nginx"
  PIDS+=($!)
  await_nginx "http://127.0.0.1:$NGINX_PORT/search?q=ann&match=prefix&country=AT" \
    "the search workers, on 127.0.0.1:$NGINX_PORT with $NGINX_WORKERS workers" "$WORK"
}

# ---- measuring ----------------------------------------------------------------------------------

# paths_file NAME PREFIX SUFFIX QUERIES: one request path per line
paths_file() {
  local file="$WORK/$1.paths"
  sed -e "s#^#$2#" -e "s#\$#$3#" "$ROOT/bench/$4" > "$file"
  echo "$file"
}

# wrk output's latency ("850.00us", "1.20ms", "2.01s") in milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# CPU time in clock ticks: of one process, of the sample programs alive now, of the whole machine
ticks_of() { task_ticks "/proc/$1"; }
program_ticks() {
  local pid sum=0
  for pid in $(pgrep -f "$ROOT/samples/" || true); do sum=$((sum + $(ticks_of "$pid"))); done
  echo "$sum"
}
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }

# per_request TICKS REQUESTS: microseconds of CPU per request
per_request() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print 0 }'; }

# measure TARGET CONCURRENCY BASE_URL PATHS_FILE: appends one row to $CSV (or to $MEASURE_CSV)
measure() {
  local target=$1 clients=$2 base=$3 paths=$4 threads=2 out
  [[ $clients -lt $threads ]] && threads=$clients
  local server0 programs0 machine0
  server0="$(ticks_of "$SERVER_PID")"; programs0="$(program_ticks)"; machine0="$(machine_ticks)"
  out="$(wrk -t"$threads" -c"$clients" -d"${SECONDS_PER_POINT}s" --timeout 10s --latency \
    -s "$ROOT/bench/rotate.lua" "$base" -- "$paths")"
  local requests server_us programs_us machine_us
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  server_us="$(per_request $(( $(ticks_of "$SERVER_PID") - server0 )) "$requests")"
  # programs that ended during the point (CGI scripts) are missing here; the machine total has them
  programs_us="$(per_request $(( $(program_ticks) - programs0 )) "$requests")"
  machine_us="$(per_request $(( $(machine_ticks) - machine0 )) "$requests")"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  errors="$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")"
  printf '%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$target" "$clients" "$rps" "$p50" "$p99" "$errors" \
    "$server_us" "$programs_us" "$machine_us" >> "${MEASURE_CSV:-$CSV}"
  say "$(printf '%-22s c=%-3s %8s req/s  p50 %7s ms  p99 %7s ms  errors %s  cpu/req: server %s us, programs %s us, machine %s us' \
    "$target" "$clients" "$rps" "$p50" "$p99" "$errors" "$server_us" "$programs_us" "$machine_us")"
}

warm_up() {
  wrk -t2 -c16 -d"${WARMUP_SECONDS}s" --timeout 10s -s "$ROOT/bench/rotate.lua" "$1" -- "$2" >/dev/null
}

run_target() {
  local target=$1 base=$2 paths=$3 clients
  warm_up "$base" "$paths"
  for clients in "${CONCURRENCY[@]}"; do
    measure "$target" "$clients" "$base" "$paths"
  done
}

# The ratio targets: procgate and nginx in turns, the same paths at 16 clients, ROUNDS times, so
# that both see the same machine; the targets take the medians. On two shared cores one point alone
# swings by a third from minute to minute.
ratio_rounds() {
  local round MEASURE_CSV="$ROUNDS_CSV"
  for round in $(seq 1 "$ROUNDS"); do
    # warmed again each time: the pool ends workers idle for 10 s (idleTimeoutMillis) while nginx is
    # measured, and a round must not time their start
    warm_up "$PROCGATE" "$FASTCGI_PATHS"
    split_threads fastcgi-search measure fastcgi-search 16 "$PROCGATE" "$FASTCGI_PATHS"
    warm_up "http://127.0.0.1:$NGINX_PORT" "$NGINX_PATHS"
    split_threads nginx-search measure nginx-search 16 "http://127.0.0.1:$NGINX_PORT" "$NGINX_PATHS"
  done
}

# The server's CPU in two thread groups, in clock ticks: request (HTTP threads: the servlet
# container, JAX-RS and procgate) and jit (the compilers). The rest (H2's PostgreSQL server, which
# every worker queries, runs a thread per connection) is the server's total less these.
thread_ticks() {
  local task
  for task in /proc/"$SERVER_PID"/task/*; do
    printf '%s\t%s\n' "$(cat "$task/comm" 2>/dev/null)" "$(task_ticks "$task")"
  done | awk -F'\t' '{ g = "other" }
    $1 ~ /^http-/ { g = "request" } $1 ~ /CompilerThre/ { g = "jit" }
    { t[g] += $2 } END { printf "%d,%d\n", t["request"], t["jit"] }'
}

# split_threads TARGET COMMAND...: runs the command and adds the server's CPU by thread
# group during it to $THREADS_CSV
split_threads() {
  local target=$1 before after
  shift
  before="$(thread_ticks)"
  "$@"
  after="$(thread_ticks)"
  paste -d, <(tr , '\n' <<<"$before") <(tr , '\n' <<<"$after") \
    | awk -F, -v t="$target" '{ d[NR] = $2 - $1 } END { printf "%s,%d,%d\n", t, d[1], d[2] }' >> "$THREADS_CSV"
}

# ---- reporting ----------------------------------------------------------------------------------

value() { awk -F, -v t="$1" -v c="$2" -v col="$3" '$1 == t && $2 == c {print $col}' "$CSV"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

verdict() { awk -v v="$1" -v op="$2" -v limit="$3" 'BEGIN {
  ok = (op == ">=") ? (v >= limit) : (op == "<=") ? (v <= limit) : (v < limit); print (ok ? "met" : "**missed**") }'; }

report() {
  local md="$OUT_DIR/results.md" load
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  {
    echo "# Record-search benchmark results"
    echo
    echo "Written by \`bench/search-benchmark.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $RECORDS records,"
    echo "$(nproc) cores, wrk for ${SECONDS_PER_POINT} s per point after ${WARMUP_SECONDS} s of warm-up per target,"
    echo "load average before the run $LOAD_BEFORE, after it $load."
    echo
    echo "CPU per request, in microseconds: of the server JVM (HTTP, procgate, and the H2 database the"
    echo "programs query), of the sample programs alive for the whole point (procgate's and nginx's workers;"
    echo "not the CGI scripts, which come and go), and of the whole machine (wrk and nginx included)."
    echo
    echo "| target | clients | req/s | p50 ms | p99 ms | errors | server CPU µs | programs CPU µs | machine CPU µs |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    tail -n +2 "$CSV" | awk -F, '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}'
    echo
    echo "## Targets (ratios within this run, 16 clients)"
    echo
    echo "FastCGI against nginx: the median of the $ROUNDS rounds' ratios, each procgate round against the"
    echo "nginx round right after it (req/s and p99 ms per round:"
    echo "procgate $(awk -F, '$1 == "fastcgi-search" {printf "%s%s/%s", s, $3, $5; s = ", "}' "$ROUNDS_CSV");"
    echo "nginx $(awk -F, '$1 == "nginx-search" {printf "%s%s/%s", s, $3, $5; s = ", "}' "$ROUNDS_CSV")). The rest from the curves."
    echo
    local fc ng cg fh jh p99 np99
    local throughput tail
    throughput="$(paired_ratio 3)"; tail="$(paired_ratio 5)"
    p99="$(median_of "$ROUNDS_CSV" fastcgi-search 5)"; np99="$(median_of "$ROUNDS_CSV" nginx-search 5)"
    fc="$(value fastcgi-search 16 3)"; cg="$(value cgi-search 16 3)"; fh="$(value fastcgi-hello 16 3)"; jh="$(value jaxrs-hello 16 3)"
    echo "| target | measured | verdict |"
    echo "|---|---:|---|"
    echo "| FastCGI search >= 0.75x nginx on the same workers | ${throughput}x | $(verdict "$throughput" ">=" 0.75) |"
    echo "| FastCGI search >= 50x CGI | $(ratio "$fc" "$cg")x | $(verdict "$(ratio "$fc" "$cg")" ">=" 50) |"
    echo "| FastCGI hello >= 0.6x JAX-RS hello | $(ratio "$fh" "$jh")x | $(verdict "$(ratio "$fh" "$jh")" ">=" 0.6) |"
    echo "| p99 of a selective search via FastCGI <= 1.5x nginx's | ${tail}x (medians $p99 ms against $np99 ms) | $(verdict "$tail" "<=" 1.5) |"
    echo
    echo "## Where the server's CPU goes, per search at 16 clients (all rounds)"
    echo
    echo "The server JVM's CPU per request (median of the rounds), and the part of it spent on the HTTP"
    echo "request threads (the servlet container, JAX-RS and procgate's exchange with the worker) and by"
    echo "the JIT compilers over all rounds. The rest is mostly H2's PostgreSQL server, which every"
    echo "worker queries, whoever sent the request."
    echo
    echo "| target | server µs | request threads µs | JIT µs |"
    echo "|---|---:|---:|---:|"
    thread_rows
    echo
    echo "![throughput](throughput.png)"
    echo
    echo "![p99 latency](latency.png)"
  } > "$md"
  plot
  say "results: $md"
  cat "$md" >&2
}

# paired_ratio COLUMN: the median over the rounds of procgate's COLUMN over nginx's in the same round
paired_ratio() {
  paste -d, <(awk -F, -v c="$1" '$1 == "fastcgi-search" {print $c}' "$ROUNDS_CSV") \
            <(awk -F, -v c="$1" '$1 == "nginx-search" {print $c}' "$ROUNDS_CSV") \
    | awk -F, '$2 > 0 {printf "ratio,%.2f\n", $1 / $2}' > "$WORK/ratios.csv"
  median_of "$WORK/ratios.csv" ratio 2
}

# one table row per target of $THREADS_CSV: microseconds of each thread group per request
thread_rows() {
  local target requests
  for target in fastcgi-search nginx-search; do
    requests="$(awk -F, -v t="$target" -v s="$SECONDS_PER_POINT" '$1 == t {n += $3 * s} END {print n + 0}' "$ROUNDS_CSV")"
    awk -F, -v t="$target" -v n="$requests" -v hz="$(getconf CLK_TCK)" -v server="$(median_of "$ROUNDS_CSV" "$target" 7)" '
      $1 == t { request += $2; jit += $3 }
      END { if (n > 0) printf "| %s | %s | %.0f | %.0f |\n", t, server, request * 1e6 / hz / n, jit * 1e6 / hz / n }' "$THREADS_CSV"
  done
}

plot() {
  local targets
  targets="$(tail -n +2 "$CSV" | cut -d, -f1 | awk '!seen[$0]++')"
  local target series_rps="" series_p99="" first=1
  for target in $targets; do
    awk -F, -v t="$target" '$1 == t {print $2, $3, $5}' "$CSV" > "$WORK/$target.dat"
    [[ $first -eq 1 ]] || { series_rps+=", "; series_p99+=", "; }
    series_rps+="'$WORK/$target.dat' using 1:2 with linespoints title '$target'"
    series_p99+="'$WORK/$target.dat' using 1:3 with linespoints title '$target'"
    first=0
  done
  gnuplot <<EOF
set terminal pngcairo size 900,540 font "sans,10"
set logscale xy
set xtics (1, 16, 64)
set xlabel "concurrent clients"
set grid
set key outside right
set output "$OUT_DIR/throughput.png"
set title "Record search on $RECORDS records: throughput (higher is better)"
set ylabel "requests per second"
plot $series_rps
set output "$OUT_DIR/latency.png"
set title "Record search on $RECORDS records: p99 latency (lower is better)"
set ylabel "p99 latency, ms"
plot $series_p99
EOF
}

# ---- the run ------------------------------------------------------------------------------------

ensure_tools
build
HTTP_PORT="$(free_port)"
NGINX_PORT="$(free_port)"
PG_PORT="$(free_port)"
PROCGATE="http://127.0.0.1:$HTTP_PORT/procgate"
mkdir -p "$OUT_DIR"
CSV="$OUT_DIR/results.csv"
ROUNDS_CSV="$OUT_DIR/rounds.csv"
echo "target,clients,req_per_s,p50_ms,p99_ms,errors,server_cpu_us,programs_cpu_us,machine_cpu_us" > "$CSV"
cp "$CSV" "$ROUNDS_CSV"
THREADS_CSV="$OUT_DIR/server-threads.csv"
echo "target,request_ticks,jit_ticks" > "$THREADS_CSV"

start_procgate
start_nginx
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
say "load average now $LOAD_BEFORE (2 cores: numbers are only comparable within one quiet run)"

FASTCGI_PATHS="$(paths_file fastcgi /procgate/api/records? '\&via=fastcgi' selective-queries.txt)"
NGINX_PATHS="$(paths_file nginx /search? '' selective-queries.txt)"
DIRECT_PATHS="$(paths_file direct /procgate/api/records? '\&via=direct' selective-queries.txt)"
echo "/procgate/fcgi/hello/" > "$WORK/fcgi-hello.paths"
echo "/procgate/fcgi/hello-python/" > "$WORK/fcgi-hello-python.paths"
echo "/procgate/api/hello" > "$WORK/jaxrs-hello.paths"

# A freshly started server compiles for a minute or more; whichever target came first would pay for
# it. Every server-side path runs twice first, so the JIT has settled before anything is measured.
say "warming up the server (about $((2 * 5 * WARMUP_SECONDS)) s)"
for _ in 1 2; do
  warm_up "$PROCGATE" "$FASTCGI_PATHS"
  warm_up "$PROCGATE" "$DIRECT_PATHS"
  warm_up "$PROCGATE" "$WORK/fcgi-hello.paths"
  warm_up "$PROCGATE" "$WORK/fcgi-hello-python.paths"
  warm_up "$PROCGATE" "$WORK/jaxrs-hello.paths"
done
warm_procgate() { warm_up "$PROCGATE" "$FASTCGI_PATHS"; warm_up "$PROCGATE" "$DIRECT_PATHS"; }
settle_jit "$SERVER_PID" warm_procgate

ratio_rounds
run_target fastcgi-search "$PROCGATE" "$FASTCGI_PATHS"
run_target nginx-search "http://127.0.0.1:$NGINX_PORT" "$NGINX_PATHS"
run_target direct-search "$PROCGATE" "$DIRECT_PATHS"
run_target cgi-search "$PROCGATE" "$(paths_file cgi /procgate/api/records? '\&via=cgi' selective-queries.txt)"
run_target fastcgi-substring "$PROCGATE" "$(paths_file substring /procgate/api/records? '\&via=fastcgi' substring-queries.txt)"
run_target fastcgi-hello "$PROCGATE" "$WORK/fcgi-hello.paths"
run_target fastcgi-hello-python "$PROCGATE" "$WORK/fcgi-hello-python.paths"
run_target jaxrs-hello "$PROCGATE" "$WORK/jaxrs-hello.paths"

report
