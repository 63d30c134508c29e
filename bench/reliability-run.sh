#!/usr/bin/env bash
# The reliability run: procgate on Payara Micro (as ./procgate run starts it, with the demo pools and
# those of bench/reliability-pools.xml) under open-loop traffic, in three cases, each judged against
# its promises (docs/reliability.md):
#   soak      mixed traffic (FastCGI and CGI searches, hello, downloads, uploads, admin status reads)
#   chaos     the same while a worker of each FastCGI pool is killed every second, one stopped every 10 s
#   overload  ten times what a pool can serve, then 80 % of it
# Everything listens on 127.0.0.1; everything started here is stopped on exit, also on Ctrl-C.
#
#   bench/reliability-run.sh           # about 14 minutes: soak 10 min, chaos 2 min, overload 1 min
#   bench/reliability-run.sh --quick   # about 2 minutes, the short version ./procgate test runs
#
# Environment: BENCH_SKIP_BUILD=1 (use the build as it is), RELIABILITY_WRITE_DOCS=1 (a quick run
# writes docs/ only when asked; a full run always does), BENCH_KEEP_WORK=1 (keep the run directory).
# Exits with 1 when a case missed a promise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == --quick ]]; then
  SOAK=45; WARMUP=15; WINDOW=10; CHAOS=25; OVERLOAD=15; PEAK=5
  WRITE_DOCS="${RELIABILITY_WRITE_DOCS:-0}"
else
  SOAK=600; WARMUP=60; WINDOW=60; CHAOS=120; OVERLOAD=60; PEAK=10
  WRITE_DOCS="${RELIABILITY_WRITE_DOCS:-1}"
fi
# A fixed, pre-touched heap, as servers are run in production: the resident memory then shows what
# grows outside the heap, and the heap in use after collections is sampled on its own (jstat).
HEAP="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"
OUT_MD="$ROOT/docs/reliability.md"
OUT_DIR="$ROOT/docs/reliability"
WORK="$(mktemp -d /tmp/procgate-reliability.XXXXXX)"
PYTHON=/usr/bin/python3
STARTED_AT="$(date +%s)"
LOADTEST_JAR="$ROOT/loadtest/target/loadtest.jar"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

SERVER_PID=""
trap stop_procgate EXIT
trap 'exit 130' INT TERM

missing=()
command -v curl >/dev/null || missing+=(curl)
command -v gnuplot >/dev/null || [[ "$WRITE_DOCS" != 1 ]] || missing+=(gnuplot-nox)
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || missing+=(python3-psycopg2)
command -v spawn-fcgi >/dev/null || missing+=(spawn-fcgi)
perl -MFCGI -e 1 2>/dev/null || missing+=(libfcgi-perl)
install_packages "${missing[@]}"

build_if_missing
if [[ ! -f "$LOADTEST_JAR" ]]; then
  [[ "${BENCH_SKIP_BUILD:-}" == 1 ]] && die "BENCH_SKIP_BUILD=1, but $LOADTEST_JAR is missing"
  (cd "$ROOT" && { mvn -B -q -o -DskipTests package -pl loadtest || mvn -B -q -DskipTests package -pl loadtest; }) \
    || die "build of the load generator failed"
fi
copy_artifacts
cp "$LOADTEST_JAR" "$WORK/deploy/"

HTTP_PORT="$(free_port)"
PROCGATE="http://127.0.0.1:$HTTP_PORT/procgate"
SERVER_LOG="$WORK/server.log"
OPERATOR_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
SERVER_OPTIONS="-Dprocgate.db.records=100000 -Dprocgate.db.pgPort=$(free_port) -Dprocgate.db.tcpPort=$(free_port)
  -Dprocgate.admin.password=$OPERATOR_PASSWORD"
start_procgate "$ROOT/bench/reliability-pools.xml" rel-files rel-steady

LOAD_BEFORE="$(cut -d" " -f1-3 /proc/loadavg)"
status=0
# idle connections of the generator close after 5 s, as a browser's would, not after 20 minutes
java -Xmx512m -Djdk.httpclient.keepalive.timeout=5 -jar "$WORK/deploy/loadtest.jar" \
  --base "$PROCGATE/" --operator "admin:$OPERATOR_PASSWORD" --pid "$SERVER_PID" \
  --queries "$ROOT/bench/selective-queries.txt" --out "$WORK/out" \
  ${RELIABILITY_CASES:+--cases "$RELIABILITY_CASES"} --soak "$SOAK" --warmup "$WARMUP" --window "$WINDOW" --chaos "$CHAOS" --overload "$OVERLOAD" --peak "$PEAK" \
  || status=$?
say "server log: $(grep -c 'SEVERE' "$SERVER_LOG" || true) SEVERE, $(grep -c 'OutOfMemoryError' "$SERVER_LOG" || true) OutOfMemoryError lines"
if [[ $status -ne 0 ]]; then
  say "the server's reasons for failed requests (up to 20):"
  grep -oE 'request [0-9a-f-]+ [A-Z]+ [^ ]+: [A-Z_]+: [^]]*' "$SERVER_LOG" | grep -v 'OVERLOADED: pool rel-steady' | head -20 >&2 || true
fi
[[ -f "$WORK/out/summary.md" ]] || die "the load generator wrote no results"

if [[ "$WRITE_DOCS" == 1 ]]; then
  mkdir -p "$OUT_DIR"
  cp "$WORK/out/"*.csv "$OUT_DIR/"
  "$ROOT/bench/reliability-plot.sh" "$OUT_DIR"
  {
    echo "Run of $(date -u +%Y-%m-%d) on $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)),"
    echo "command \`bench/reliability-run.sh$([[ $SOAK -lt 600 ]] && echo ' --quick')\`, load average before it $LOAD_BEFORE."
    echo
    cat "$WORK/out/summary.md"
  } > "$WORK/results.md"
  begin='<!-- results: written by bench/reliability-run.sh -->'
  end='<!-- end of results -->'
  replace_between "$OUT_MD" "$begin" "$end" "$WORK/results.md"
  say "written: $OUT_MD, $OUT_DIR/*.csv, $OUT_DIR/*.png"
fi
say "reliability run $([[ $status -eq 0 ]] && echo 'kept every promise' || echo 'MISSED a promise (see above)') in $(($(date +%s) - STARTED_AT)) s"
exit $status
