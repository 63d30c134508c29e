#!/usr/bin/env bash
# File offload against a program that sends the file itself: one 1 GB file, downloaded through
# procgate's CGI gateway from a Python script that answers X-Sendfile and ends (bench-offload's
# offload.py), and from one that reads and writes the file itself (stream.py), with response
# buffering on (bench-offload, the default) and off (bench-offload-direct). For each download: the
# client's MB/s, how long the script held its CGI slot (the access log's urt), and the CPU of the
# server and every process under it. Rounds in turns at full speed, then one round with a client
# that takes 100 MB/s. procgate runs on Payara Micro as ./procgate run starts it; everything
# listens on 127.0.0.1, the file lives in the run's temporary directory, and everything started
# here is stopped and removed on exit.
#
#   bench/offload-benchmark.sh    # about 2 minutes; BENCH_SKIP_BUILD=1: use the build as it is
#
# Results: printed, and the "File offload" part of docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HEAP=-Xmx1g
WORK="$(mktemp -d /tmp/procgate-offload-bench.XXXXXX)"
PYTHON=/usr/bin/python3
STARTED_AT="$(date +%s)"
FILE_BYTES=$((1024 * 1024 * 1024))
ROUNDS=3
SLOW_RATE=100M   # curl's unit: MiB/s
OUT_MD="$ROOT/docs/benchmarks.md"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

SERVER_PID=""
trap stop_procgate EXIT
trap 'exit 130' INT TERM

build_if_missing
copy_artifacts
mkdir -p "$WORK/files"
say "writing a 1 GB file under $WORK/files"
head -c "$FILE_BYTES" /dev/urandom > "$WORK/files/big.bin"
head -c $((10 * 1024 * 1024)) /dev/urandom > "$WORK/files/warm.bin"
chmod 755 "$WORK/files"
chmod 644 "$WORK/files/"*.bin
HTTP_PORT="$(free_port)"
PROCGATE="http://127.0.0.1:$HTTP_PORT/procgate"
SERVER_LOG="$WORK/server.log"
ACCESS_LOG="$WORK/access.log"
SERVER_OPTIONS="-Dprocgate.db.records=1000 -Dprocgate.db.pgPort=0 -Dprocgate.db.tcpPort=0
  -Dprocgate.bench.files=$WORK/files -Dprocgate.accessLog=$ACCESS_LOG"
start_procgate "$ROOT/bench/offload-pools.xml"

# the three ways, as "name|path below the gateway"
WAYS=("offloaded (X-Sendfile)|cgi/bench-offload/offload.py"
  "streamed by the script, buffered|cgi/bench-offload/stream.py"
  "streamed by the script, pass-through|cgi/bench-offload-direct/stream.py")

# download PATH FILE [RATE]: one download; prints "MB/s busy_s cpu_s", or stops on a failed one
download() {
  local url="$PROCGATE/$1?$2" lines before after out code size speed urt
  lines="$(wc -l < "$ACCESS_LOG" 2>/dev/null || echo 0)"
  before="$(tree_cpu_ticks "$SERVER_PID")"
  out="$(curl -sS -o /dev/null --max-time 300 ${3:+--limit-rate "$3"} -w '%{http_code} %{size_download} %{speed_download}' "$url")" \
    || die "curl failed on $url"
  read -r code size speed <<<"$out"
  [[ "$code" == 200 ]] || die "$url answered $code"
  [[ "$size" == "$(stat -c %s "$WORK/files/$2")" ]] || die "$url sent $size bytes"
  # the access line is written once the answer is complete: wait for it
  for _ in $(seq 1 50); do [[ "$(wc -l < "$ACCESS_LOG")" -gt "$lines" ]] && break; sleep 0.1; done
  after="$(tree_cpu_ticks "$SERVER_PID")"
  urt="$(tail -n +"$((lines + 1))" "$ACCESS_LOG" | grep -F " /procgate/$1?$2 " | tail -1 | sed -n 's/.* urt=\([0-9.]*\) .*/\1/p')"
  [[ -n "$urt" ]] || die "no access line for $url"
  awk -v s="$speed" -v u="$urt" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f %.3f %.2f\n", s / 1048576, u, t / hz }'
}

say "warm-up: 20 rounds of 10 MB each way"
for _ in $(seq 1 20); do
  for way in "${WAYS[@]}"; do download "${way#*|}" warm.bin >/dev/null; done
done

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "way;client;round;mb_s;busy_s;cpu_s" > "$WORK/runs.csv"
for round in $(seq 1 "$ROUNDS"); do
  for way in "${WAYS[@]}"; do
    read -r mbs busy cpu <<<"$(download "${way#*|}" big.bin)"
    say "round $round, ${way%%|*}: $mbs MB/s, the script busy $busy s, CPU $cpu s"
    echo "${way%%|*};full speed;$round;$mbs;$busy;$cpu" >> "$WORK/runs.csv"
  done
done
for way in "${WAYS[@]}"; do
  read -r mbs busy cpu <<<"$(download "${way#*|}" big.bin "$SLOW_RATE")"
  say "client at $SLOW_RATE/s, ${way%%|*}: $mbs MB/s, the script busy $busy s, CPU $cpu s"
  echo "${way%%|*};$SLOW_RATE/s;1;$mbs;$busy;$cpu" >> "$WORK/runs.csv"
done

# median COLUMN WAY CLIENT
median() {
  awk -F';' -v w="$2" -v c="$3" -v col="$1" '$1 == w && $2 == c {print $col}' "$WORK/runs.csv" | sort -n \
    | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

rows=""
for client in "full speed" "$SLOW_RATE/s"; do
  shown="$client"; [[ "$client" == "$SLOW_RATE/s" ]] && shown="${SLOW_RATE%M} MB/s"
  for way in "${WAYS[@]}"; do
    rows+="| ${way%%|*} | $shown | $(median 4 "${way%%|*}" "$client") | $(median 5 "${way%%|*}" "$client") s | $(median 6 "${way%%|*}" "$client") s |"$'\n'
  done
done
results="$(cat <<TABLE
Run of $(date -u +%Y-%m-%d) on $(nproc) cores: one 1 GB file (random bytes, in the page cache) to
curl on loopback, through \`/procgate/cgi/<pool>/<script>.py\`, Payara Micro with \`$HEAP\`; full
speed: the median of $ROUNDS rounds in turns; a client limited to ${SLOW_RATE%M} MB/s: one round. Busy: how
long the script held its CGI slot (the access log's \`urt\`); CPU: the server's and every process's
under it, for the whole download. Load average before: $LOAD_BEFORE.

| way | client | MB/s | script busy | CPU |
|---|---|---|---|---|
${rows%$'\n'}
TABLE
)"
echo "$results"
write_results "$OUT_MD" '<!-- offload-benchmark: written by bench/offload-benchmark.sh -->' '<!-- end of offload-benchmark -->' "$results"
