#!/usr/bin/env bash
# Ingest throughput benchmark: MB/s and peak memory of gaps-ingest on large generated inputs.
#
#   make bench                      (or: benchmarks/run.sh)
#   CSV_MB=500 CTF_SCALE=4000 RUNS=3 benchmarks/run.sh
#
# Inputs (generated once, then reused; all under benchmarks/data/, which git ignores):
#   fixtures/     gaps-fixtures --schools 3 --scale $CTF_SCALE: school 8882001 is the only one with CTFs, so its
#                 2023 CTF is the large single file (about 51 KB per unit of scale: 4000 gives about 204 MB)
#   extract.csv   the generated KS2 extract's data rows repeated until the file reaches $CSV_MB MB; each copy
#                 gets fresh UPNs (the UPN's LA digits become 700 + copy number, check letter recomputed), the
#                 BOM, header and CRLF line ends are kept
# Each input is ingested $RUNS times; the best run is reported. The parsers' floors (benchmarks/floors.c: libcsv and
# libxml2's xmlTextReader alone, in C, on the same large files) are measured the same way. Throughput is input bytes over CPU time
# (user + system) of the single-threaded process, so that other jobs on a shared machine do not count against
# it; wall-clock MB/s is shown as well. Peak memory is the maximum resident set size from /usr/bin/time -v.
# Writes benchmarks/results.md (the numbers, the machine and the date) and prints the same table.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CSV_MB="${CSV_MB:-500}"
CTF_SCALE="${CTF_SCALE:-4000}"
RUNS="${RUNS:-3}"
DATA="benchmarks/data"
BIN=".build/release"
RESULTS="benchmarks/results.md"

say() { echo "bench: $*" >&2; }

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (for peak memory)"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2
fi

say "building (release)"
swift build -c release >&2

mkdir -p "$DATA"
FIXTURES="$DATA/fixtures"
STAMP="$FIXTURES/.bench-scale"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$CTF_SCALE" ]; then
    say "generating fixtures at --scale $CTF_SCALE (a minute or two)"
    "$BIN/gaps-fixtures" --out "$FIXTURES" --schools 3 --scale "$CTF_SCALE"
    echo "$CTF_SCALE" > "$STAMP"
    rm -f "$DATA/extract.csv"
fi

EXTRACT="$DATA/extract.csv"
EXTRACT_STAMP="$DATA/.extract-mb"
if [ ! -f "$EXTRACT" ] || [ "$(cat "$EXTRACT_STAMP" 2>/dev/null)" != "$CSV_MB" ]; then
    say "building a ${CSV_MB} MB extract from $FIXTURES/npd/ks2-2024.csv"
    source_csv="$FIXTURES/npd/ks2-2024.csv"
    source_bytes=$(stat -c %s "$source_csv")
    copies=$(( (CSV_MB * 1000000 + source_bytes - 1) / source_bytes ))
    if [ "$copies" -gt 99 ]; then
        say "error: $copies copies needed (at most 99 keep the UPNs unique): raise CTF_SCALE"; exit 1
    fi
    awk -v copies="$copies" '
        BEGIN { alphabet = "ABCDEFGHJKLMNPQRTUVWXYZ" }
        # The UPN with LA digits replaced, and its check letter recomputed (DfE: weights 2..13, mod 23).
        function renumber(upn, la,    body, sum, i) {
            body = la substr(upn, 5, 9)
            sum = 0
            for (i = 1; i <= 12; i++) sum += substr(body, i, 1) * (i + 1)
            return substr(alphabet, sum % 23 + 1, 1) body
        }
        NR == 1 { print; next }
        { rows[++count] = $0 }
        END {
            for (copy = 0; copy < copies; copy++) {
                la = sprintf("%03d", 700 + copy)
                for (row = 1; row <= count; row++) {
                    line = rows[row]
                    comma = index(line, ",")
                    print renumber(substr(line, 1, comma - 1), la) substr(line, comma)
                }
            }
        }' ORS="\n" "$source_csv" > "$EXTRACT.partial"
    mv "$EXTRACT.partial" "$EXTRACT"
    echo "$CSV_MB" > "$EXTRACT_STAMP"
fi

CTF_LARGE="$FIXTURES/ctf/8882001-2023.xml"
CTF_SMALLER="$FIXTURES/ctf/8882001-2024.xml"
EXTRACT_SMALLER="$FIXTURES/npd/ks2-2024.csv"

