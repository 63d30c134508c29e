#!/usr/bin/env bash
# The streaming benchmark: large answers and flushed lines through procgate's FastCGI gateway, with
# response buffering on (pool bench-stream) and off (bench-stream-direct), and nginx
# (fastcgi_buffering off) in front of its own processes of the same program as the anchor.
# Everything listens on 127.0.0.1; everything started here is stopped on exit, also on Ctrl-C.
#
#   bench/streaming-benchmark.sh                 # about 3-5 minutes on 2 cores
#   BENCH_QUICK=1 bench/streaming-benchmark.sh   # a check that it all works, about a minute
#
#   1. 64 concurrent 100 MB downloads per pool: errors, OutOfMemoryError, the server's RSS
#   2. one 1 GB download, 3 rounds: procgate (both pools) against nginx, MB/s
#   3. 16 clients reading a line every 50 ms for 10 s: flush-to-read latency, p50/p99/max
#
# Environment: BENCH_QUICK=1 (8 x 10 MB, one 100 MB download, 3 s of lines), BENCH_SKIP_BUILD=1,
# BENCH_WRITE_DOCS=1 (a quick run writes docs/ only when asked; a full run always does).
# Results: the "Results" part of docs/streaming-benchmark.md, docs/streaming-benchmark/*.csv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QUICK="${BENCH_QUICK:-0}"
if [[ "$QUICK" == 1 ]]; then
  DOWNLOADS=8; DOWNLOAD_BYTES=$((10 * 1024 * 1024)); SINGLE_BYTES=$((100 * 1024 * 1024)); TICK_SECONDS=3
  WRITE_DOCS="${BENCH_WRITE_DOCS:-0}"
else
  DOWNLOADS=64; DOWNLOAD_BYTES=$((100 * 1024 * 1024)); SINGLE_BYTES=$((1024 * 1024 * 1024)); TICK_SECONDS=10
  WRITE_DOCS="${BENCH_WRITE_DOCS:-1}"
fi
ROUNDS=3
TICK_CLIENTS=16
TICK_MS=50
TICK_LINES=$((TICK_SECONDS * 1000 / TICK_MS))
RSS_LIMIT_MB=256
SPEED_RATIO_TARGET=0.8
P99_LIMIT_MS=10
NGINX_LATENCY_WORKERS=$TICK_CLIENTS
HEAP=-Xmx1g   # what ./procgate run gives the server
OUT_MD="$ROOT/docs/streaming-benchmark.md"
OUT_DIR="$ROOT/docs/streaming-benchmark"
WORK="$(mktemp -d /tmp/procgate-stream-bench.XXXXXX)"
PYTHON=/usr/bin/python3
STARTED_AT="$(date +%s)"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# ---- what runs, and how it is stopped -----------------------------------------------------------

