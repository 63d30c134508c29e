#!/usr/bin/env bash
# The CGI accelerator through HTTP against the real database: the sample search script
# (samples/cgi-bin/search.py, unchanged) as plain CGI and with accelerator=python (the modules it
# imports preloaded), each under closed-loop load from 16 clients, with the CPU per request and
# where it goes (the server, the launcher's forks, the scripts, a database connection); and the
# sample hello script (samples/cgi-bin/hello.py) from one client, for the latency a request adds. procgate runs on Payara Micro as ./procgate run starts it
# (pools of bench/cgi-accelerator-pools.xml, 100,000 records); everything listens on 127.0.0.1 and
# is stopped on exit.
#
#   bench/cgi-accelerator-benchmark.sh    # about 4 minutes; BENCH_SKIP_BUILD=1: use the build as it is
#
# Results: printed, and the "CGI accelerator through HTTP" part of docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HEAP=-Xmx1g
WORK="$(mktemp -d /tmp/procgate-cgi-bench.XXXXXX)"
PYTHON=/usr/bin/python3
STARTED_AT="$(date +%s)"
SECONDS_EACH=20
CLIENTS=16
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
PG_PORT="$(free_port)"
SERVER_OPTIONS="-Dprocgate.db.records=100000 -Dprocgate.db.pgPort=$PG_PORT -Dprocgate.db.tcpPort=$(free_port)"
start_procgate "$ROOT/bench/cgi-accelerator-pools.xml"

# ticks PID FIELDS: CPU clock ticks of PID: "own" (user + system) or "reaped" (its reaped children's)
ticks() {
  sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null \
    | awk -v f="$2" '{print (f == "own") ? $12 + $13 : $14 + $15} END {if (NR == 0) print 0}'
}

# launcher_ticks FIELD: the ticks ("own" or "reaped") of every pool launcher under the server; the
# launchers of pools not under load add nothing
launcher_ticks() {
  local pid sum=0
  for pid in $(descendants "$SERVER_PID"); do
    grep -qa "procgate-l.*launcher.py" "/proc/$pid/cmdline" 2>/dev/null && sum=$((sum + $(ticks "$pid" "$1")))
  done
  echo "$sum"
}

# sample: "server scripts launcher children" in ticks, the parts a request's CPU goes to: the
# server (HTTP, gateway, pool, and the database's side of each connection and query); the scripts
# the server started and reaped (plain CGI); the launcher's own work (accept, fork) and the children
# it forked and reaped (accelerated)
sample() {
  echo "$(ticks "$SERVER_PID" own) $(ticks "$SERVER_PID" reaped) $(launcher_ticks own) $(launcher_ticks reaped)"
}

url_of() { echo "$PROCGATE/cgi/$1/$2"; }
SEARCH="search.py?$QUERY"

# warm_round: one round of load on both pools, for the JIT
warm_round() {
  wrk -t2 -c"$CLIENTS" -d5s "$(url_of bench-cgi-plain "$SEARCH")" >/dev/null
  wrk -t2 -c"$CLIENTS" -d5s "$(url_of bench-cgi-python "$SEARCH")" >/dev/null
}

# measure POOL: "req/s total server scripts launcher children" (CPU in ms per request) and non-2xx
measure() {
  local url before after out requests
  url="$(url_of "$1" "$SEARCH")"
  curl -fsS -o /dev/null --max-time 30 "$url" || die "pool $1 does not answer $url"
  before="$(sample)"
  out="$(wrk -t2 -c"$CLIENTS" -d"${SECONDS_EACH}s" "$url")"
  after="$(sample)"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  awk -v r="$requests" -v s="$SECONDS_EACH" -v hz="$(getconf CLK_TCK)" -v b="$before" -v a="$after" \
      -v bad="$(awk '/Non-2xx/ {print $NF}' <<<"$out")" 'BEGIN {
        split(b, x, " "); split(a, y, " "); total = 0
        for (i = 1; i <= 4; i++) { part[i] = (y[i] - x[i]) * 1000 / hz / r; total += part[i] }
        printf "%.1f %.2f %.2f %.2f %.2f %.2f %d\n", r / s, total, part[1], part[2], part[3], part[4], bad + 0 }'
}

# latency POOL: the hello script from one client: "p50_ms p99_ms req/s"
latency() {
  local out
  out="$(wrk -t1 -c1 -d10s --latency "$(url_of "$1" hello.py)")"
  awk '/^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2} /Requests\/sec/ {rps = $2}
       function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
       END {printf "%.2f %.2f %.1f\n", ms(p50), ms(p99), rps}' <<<"$out"
}

