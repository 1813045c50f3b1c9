#!/usr/bin/env bash
# End-to-end checks of `make demo`: its outputs, the Make dependency graph, clean failure on bad input, and the
# C libraries the release binaries link. Run by `make test` after the demo; prints one line per check.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.build/release
OUT=out/demo
PROVISION_FILE=fixtures/provision/demo-provision.csv
passed=0
failed=0
pass() { echo "ok   - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1" >&2; failed=$((failed + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

# Commands `make -n` would run for the demo pipeline, one stage binary per line.
planned_stages() { make --no-print-directory -n -f pipelines/demo.mk "$@" report | grep -oE "$BIN/gaps-[a-z]+ [^ ]+" || true; }

# 1. Outputs exist and link up.
check "report index exists" test -s "$OUT/report/index.html"
for level in ingest/ctf ingest/extract; do
  check "ingest outputs for $level" test -n "$(ls "$OUT/$level" 2>/dev/null)"
done
missing_pages=0
for page in $(grep -oE 'schools/[0-9]+\.html' "$OUT/report/index.html" | sort -u); do
  [ -s "$OUT/report/$page" ] || { echo "  missing $page" >&2; missing_pages=$((missing_pages + 1)); }
done
check "every school page linked from the index exists" test "$missing_pages" -eq 0
check "index links at least 8 schools" test "$(grep -oE 'schools/[0-9]+\.html' "$OUT/report/index.html" | sort -u | wc -l)" -ge 8
check "published attainment CSV has its meta file" test -s "$OUT/aggregate/attainment.meta.csv"
check "KS2 -> KS4 Progress 8 is published for both secondary schools" \
  test "$(cut -d, -f9 "$OUT/aggregate/ks4-progress.csv" | grep -E '^19100[12]$' | sort -u | wc -l)" -eq 2 -a -s "$OUT/aggregate/ks4-progress.meta.csv"
check "gap-index.csv has a KS4 row for both secondary schools, and 191001's pack states it" bash -c \
  "test \"\$(grep -cE ',19100[12],.*,Mean of KS4 English and maths grades,Within school,' '$OUT/aggregate/gap-index.csv')\" -eq 2 &&
  grep -q 'Disadvantage gap index within the school: ' '$OUT/report/schools/191001.html'"

# 1b. KS1 -> KS2 progress of 2018/19 on levels-era KS1 (npd/ks1-2015.csv, the KS4 pupils' KS1): key-stage matching
# finds their KS1, and the LA's progress rows (subject, all pupils) have pupils with KS1 results. LA rows leave the
# school columns empty, so the comma-split columns are the header's: 1 time_period, 3 geographic_level, 12 subject,
# 13-15 band, disadvantage, sex, 17 with_prior_count; matching: 7 key_stage, 10 prior_matched.
ks1_matched=$(awk -F, '$1 == "201819" && $2 == "Local authority" && $7 == "KS2" { print $10 }' "$OUT/normalise/key-stage-matching.csv")
check "2018/19 KS2 pupils are matched to their KS1 ($ks1_matched)" test "${ks1_matched:-0}" -gt 0
ks1_ks2_rows=$(awk -F, '$1 == "201819" && $3 == "Local authority" && $13 == "Total" && $14 == "Total" && $15 == "Total" && $17 ~ /^[0-9]+$/ && $17 > 0 { n++ } END { print n + 0 }' "$OUT/aggregate/progress.csv")
check "2018/19 KS1 -> KS2 progress rows with matched pupils, one per subject ($ks1_ks2_rows)" test "$ks1_ks2_rows" -eq 3

# 2. Pupil-level outputs are private to their owner (normalise's two tables of per-school counts hold no pupil data).
open_files=$(find "$OUT/ingest" "$OUT/normalise" -name '*.csv' ! -name key-stage-matching.csv \
  ! -name data-quality-summary.csv -perm /077 | head -3)
check "pupil-level files are owner-only (0600)" test -z "$open_files"

# 2b. The restricted progress-plan lists: one per school on the aggregate's restricted list, owner-only, marked
# restricted in the manifest, and no UPN of the provision file (or of the list) on a public page.
plans=$(find "$OUT/report/restricted" -name '*-progress-plan.html' 2>/dev/null | wc -l)
listed=$(tail -n +2 "$OUT/aggregate/restricted/pupils-needing-support.csv" | cut -d, -f1 | sort -u | grep -c . || true)
check "a restricted progress-plan page per school on the pupil list ($plans)" test "$plans" -ge 1 -a "$plans" -eq "$listed"
check "restricted report folder is 0700 and its files 0600" \
  test "$(stat -c %a "$OUT/report/restricted")" = 700 -a -z "$(find "$OUT/report/restricted" -type f -perm /077)"
check "the manifest marks every restricted page restricted" \
  test "$(grep -c '"file" : "restricted/[0-9]*-progress-plan.html"' "$OUT/report/manifest.json")" -eq "$plans"
leaked=$(tail -n +2 "$PROVISION_FILE" | cut -d, -f1 | sort -u | grep -F -l -r -f - "$OUT/report/index.html" "$OUT/report/schools" || true)
check "no provision UPN on a public page" test -z "$leaked"
check "evidence packs count pupils receiving support" grep -q 'Receiving support' "$OUT/report/schools/190001.html"

# 2c. Secondary schools: a KS4 evidence pack and governors' summary, carrying the published KS4 figures, linked from
# the overview's secondary table. The Attainment 8 average of all pupils at 191001, rounded to one decimal as the
# pages show it, must be in both pages.
a8=$(awk -F, '$9 == "191001" && $12 == "Key stage 4" && $13 == "Attainment 8" && $14 == "Total" { printf "%.1f", $21 }' \
  "$OUT/aggregate/attainment-by-characteristic.csv")
check "secondary school 191001 has an evidence pack and a governors' summary" \
  test -s "$OUT/report/schools/191001.html" -a -s "$OUT/report/schools/191001-governors.html"
check "both carry its KS4 figures (Attainment 8 $a8, Progress 8)" bash -c "test -n '$a8' &&
  grep -q '<td class=\"num\">$a8</td>' '$OUT/report/schools/191001.html' &&
  grep -q '<td class=\"num\">$a8</td>' '$OUT/report/schools/191001-governors.html' &&
  grep -q 'id=\"ks4-progress\"' '$OUT/report/schools/191001.html' && grep -q 'Progress 8' '$OUT/report/schools/191001-governors.html'"
check "the overview lists both secondary schools, linked to their packs" \
  bash -c "grep -q 'id=\"ks4-by-name\"' '$OUT/report/index.html' && grep -q 'href=\"schools/191001.html\"' '$OUT/report/index.html' &&
  grep -q 'href=\"schools/191002-governors.html\"' '$OUT/report/index.html'"

# 3. The Make graph: nothing to do after a run; one touched CTF reruns its ingest and what is downstream only.
check "a second make demo runs no stage" test -z "$(planned_stages)"
one_ctf=$(ls fixtures/demo/ctf/*.xml | head -1)
touch "$one_ctf"
plan=$(planned_stages)
check "touching one CTF reruns ingest for that file only" \
  test "$(grep -c 'gaps-ingest' <<<"$plan")" -eq 1 -a "$(grep -c "gaps-ingest $one_ctf" <<<"$plan")" -eq 1
check "and then normalise, aggregate and render once each" \
  test "$(grep -cE 'gaps-(normalise|aggregate|render)' <<<"$plan")" -eq 3
make --no-print-directory -f pipelines/demo.mk report >/dev/null 2>&1
plan=$(planned_stages AGGREGATE_FLAGS="--national fixtures/national/ks2-national-example.csv --intersections two")
check "changing AGGREGATE_FLAGS reruns aggregate and render only" \
  test "$(grep -cE 'gaps-(aggregate|render)' <<<"$plan")" -eq 2 -a "$(grep -c . <<<"$plan")" -eq 2
make --no-print-directory -f pipelines/demo.mk report >/dev/null 2>&1
check "and back to the pipeline's own flags, once" test -z "$(planned_stages)"
check "make -j2 runs the whole pipeline safely" \
  bash -c 'make --no-print-directory -j2 -f pipelines/demo.mk OUT=out/demo-j2 report >out/demo-j2.log 2>&1 || { cat out/demo-j2.log >&2; false; }'

check "and gives the same published figures" cmp -s "$OUT/aggregate/attainment.csv" out/demo-j2/aggregate/attainment.csv
rm -rf out/demo-j2 out/demo-j2.log

# 4. Bad input fails cleanly: file:line:column, non-zero exit, no partial output, previous output untouched.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf '<?xml version="1.0"?>\n<CTfile>\n<Header>\n<CTFversion>19.0</Header>\n</CTfile>\n' >"$scratch/broken.xml"
if "$BIN/gaps-ingest" "$scratch/broken.xml" --out "$scratch/out" 2>"$scratch/err"; then status=0; else status=$?; fi
check "malformed CTF exits non-zero" test "$status" -ne 0
check "and names file:line:column" grep -qE 'broken\.xml:4:[0-9]+' "$scratch/err"
check "and leaves no output behind" test ! -e "$scratch/out" -a ! -e "$scratch/out.partial"
cp "$one_ctf" "$scratch/good.xml"
"$BIN/gaps-ingest" "$scratch/good.xml" --out "$scratch/kept" 2>/dev/null
before=$(cat "$scratch/kept/manifest.json")
cp "$scratch/broken.xml" "$scratch/good.xml"
"$BIN/gaps-ingest" "$scratch/good.xml" --out "$scratch/kept" 2>/dev/null && status=0 || status=$?
check "a failed rerun leaves the previous output untouched" test "$status" -ne 0 -a "$before" == "$(cat "$scratch/kept/manifest.json")"

# 5. The real C libraries are linked.
for lib in libxml2.so libcsv.so; do
  check "release binaries link $lib" bash -c "ldd $BIN/gaps-ingest | grep -q $lib"
done

echo "$passed passed, $failed failed"
test "$failed" -eq 0