PIDS=()          # nginx, its workers, the RSS sampler
CLIENT_PIDS=()   # the curl processes of the batch under way
SERVER_PID=""
cleanup() {
  local pid left=()
  for pid in "${CLIENT_PIDS[@]}" "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    # the workers procgate started: stopped by procgate on the way down, by us if it does not get there
    left=($(descendants "$SERVER_PID"))
  fi
  stop_server "$SERVER_PID"
  for pid in "${CLIENT_PIDS[@]}" "${PIDS[@]}" "${left[@]}"; do
    for _ in 1 2 3 4 5; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [[ "${BENCH_KEEP_WORK:-}" == 1 ]] && { say "kept $WORK"; return; }
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- prerequisites ------------------------------------------------------------------------------

ensure_tools() {
  local missing=()
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
  command -v curl >/dev/null || missing+=(curl)
  [[ -x "$PYTHON" ]] || missing+=(python3)
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  install_packages "${missing[@]}"
}

# ---- nginx in front of its own stream_app.py workers --------------------------------------------

start_nginx() {
  local i upstream_many=""
  # worker 0 serves the single download, 1..16 the latency clients (one connection each at a time)
  for i in $(seq 0 "$NGINX_LATENCY_WORKERS"); do
    env -i PATH=/usr/bin:/bin PYTHONPATH="$ROOT/samples/lib" \
      "$PYTHON" "$ROOT/bench/programs/stream_app.py" --bind "$WORK/stream-$i.sock" 2>>"$WORK/workers.log" &
    PIDS+=($!)
    [[ $i -gt 0 ]] && upstream_many+="        server unix:$WORK/stream-$i.sock;"$'\n'
  done
  for i in $(seq 0 "$NGINX_LATENCY_WORKERS"); do await_socket "$WORK/stream-$i.sock" "$WORK/workers.log"; done
  nginx_conf "$WORK/nginx" "$(cat <<EOF
    upstream stream_one {
        server unix:$WORK/stream-0.sock;
    }
    upstream stream_many {
        least_conn;
$upstream_many    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        # pass-through: nginx reads the program into one buffer of fastcgi_buffer_size and writes it on
        fastcgi_buffering off;
        fastcgi_read_timeout 300s;
        include /etc/nginx/fastcgi_params;
        fastcgi_param SCRIPT_NAME "";
        fastcgi_param PATH_INFO \$uri;
        # the anchor: reads of 64 KB, the program's record size
        location /one/ {
            fastcgi_buffer_size 64k;
            fastcgi_buffers 4 64k;
            fastcgi_busy_buffers_size 128k;
            fastcgi_pass stream_one;
        }
        location /many/ {
            fastcgi_buffer_size 64k;
            fastcgi_buffers 4 64k;
            fastcgi_busy_buffers_size 128k;
            fastcgi_pass stream_many;
        }
        # for comparison: nginx's default buffer, one memory page (4 KB here)
        location /one-default/ {
            fastcgi_pass stream_one;
        }
    }
EOF
)"
  run_nginx "$WORK/nginx"
  PIDS+=($!)
  await_nginx "$NGINX/one/download?n=10" \
    "the stream workers, on 127.0.0.1:$NGINX_PORT with $((NGINX_LATENCY_WORKERS + 1)) workers" "$WORK"
}

# ---- measuring ----------------------------------------------------------------------------------

mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }

rss_kb() {
  local key value rest
  while read -r key value rest; do [[ $key == VmRSS: ]] && { echo "$value"; return; }; done \
    < "/proc/$SERVER_PID/status"
}

# the bytes in the spool files of buffered answers now: unlinked once open, so found through the
# server's open files
spool_bytes() {
  local files
  files="$(find "/proc/$SERVER_PID/fd" -lname '*procgate-answer-*' 2>/dev/null || true)"
  [[ -n "$files" ]] || { echo 0; return; }
  stat -L -c %s $files 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'
}

# every 100 ms: "RSS_KB SPOOL_BYTES"
sample() {
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    echo "$(rss_kb) $(spool_bytes)"
    sleep 0.1
  done
}

oom_count() { grep -c OutOfMemoryError "$SERVER_LOG" || true; }

# fetch_all NAME URL COUNT BYTES: COUNT concurrent curl downloads; their lines in $WORK/NAME.*.out
fetch_all() {
  local name=$1 url=$2 count=$3 bytes=$4 i pid status=0
  CLIENT_PIDS=()
  for i in $(seq 1 "$count"); do
    { curl -sS -o /dev/null --max-time 600 -w '%{http_code} %{size_download} %{speed_download}\n' \
        "$url?n=$bytes" 2>"$WORK/$name.$i.err" || echo "curl-exit-$?"; } > "$WORK/$name.$i.out" &
    CLIENT_PIDS+=($!)
  done
  for pid in "${CLIENT_PIDS[@]}"; do wait "$pid" || status=1; done
  CLIENT_PIDS=()
  return $status
}

# a whole download: one line of curl's, 200 and all BYTES (a failed curl adds a line curl-exit-N)
whole() { awk -v n="$2" 'NR == 1 && $1 == "200" && $2 == n && NF == 3 { ok = 1 } NR > 1 { ok = 0 } END { exit !ok }' <<<"$1"; }

# errors in a batch: not 200, short, or a curl failure
count_errors() {
  local name=$1 bytes=$2 file errors=0
  for file in "$WORK/$name".*.out; do whole "$(cat "$file")" "$bytes" || errors=$((errors + 1)); done
  echo "$errors"
}

