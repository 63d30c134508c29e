#!/usr/bin/env bash
# The CGI accelerator through HTTP against the real database: the sample search script
# (samples/cgi-bin/search.py, unchanged) as plain CGI and with accelerator=python (json, psycopg2
# and record_search preloaded), each under closed-loop load, with the CPU the server and every
# process under it spend per request. procgate runs on Payara Micro as ./procgate run starts it
# (pools of bench/cgi-accelerator-pools.xml, 100,000 records); everything listens on 127.0.0.1 and
# is stopped on exit.
#
#   bench/cgi-accelerator-benchmark.sh    # about 2 minutes; BENCH_SKIP_BUILD=1: use the build as it is
#
# Results: printed, and the "CGI accelerator through HTTP" part of docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HEAP=-Xmx1g
WORK="$(mktemp -d /tmp/procgate-cgi-bench.XXXXXX)"
PYTHON=/usr/bin/python3
STARTED_AT="$(date +%s)"
SECONDS_EACH=20
CLIENTS=4
QUERY='q=ann&match=prefix&country=DE&limit=20'
OUT_MD="$ROOT/docs/benchmarks.md"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

SERVER_PID=""
trap stop_procgate EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || install_packages wrk
build_if_missing
copy_artifacts
HTTP_PORT="$(free_port)"
PROCGATE="http://127.0.0.1:$HTTP_PORT/procgate"
SERVER_LOG="$WORK/server.log"
SERVER_OPTIONS="-Dprocgate.db.records=100000 -Dprocgate.db.pgPort=$(free_port) -Dprocgate.db.tcpPort=$(free_port)"
start_procgate "$ROOT/bench/cgi-accelerator-pools.xml"

# measure POOL: prints "requests_per_second cpu_ms_per_request non_2xx"
measure() {
  local url="$PROCGATE/cgi/$1/search.py?$QUERY" before after out requests
  curl -fsS -o /dev/null --max-time 30 "$url" || die "pool $1 does not answer $url"
  wrk -t2 -c"$CLIENTS" -d5s "$url" >/dev/null   # warm-up: the JIT, the launcher, the database's caches
  before="$(tree_cpu_ticks "$SERVER_PID")"
  out="$(wrk -t2 -c"$CLIENTS" -d"${SECONDS_EACH}s" "$url")"
  after="$(tree_cpu_ticks "$SERVER_PID")"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  awk -v r="$requests" -v s="$SECONDS_EACH" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" \
      -v bad="$(awk '/Non-2xx/ {print $NF}' <<<"$out")" \
      'BEGIN { printf "%.1f %.2f %d\n", r / s, t * 1000 / hz / r, bad + 0 }'
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
read -r plain_rps plain_cpu plain_bad <<<"$(measure bench-cgi-plain)"
read -r python_rps python_cpu python_bad <<<"$(measure bench-cgi-python)"
[[ "$plain_bad" == 0 && "$python_bad" == 0 ]] || die "non-2xx answers: plain $plain_bad, accelerated $python_bad"
results="$(cat <<TABLE
Run of $(date -u +%Y-%m-%d) on $(nproc) cores, $CLIENTS clients (wrk, closed loop), ${SECONDS_EACH} s each after a 5 s
warm-up, \`GET /procgate/cgi/<pool>/search.py?$QUERY\` (a real query: a database connection per
request), load average before $LOAD_BEFORE; CPU is the server's and every process's under it.

| pool | req/s | CPU per request |
|---|---|---|
| plain CGI | $plain_rps | $plain_cpu ms |
| \`accelerator=python\`, \`preload=json,psycopg2,record_search\` | $python_rps | $python_cpu ms |
| ratio | $(awk -v a="$python_rps" -v b="$plain_rps" 'BEGIN {printf "%.2fx", a / b}') | $(awk -v a="$python_cpu" -v b="$plain_cpu" 'BEGIN {printf "%.2fx", a / b}') |
TABLE
)"
echo "$results"
write_results "$OUT_MD" '<!-- cgi-accelerator-http: written by bench/cgi-accelerator-benchmark.sh -->' '<!-- end of cgi-accelerator-http -->' "$results"
