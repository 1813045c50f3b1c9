#!/usr/bin/env bash
# Browser test of the rendered report: every page of out/demo/report, and of a report rendered from a hostile
# aggregate output (tests/browser/hostile-aggregate), opened in headless Chromium (Debian package chromium).
# Fails on content wider than the page (screen or A4 print), images or charts that do not render, console errors,
# script dialogs, missing running headers in print, a governors' summary longer than two A4 pages, and a restricted
# page (restricted/*.html, the pupil progress-plan lists) without RESTRICTED on every printed page.
# Screenshots (PNG) and prints (PDF) go to out/browser/. Run by `make test-browser`; see check_pages.py for how.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Installs only what is missing; uses sudo when not root (as `make deps` does).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

[ -s out/demo/report/index.html ] || make --no-print-directory demo >&2

rm -rf out/browser
mkdir -p out/browser
.build/release/gaps-render tests/browser/hostile-aggregate --provision tests/browser/hostile-provision.csv \
  --out out/browser/hostile-report 2>/dev/null
python3 tests/browser/check_pages.py --out out/browser out/demo/report out/browser/hostile-report