# concurrent TARGET POOL: the concurrent downloads through one pool, with the server's RSS
concurrent() {
  local target=$1 pool=$2 url="$PROCGATE/fcgi/$2/download"
  local before oom0 t0 t1 sampler errors peak spool growth total_mb_s oom
  oom0="$(oom_count)"
  before="$(rss_kb)"
  sample > "$WORK/$target.rss" &
  sampler=$!; PIDS+=($sampler)
  t0="$(date +%s.%N)"
  fetch_all "$target" "$url" "$DOWNLOADS" "$DOWNLOAD_BYTES" || true
  t1="$(date +%s.%N)"
  sleep 0.3
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  errors="$(count_errors "$target" "$DOWNLOAD_BYTES")"
  peak="$(awk -v b="$before" '$1 > m { m = $1 } END { print (m > b ? m : b) }' "$WORK/$target.rss")"
  spool="$(awk '$2 > m { m = $2 } END { print m + 0 }' "$WORK/$target.rss")"
  growth=$((peak - before))
  total_mb_s="$(awk -v c="$DOWNLOADS" -v b="$DOWNLOAD_BYTES" -v s="$t0" -v e="$t1" \
    'BEGIN { printf "%.0f", c * b / 1e6 / (e - s) }')"
  oom=$(( $(oom_count) - oom0 ))
  printf '%s,%s,%s,%s,%s,%s,%.0f,%.0f,%.0f,%s,%s\n' "$target" "$DOWNLOADS" "$(mb "$DOWNLOAD_BYTES")" \
    "$errors" "$oom" "$(awk -v s="$t0" -v e="$t1" 'BEGIN { printf "%.1f", e - s }')" \
    "$(awk -v k="$before" 'BEGIN { print k / 1024 }')" "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" \
    "$(awk -v k="$growth" 'BEGIN { print k / 1024 }')" "$(mb "$spool")" "$total_mb_s" >> "$CONCURRENT_CSV"
  say "$(printf '%-27s %d x %s MB: errors %s, OOM %s, RSS %.0f -> peak %.0f MB (+%.0f), spooled to files %s MB, %s MB/s in all' \
    "$target" "$DOWNLOADS" "$(mb "$DOWNLOAD_BYTES")" "$errors" "$oom" "$(awk -v k="$before" 'BEGIN { print k / 1024 }')" \
    "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" "$(awk -v k="$growth" 'BEGIN { print k / 1024 }')" \
    "$(mb "$spool")" "$total_mb_s")"
  [[ "$errors" == 0 ]] || { say "errors of $target:"; grep -h . "$WORK/$target".*.err | sort | uniq -c | head -5 >&2 || true; }
}