rows=()
# Runs gaps-ingest on $2 $RUNS times; appends "label|MB|out MB|cpu s|wall s|CPU MB/s|wall MB/s|max RSS MB" to
# rows (out MB: the tables ingest wrote). OUT_MB is left holding the last input's out MB.
measure() {
    local label="$1" input="$2"
    local bytes best_cpu="" best_wall="" best_rss=0
    bytes=$(stat -c %s "$input")
    for _ in $(seq "$RUNS"); do
        rm -rf "$DATA/out"
        /usr/bin/time -v -o "$DATA/time.txt" "$BIN/gaps-ingest" "$input" --out "$DATA/out" 2> "$DATA/stderr.txt" \
            || { cat "$DATA/stderr.txt" >&2; exit 1; }
        local user sys wall rss cpu
        user=$(awk -F': ' '/User time/ {print $2}' "$DATA/time.txt")
        sys=$(awk -F': ' '/System time/ {print $2}' "$DATA/time.txt")
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$DATA/time.txt")
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DATA/time.txt")
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
        if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then
            best_cpu="$cpu"; best_wall="$wall"
        fi
        [ "$rss" -gt "$best_rss" ] && best_rss="$rss"
        OUT_MB=$(du -cb "$DATA/out"/*.csv | awk 'END { printf "%.0f", $1 / 1e6 }')
        say "$label: $(cat "$DATA/stderr.txt") (cpu ${cpu} s, wall ${wall} s, max RSS $((rss / 1024)) MB)"
    done
    rows+=("$(awk -v l="$label" -v b="$bytes" -v o="$OUT_MB" -v c="$best_cpu" -v w="$best_wall" -v r="$best_rss" 'BEGIN {
        printf "%s|%.1f|%d|%.2f|%.2f|%.1f|%.1f|%.1f", l, b / 1e6, o, c, w, b / 1e6 / c, b / 1e6 / w, r / 1024 }')")
}

measure "CSV extract (large)" "$EXTRACT"
CSV_OUT_MB="$OUT_MB"
measure "CSV extract (small)" "$EXTRACT_SMALLER"
measure "CTF (large)" "$CTF_LARGE"
measure "CTF (smaller)" "$CTF_SMALLER"
rm -rf "$DATA/out"

say "building benchmarks/floors.c"
cc -O2 $(pkg-config --cflags libxml-2.0) benchmarks/floors.c -lcsv -lxml2 -o "$DATA/floors"
floor_rows=()
# Runs one floor mode $RUNS times on $2; appends "mode|file|MB|cpu s|MB/s" (best run) to floor_rows.
floor() {
    local mode="$1" input="$2" best="" line
    for _ in $(seq "$RUNS"); do
        line=$("$DATA/floors" "$mode" "$input" ${3:+"$3"})
        say "floor $line"
        local cpu
        cpu=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i == "s" && $(i + 1) == "CPU,") print $(i - 1) }')
        if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$cpu"; fi
    done
    local size
    size=$( [ -n "${3:-}" ] && echo $(( $3 * 1000000 )) || stat -c %s "$input")
    floor_rows+=("$(awk -v m="$mode" -v f="$(basename "$input")" -v b="$size" -v c="$best" 'BEGIN {
        printf "%s|%s|%.1f|%.2f|%.1f", m, f, b / 1e6, c, b / 1e6 / c }')")
}
floor csv "$EXTRACT"
floor xml-reader "$CTF_LARGE"
floor xml-reader-noblanks "$CTF_LARGE"
floor xml-reader-skip "$CTF_LARGE"
# The kernel's part of writing the tables of the large extract (as many bytes, to a scratch file).
floor write "$DATA/write-floor.tmp" "$CSV_OUT_MB"

table="| input | MB | tables written MB | CPU s | wall s | MB/s (CPU) | MB/s (wall) | peak RSS MB |
|---|---:|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
    table+=$'\n'"| ${row//|/ | } |"
done

floor_table="| floor (benchmarks/floors.c) | file | MB | CPU s | MB/s (CPU) |
|---|---|---:|---:|---:|"
for row in "${floor_rows[@]}"; do
    floor_table+=$'\n'"| ${row//|/ | } |"
done

cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
{
    echo "# Ingest benchmark results"
    echo
    echo "Written by \`benchmarks/run.sh\` (\`make bench\`); see docs/performance.md for what is measured and why."
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git update-index -q --refresh >/dev/null 2>&1; git diff --quiet HEAD -- . ':!benchmarks/results.md' 2>/dev/null || echo ' (with local changes)')"
    echo "- machine: $(nproc) cores, ${cpu_model:-unknown CPU}, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo "- toolchain: $(swift --version 2>/dev/null | head -1)"
    echo "- inputs: CTF_SCALE=$CTF_SCALE, CSV_MB=$CSV_MB, best of RUNS=$RUNS"
    echo
    echo "$table"
    echo
    echo "$floor_table"
} > "$RESULTS"
echo "$table"
echo
echo "$floor_table"
say "wrote $RESULTS"
