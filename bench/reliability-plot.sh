#!/usr/bin/env bash
# Plots the reliability run's per-second figures: for each CASE.csv in DIR (bench/reliability-run.sh
# writes them), CASE.png: the server's memory, its descriptors and threads, the requests each class
# served and those refused or failed, and each class's p99 latency, second by second.
#
#   bench/reliability-plot.sh [DIR]    # DIR: docs/reliability by default
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:-$ROOT/docs/reliability}"
command -v gnuplot >/dev/null || { echo "bench: gnuplot is missing; run: apt-get install -y gnuplot-nox" >&2; exit 1; }

# the columns: 8 of the server, then ok, refused, failed and p99 for each class of requests
for csv in "$DIR"/*.csv; do
  name="$(basename "$csv" .csv)"
  classes=$(( ($(head -1 "$csv" | tr ',' '\n' | wc -l) - 8) / 4 ))
  names="$(head -1 "$csv" | tr ',' '\n' | sed -n 's/_ok$//p' | tr '\n' ' ')"
  gnuplot <<PLOT
set datafile separator ","
set terminal pngcairo noenhanced size 1100,1100 font "sans,10"
set output "$DIR/$name.png"
set multiplot layout 4,1 title "reliability run: $name"
set key outside right top font ",9" width -2
set lmargin 10
set rmargin 34
set xlabel "seconds"
set grid
set ylabel "MB"
plot "$csv" using 1:2 with lines lw 2 title "server RSS", "" using 1:5 with lines title "heap in use", \
     "" using 1:6 with lines title "old generation", "" using 1:8 with lines title "programs' RSS"
set ylabel "count"
plot "$csv" using 1:3 with lines lw 2 title "open descriptors", "" using 1:4 with lines lw 2 title "threads", \
     "" using 1:7 with lines title "program processes"
set ylabel "requests a second"
plot for [k=0:$((classes - 1))] "$csv" using 1:(column(9 + 4 * k)) with lines \
       title word("$names", k + 1), \
     "" using 1:(sum [k=0:$((classes - 1))] (column(10 + 4 * k) + column(11 + 4 * k))) with impulses lw 3 lc rgb "red" \
       title "refused or failed (all)"
set ylabel "p99 ms"
set logscale y
plot for [k=0:$((classes - 1))] "$csv" using 1:(column(12 + 4 * k) > 0 ? column(12 + 4 * k) : NaN) with lines \
       title word("$names", k + 1)
unset multiplot
PLOT
done
echo "bench: plotted $(ls "$DIR"/*.png | wc -l) figures in $DIR" >&2