# single TARGET URL: one download, ROUNDS times (interleaved by the caller); MB/s per round
single() {
  local target=$1 url=$2 round=$3 line speed sampler spool
  CLIENT_PIDS=()
  sample > "$WORK/$target.$round.rss" &
  sampler=$!; PIDS+=($sampler)
  line="$(curl -sS -o /dev/null --max-time 600 -w '%{http_code} %{size_download} %{speed_download}\n' \
    "$url?n=$SINGLE_BYTES" 2>>"$WORK/single.err" || echo "curl-exit-$?")"
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  spool="$(awk '$2 > m { m = $2 } END { print m + 0 }' "$WORK/$target.$round.rss")"
  speed="$(awk 'NR == 1 { printf "%.0f", $3 / 1e6 }' <<<"$line")"
  if ! whole "$line" "$SINGLE_BYTES"; then
    say "$target round $round failed: $(tr '\n' ' ' <<<"$line")"; echo "$target,$round,error,$spool" >> "$WORK/single.rounds"; return
  fi
  echo "$target,$round,$speed,$spool" >> "$WORK/single.rounds"
  say "$(printf '%-27s round %d: %5s MB/s, spooled to a file %s MB' "$target" "$round" "$speed" "$(mb "$spool")")"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

single_summary() {
  local target=$1 rounds med errors spool
  rounds="$(awk -F, -v t="$target" '$1 == t { printf "%s%s", sep, $3; sep = " " }' "$WORK/single.rounds")"
  errors="$(awk -F, -v t="$target" '$1 == t && $3 == "error" { e++ } END { print e + 0 }' "$WORK/single.rounds")"
  med="$(awk -F, -v t="$target" '$1 == t && $3 != "error" { print $3 }' "$WORK/single.rounds" | median)"
  spool="$(awk -F, -v t="$target" '$1 == t && $4 > m { m = $4 } END { print m + 0 }' "$WORK/single.rounds")"
  echo "$target,$(mb "$SINGLE_BYTES"),$errors,$rounds,$med,$(mb "$spool")" >> "$SINGLE_CSV"
}

# latency TARGET URL: TICK_CLIENTS readers of one answer of TICK_LINES lines each
latency() {
  local target=$1 url=$2 line
  line="$("$PYTHON" "$ROOT/bench/programs/tick_client.py" --clients "$TICK_CLIENTS" \
    "$url?n=$TICK_LINES&ms=$TICK_MS" 2>"$WORK/$target.ticks.err" || true)"
  [[ -n "$line" ]] || { cat "$WORK/$target.ticks.err" >&2; line="clients=$TICK_CLIENTS lines=0 errors=$TICK_CLIENTS p50_ms=nan p99_ms=nan max_ms=nan"; }
  [[ -s "$WORK/$target.ticks.err" ]] && head -5 "$WORK/$target.ticks.err" >&2
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $line"; }
  echo "$target,$TICK_CLIENTS,$TICK_MS,$(field lines),$(field errors),$(field p50_ms),$(field p99_ms),$(field max_ms)" >> "$LATENCY_CSV"
  say "$(printf '%-27s %s clients, a line every %s ms: %s lines, errors %s, p50 %s ms, p99 %s ms, max %s ms' \
    "$target" "$TICK_CLIENTS" "$TICK_MS" "$(field lines)" "$(field errors)" "$(field p50_ms)" "$(field p99_ms)" "$(field max_ms)")"
}

# the JIT compiles the paths once, and the pools start their workers, before anything is measured
warm_up() {
  local pool
  say "warming up: both pools, $DOWNLOADS concurrent downloads twice, a single one, a round of lines"
  for pool in bench-stream bench-stream-direct; do
    fetch_all "warm-$pool-1" "$PROCGATE/fcgi/$pool/download" "$DOWNLOADS" $((4 * 1024 * 1024)) || true
    fetch_all "warm-$pool-2" "$PROCGATE/fcgi/$pool/download" "$DOWNLOADS" $((4 * 1024 * 1024)) || true
    fetch_all "warm-$pool-3" "$PROCGATE/fcgi/$pool/download" 1 $((SINGLE_BYTES / 4)) || true
    "$PYTHON" "$ROOT/bench/programs/tick_client.py" --clients "$TICK_CLIENTS" \
      "$PROCGATE/fcgi/$pool/ticks?n=40&ms=10" >/dev/null 2>"$WORK/warm-$pool.ticks.err" || true
  done
  fetch_all warm-nginx "$NGINX/one/download" 1 $((SINGLE_BYTES / 4)) || true
  "$PYTHON" "$ROOT/bench/programs/tick_client.py" --clients "$TICK_CLIENTS" \
    "$NGINX/many/ticks?n=40&ms=10" >/dev/null 2>"$WORK/warm-nginx.ticks.err" || true
  local errors
  errors="$(cat "$WORK"/warm-*.out | awk '$1 != "200" || NF != 3 { e++ } END { print e + 0 }')"
  [[ "$errors" == 0 ]] || say "warm-up: $errors failed downloads"
  say "warm-up done: $(pgrep -fc -- "--bind $WORK/tmp/" || true) procgate workers running"
}

# ---- reporting ----------------------------------------------------------------------------------

verdict() { awk -v v="$1" -v op="$2" -v limit="$3" 'BEGIN {
  if (v == "" || v == "n/a" || v == "nan") { print "**no figure**"; exit }
  ok = (op == ">=") ? (v >= limit) : (op == "==") ? (v == limit) : (v < limit); print (ok ? "met" : "**missed**") }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "n/a") printf "%.2f", a / b; else print "n/a" }'; }