# connection_cost: one database connection opened and closed by psycopg2, as each CGI search does:
# "server_ms client_ms" of CPU per connection, 500 of them
connection_cost() {
  local before after
  before="$(ticks "$SERVER_PID" own)"
  after="$(PGHOST=127.0.0.1 PGPORT="$PG_PORT" PGDATABASE=procgate PGUSER=procgate PGPASSFILE="$WORK/db/pgpass" \
    "$PYTHON" -c '
import os, psycopg2
for _ in range(500):
    psycopg2.connect("").close()
t = os.times()
print("%.0f" % ((t.user + t.system) * 1000))
' ; ticks "$SERVER_PID" own)"
  awk -v b="$before" -v client="$(head -1 <<<"$after")" -v a="$(tail -1 <<<"$after")" -v hz="$(getconf CLK_TCK)" \
      'BEGIN {printf "%.2f %.2f\n", (a - b) * 1000 / hz / 500, client / 500}'
}

say "warming up until the JIT is quiet"
settle_jit "$SERVER_PID" warm_round
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
read -r plain_rps plain_cpu plain_server plain_scripts _ _ plain_bad <<<"$(measure bench-cgi-plain)"
read -r python_rps python_cpu python_server _ python_launcher python_children python_bad <<<"$(measure bench-cgi-python)"
[[ "$plain_bad" == 0 && "$python_bad" == 0 ]] || die "non-2xx answers: plain $plain_bad, accelerated $python_bad"
read -r connect_server connect_client <<<"$(connection_cost)"
read -r hello_plain_p50 hello_plain_p99 hello_plain_rps <<<"$(latency bench-cgi-plain)"
read -r hello_python_p50 hello_python_p99 hello_python_rps <<<"$(latency bench-cgi-python)"
read -r hello_bare_p50 hello_bare_p99 hello_bare_rps <<<"$(latency bench-cgi-hello)"
PRELOAD="$(grep -o 'name="preload" value="[^"]*"' "$ROOT/bench/cgi-accelerator-pools.xml" | cut -d'"' -f4)"
results="$(cat <<TABLE
Run of $(date -u +%Y-%m-%d) on $(nproc) cores, load average before $LOAD_BEFORE. The search:
$CLIENTS clients (wrk, closed loop), ${SECONDS_EACH} s a pool once the JIT was quiet, \`GET
/procgate/cgi/<pool>/search.py?$QUERY\` (a real query, a database connection per request). CPU
per request: the server (HTTP, gateway, pool, and the database's side of the connection and the
query), the scripts the server started (plain CGI), the launcher itself (accepting, forking) and the
children it forked (accelerated: the script, psycopg2's side of the connection and the query).

| search | req/s | CPU per request | server | scripts | launcher | forked children |
|---|---:|---:|---:|---:|---:|---:|
| plain CGI | $plain_rps | $plain_cpu ms | $plain_server ms | $plain_scripts ms | | |
| \`accelerator=python\`, \`preload=$PRELOAD\` | $python_rps | $python_cpu ms | $python_server ms | | $python_launcher ms | $python_children ms |
| ratio | **$(awk -v a="$python_rps" -v b="$plain_rps" 'BEGIN {printf "%.2fx", a / b}')** | $(awk -v a="$python_cpu" -v b="$plain_cpu" 'BEGIN {printf "%.2fx", a / b}') | | | | |

One database connection opened and closed (psycopg2, 500 in a row, as each CGI search does):
$connect_server ms of the server's CPU (H2's PostgreSQL server) and $connect_client ms in the client.

The hello script (\`samples/cgi-bin/hello.py\`), one client, 10 s, through the plain pool, the
search's accelerated pool and an accelerated pool that preloads nothing:

| hello | p50 | p99 | req/s |
|---|---:|---:|---:|
| plain CGI | $hello_plain_p50 ms | $hello_plain_p99 ms | $hello_plain_rps |
| \`accelerator=python\`, the search's modules preloaded | $hello_python_p50 ms | $hello_python_p99 ms | $hello_python_rps |
| \`accelerator=python\`, nothing preloaded | **$hello_bare_p50 ms** | $hello_bare_p99 ms | $hello_bare_rps |
TABLE
)"
echo "$results"
write_results "$OUT_MD" '<!-- cgi-accelerator-http: written by bench/cgi-accelerator-benchmark.sh -->' \
  '<!-- end of cgi-accelerator-http -->' "$results"