col() { awk -F, -v t="$2" -v c="$3" '$1 == t { print $c }' "$1"; }

results_block() {
  local kind="full run" mem
  [[ "$QUICK" == 1 ]] && kind="quick check (BENCH_QUICK=1): smaller sizes, not the benchmark's figures"
  mem="$(awk '/^MemTotal:/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
  echo "Written by \`bench/streaming-benchmark.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), $kind, in $(( $(date +%s) - STARTED_AT )) s."
  echo "Machine: $(nproc) cores, $mem RAM, $(java -version 2>&1 | head -1 | tr -d '"'); server JVM \`$HEAP\`"
  echo "(as \`./procgate run\`), Payara Micro; nginx $(nginx -v 2>&1 | sed 's#.*/##'). Load average before the"
  echo "measurements $LOAD_BEFORE, after them $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "**Concurrent downloads** ($DOWNLOADS at once, $(mb "$DOWNLOAD_BYTES") MB each, curl; server RSS sampled every 100 ms):"
  echo
  echo "| target | downloads | MB each | errors | OutOfMemoryError | seconds | RSS before MB | RSS peak MB | RSS growth MB | spooled to files, MB (peak) | MB/s in all |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  tail -n +2 "$CONCURRENT_CSV" | awk -F, '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }'
  echo
  echo "**One download** of $(mb "$SINGLE_BYTES") MB, $ROUNDS rounds, interleaved (curl's speed_download, MB/s = 10^6 bytes/s):"
  echo
  echo "| target | MB | errors | rounds MB/s | median MB/s | procgate / nginx | spooled to a file, MB (most of a round) |"
  echo "|---|---:|---:|---|---:|---:|---:|"
  local nginx_med
  nginx_med="$(col "$SINGLE_CSV" nginx-single 5)"
  tail -n +2 "$SINGLE_CSV" | while IFS=, read -r t m e r med sp; do
    if [[ $t == nginx-* ]]; then echo "| $t | $m | $e | $r | $med | | |"
    else echo "| $t | $m | $e | $r | $med | $(ratio "$med" "$nginx_med")x | $sp |"; fi
  done
  echo
  echo "**Flush-to-read latency**: $TICK_CLIENTS clients, each one answer of $TICK_LINES lines, a line every $TICK_MS ms ($TICK_SECONDS s):"
  echo
  echo "| target | clients | ms between lines | lines read | errors | p50 ms | p99 ms | max ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  tail -n +2 "$LATENCY_CSV" | awk -F, '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
  echo
  echo "**Targets**:"
  echo
  echo "| target | measured | verdict |"
  echo "|---|---:|---|"
  local t errors oom growth
  for t in fastcgi-buffered fastcgi-direct; do
    errors="$(col "$CONCURRENT_CSV" "$t" 4)"; oom="$(col "$CONCURRENT_CSV" "$t" 5)"; growth="$(col "$CONCURRENT_CSV" "$t" 9)"
    echo "| $t: no failed download of $DOWNLOADS | $errors errors | $(verdict "$errors" == 0) |"
    echo "| $t: no OutOfMemoryError | $oom | $(verdict "$oom" == 0) |"
    echo "| $t: server RSS growth < $RSS_LIMIT_MB MB | $growth MB | $(verdict "$growth" "<" "$RSS_LIMIT_MB") |"
  done
  local r
  for t in fastcgi-direct-single fastcgi-buffered-single; do
    r="$(ratio "$(col "$SINGLE_CSV" "$t" 5)" "$nginx_med")"
    echo "| $t: >= ${SPEED_RATIO_TARGET}x nginx | ${r}x | $(verdict "$r" ">=" "$SPEED_RATIO_TARGET") |"
  done
  for t in fastcgi-buffered-ticks fastcgi-direct-ticks; do
    r="$(col "$LATENCY_CSV" "$t" 7)"
    echo "| $t: p99 < $P99_LIMIT_MS ms | $r ms | $(verdict "$r" "<" "$P99_LIMIT_MS") |"
  done
}

report() {
  results_block > "$WORK/results.md"
  say "results:"
  cat "$WORK/results.md" >&2
  if [[ "$WRITE_DOCS" != 1 ]]; then
    say "a quick check: docs/ left as it is (BENCH_WRITE_DOCS=1 writes it)"
    return 0
  fi
  mkdir -p "$OUT_DIR"
  cp "$CONCURRENT_CSV" "$SINGLE_CSV" "$LATENCY_CSV" "$OUT_DIR/"
  # replace what is between the markers; the rest of the page is left as written
  local begin='<!-- results:begin (written by bench/streaming-benchmark.sh; edits here are overwritten) -->'
  local end='<!-- results:end -->'
  if [[ -f "$OUT_MD" ]] && grep -qF "$begin" "$OUT_MD" && grep -qF "$end" "$OUT_MD"; then
    awk -v b="$begin" -v e="$end" -v f="$WORK/results.md" '
      $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip { print }' "$OUT_MD" > "$WORK/page.md"
  else
    { [[ -f "$OUT_MD" ]] && cat "$OUT_MD" || echo "# Streaming benchmark"
      echo; echo "## Results"; echo; echo "$begin"; cat "$WORK/results.md"; echo "$end"; } > "$WORK/page.md"
  fi
  cp "$WORK/page.md" "$OUT_MD"
  say "written: $OUT_MD, $OUT_DIR/*.csv"
}

# ---- the run ------------------------------------------------------------------------------------

ensure_tools
build_if_missing
copy_artifacts
HTTP_PORT="$(free_port)"
NGINX_PORT="$(free_port)"
PROCGATE="http://127.0.0.1:$HTTP_PORT/procgate"
NGINX="http://127.0.0.1:$NGINX_PORT"
SERVER_LOG="$WORK/server.log"
CONCURRENT_CSV="$WORK/concurrent.csv"
SINGLE_CSV="$WORK/single.csv"
LATENCY_CSV="$WORK/latency.csv"
echo "target,downloads,mb_each,errors,oom,seconds,rss_before_mb,rss_peak_mb,rss_growth_mb,spooled_mb_peak,total_mb_per_s" > "$CONCURRENT_CSV"
echo "target,mb,errors,rounds_mb_per_s,median_mb_per_s,spooled_mb_max" > "$SINGLE_CSV"
echo "target,clients,ms_between_lines,lines,errors,p50_ms,p99_ms,max_ms" > "$LATENCY_CSV"
: > "$WORK/single.rounds"

start_procgate "$ROOT/bench/streaming-pools.xml" bench-stream bench-stream-direct
start_nginx
warm_up
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
say "load average now $LOAD_BEFORE ($(nproc) cores: figures are only comparable within one quiet run)"

concurrent fastcgi-buffered bench-stream
concurrent fastcgi-direct bench-stream-direct

for round in $(seq 1 "$ROUNDS"); do
  single nginx-single "$NGINX/one/download" "$round"
  single nginx-default-buffer-single "$NGINX/one-default/download" "$round"
  single fastcgi-direct-single "$PROCGATE/fcgi/bench-stream-direct/download" "$round"
  single fastcgi-buffered-single "$PROCGATE/fcgi/bench-stream/download" "$round"
done
single_summary nginx-single
single_summary nginx-default-buffer-single
single_summary fastcgi-direct-single
single_summary fastcgi-buffered-single

sleep 2   # the last answer's spool file and garbage go before the latency runs
latency nginx-ticks "$NGINX/many/ticks"
latency fastcgi-buffered-ticks "$PROCGATE/fcgi/bench-stream/ticks"
latency fastcgi-direct-ticks "$PROCGATE/fcgi/bench-stream-direct/ticks"

oom="$(oom_count)"
[[ "$oom" == 0 ]] || say "the server log has $oom OutOfMemoryError lines"
say "server log: $(grep -c ' SEVERE\|SEVERE:' "$SERVER_LOG" || true) SEVERE, $(grep -c 'WARNING' "$SERVER_LOG" || true) WARNING lines"
report
