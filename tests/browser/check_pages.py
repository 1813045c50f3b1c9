#!/usr/bin/env python3
"""Open every page of a rendered report in headless Chromium and check it as a reader would get it.

How: Chromium's DevTools protocol over a pipe (--remote-debugging-pipe: JSON messages ended by a NUL byte, read
from file descriptor 3 and written to 4). That needs only Debian's chromium and the Python standard library (no
WebSocket, no driver), and it measures the pages from outside: nothing is injected into the files under test.

For each page:
  screen   laid out 1280 and 390 px wide: the document is no wider than the window (tables may scroll inside
           their own container); screenshot of the whole page at 1280 px saved as <out>/<page>.png
  print    laid out in print media at the printable width of A4 (210 mm less the 15 mm side margins of
           style.mustache's @page rule): no overflow; printed to <out>/<page>.pdf with the page's own @page size;
           every printed page carries its running footer "Page i of n" (proof that @page margin boxes render);
           a governors' summary (*-governors.html) prints on at most two pages; an evidence pack
           (schools/<urn>.html, the default summary pack) on at most PACK_MAX_PAGES; a restricted page
           (restricted/*.html, the pupil progress-plan lists) carries RESTRICTED on every printed page
  health   no console error, uncaught exception or failed load; no JavaScript dialog (escaped data never runs);
           every <img> has loaded (natural width > 0) and every visible <svg> has a size

Prints one line per check and "N passed, N failed"; exits 1 if any check failed.
Usage: check_pages.py --out DIR [--only TEXT] REPORT_DIR [REPORT_DIR ...]
"""

import argparse
import base64
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile

A4_PRINTABLE_WIDTH_PX = round((210 - 2 * 15) / 25.4 * 96)  # 680: CSS pixels are 1/96 inch
SCREEN_WIDTHS = (1280, 390)
SCREENSHOT_MAX_HEIGHT = 16000  # Chromium's largest capture; longer pages are cut in the screenshot only
GOVERNORS_MAX_PAGES = 2
# The summary evidence pack (gaps-render --detail summary, the default): the demo's largest prints on 24 pages (21
# before the 2018/19 cohort's KS1 levels gave its extract-only schools progress and entitlement tables for that
# year); the limit catches a section that starts printing every year or every table again (the full pack printed 41).
PACK_MAX_PAGES = 26
PACK_PAGE = re.compile(r"(^|/)schools/[0-9]+\.html$")
RESTRICTED_MARKER = "RESTRICTED"  # the top-centre running header of every printed page of a restricted page
TIMEOUT_SECONDS = 60  # a hung browser fails the run instead of hanging CI

MEASURE = r"""
(() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const clipsAt = (element) => {
    for (let p = element.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow !== 'visible') return p.getBoundingClientRect().right;
    }
    return Infinity;
  };
  const wide = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && clipsAt(element) > width + 1) {
      const classes = typeof element.className === 'string' && element.className ? '.' + element.className.trim().split(/\s+/).join('.') : '';
      wide.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + classes);
    }
  }
  const brokenImages = [...document.images].filter(i => !i.complete || i.naturalWidth === 0)
    .map(i => i.getAttribute('src') || '(no src)');
  const emptyCharts = [...document.querySelectorAll('svg')].filter(s => {
    if (!s.checkVisibility()) return false;
    const box = s.getBoundingClientRect();
    return box.width === 0 || box.height === 0;
  }).length;
  return { scrollWidth: root.scrollWidth, clientWidth: width, wide: wide.slice(0, 5), brokenImages, emptyCharts,
           svgs: document.querySelectorAll('svg').length, height: root.scrollHeight };
})()
"""


class DevTools:
    """A headless Chromium and one page in it, driven over --remote-debugging-pipe."""

    def __init__(self, chromium, profile, log):
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--mute-audio", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        # The shell gives Chromium our pipes as descriptors 3 (commands in) and 4 (replies out).
        self.process = subprocess.Popen(
            ["sh", "-c", 'exec "$@" 3<&0 4>&1 0</dev/null 1>&2', "sh"] + args,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        self.buffer = b""
        self.events = []
        self.next_id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=True)

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def _read(self):
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.process.stdout], [], [], TIMEOUT_SECONDS)
            if not ready:
                raise RuntimeError(f"no reply from Chromium in {TIMEOUT_SECONDS} s")
            chunk = os.read(self.process.stdout.fileno(), 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe (see chromium.log)")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(message)

    def _note(self, message):
        # A dialog blocks the page until answered: answer it, and keep the event as evidence.
        if message.get("method") == "Page.javascriptDialogOpening":
            self._send("Page.handleJavaScriptDialog", {"accept": True}, session=True)
        self.events.append(message)

    def _send(self, method, params=None, session=False):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self.process.stdin.write(json.dumps(message).encode() + b"\0")
        self.process.stdin.flush()
        return self.next_id

    def call(self, method, params=None, session=False):
        ident = self._send(method, params, session)
        while True:
            message = self._read()
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message:
                self._note(message)

    def wait_for(self, method):
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                del self.events[index]
                return event
        while True:
            message = self._read()
            if message.get("method") == method:
                return message
            if "method" in message:
                self._note(message)

    def measure(self, width, media):
        self.call("Emulation.setEmulatedMedia", {"media": media}, session=True)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=True)
        result = self.call("Runtime.evaluate", {"expression": MEASURE, "returnByValue": True}, session=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"measuring failed: {result['exceptionDetails'].get('text')}")
        return result["result"]["value"]


def is_restricted(relative):
    """Pupil progress-plan lists (restricted/<urn>-progress-plan.html): pupil-level, marked on every page."""
    return relative.split(os.sep)[0] == "restricted"


def page_count(pdf_path):
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", pdf_path], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    with open(pdf_path, "rb") as handle:  # fallback: count page objects
        return len(re.findall(rb"/Type\s*/Page(?![a-z])", handle.read()))


def page_texts(pdf_path):
    if not shutil.which("pdftotext"):
        return None
    text = subprocess.run(["pdftotext", "-layout", pdf_path, "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def problems_in_events(events):
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            description = details.get("exception", {}).get("description", "")
            found.append(f"uncaught exception: {details.get('text', '')} {description}".strip())
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append("console error: " + " ".join(str(a.get("value", "")) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            found.append(f"console error ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Page.javascriptDialogOpening":
            found.append(f"a script opened a dialog ({params.get('type')}): {params.get('message')}")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for screenshots, PDFs and chromium.log")
    parser.add_argument("--only", default="", help="check only pages whose path contains this text")
    parser.add_argument("reports", nargs="+", help="rendered report folders (index.html, schools/...)")
    options = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("check_pages.py: chromium is not installed")
    os.makedirs(options.out, exist_ok=True)

    passed = failed = 0

    def check(name, problems):
        nonlocal passed, failed
        if problems:
            failed += 1
            print(f"FAIL - {name}", file=sys.stderr)
            for problem in problems:
                print(f"       {problem}", file=sys.stderr)
        else:
            passed += 1
            print(f"ok   - {name}")

    with open(os.path.join(options.out, "chromium.log"), "wb") as log, tempfile.TemporaryDirectory() as profile:
        browser = DevTools(chromium, profile, log)
        try:
            for report in options.reports:
                pages = sorted(os.path.relpath(os.path.join(folder, name), report)
                               for folder, _, names in os.walk(report) for name in names
                               if name.endswith(".html") and options.only in os.path.join(folder, name))
                check(f"{report}: has pages", [] if pages else ["no .html files"])
                for relative in pages:
                    label = f"{os.path.basename(os.path.normpath(report))}/{relative}"
                    stem = os.path.join(options.out, label.replace("/", "_")[: -len(".html")])
                    browser.events.clear()
                    browser.call("Emulation.setEmulatedMedia", {"media": "screen"}, session=True)
                    url = "file://" + os.path.abspath(os.path.join(report, relative))
                    navigation = browser.call("Page.navigate", {"url": url}, session=True)
                    if navigation.get("errorText"):
                        check(f"{label}: loads", [navigation["errorText"]])
                        continue
                    browser.wait_for("Page.loadEventFired")

                    layout = []
                    for width in SCREEN_WIDTHS:
                        m = browser.measure(width, "screen")
                        if m["scrollWidth"] > m["clientWidth"]:
                            layout.append(f"screen {width} px: content {m['scrollWidth']} px wide; widest: {', '.join(m['wide'])}")
                        if width == SCREEN_WIDTHS[0]:
                            screen = m
                            browser.call("Emulation.setDeviceMetricsOverride",
                                         {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                                         session=True)
                            shot = browser.call("Page.captureScreenshot", {
                                "format": "png", "captureBeyondViewport": True,
                                "clip": {"x": 0, "y": 0, "width": width,
                                         "height": min(m["height"], SCREENSHOT_MAX_HEIGHT), "scale": 1}},
                                session=True)
                            with open(stem + ".png", "wb") as handle:
                                handle.write(base64.b64decode(shot["data"]))
                    printed = browser.measure(A4_PRINTABLE_WIDTH_PX, "print")
                    if printed["scrollWidth"] > printed["clientWidth"]:
                        layout.append(f"print (A4): content {printed['scrollWidth']} px wide, page {printed['clientWidth']} px; "
                                      f"widest: {', '.join(printed['wide'])}")
                    check(f"{label}: no content wider than the page (screen and A4)", layout)

                    images = [f"image not loaded: {src}" for src in screen["brokenImages"]]
                    if screen["emptyCharts"]:
                        images.append(f"{screen['emptyCharts']} chart(s) with no size")
                    check(f"{label}: images and charts render ({screen['svgs']} charts)", images)

                    pdf = browser.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True},
                                       session=True)
                    with open(stem + ".pdf", "wb") as handle:
                        handle.write(base64.b64decode(pdf["data"]))
                    pages_printed = page_count(stem + ".pdf")
                    print_problems = []
                    texts = page_texts(stem + ".pdf")
                    if texts is not None:
                        for number in range(1, pages_printed + 1):
                            if f"Page {number} of {pages_printed}" not in texts[number - 1]:
                                print_problems.append(f"printed page {number} lacks its running footer")
                    if relative.endswith("-governors.html") and pages_printed > GOVERNORS_MAX_PAGES:
                        print_problems.append(f"prints on {pages_printed} A4 pages, more than {GOVERNORS_MAX_PAGES}")
                    if PACK_PAGE.search(relative) and pages_printed > PACK_MAX_PAGES:
                        print_problems.append(f"evidence pack prints on {pages_printed} A4 pages, more than {PACK_MAX_PAGES}")
                    if is_restricted(relative) and texts is not None:
                        for number in range(1, pages_printed + 1):
                            if RESTRICTED_MARKER not in texts[number - 1]:
                                print_problems.append(f"restricted page: printed page {number} lacks {RESTRICTED_MARKER}")
                    check(f"{label}: prints on A4 ({pages_printed} page{'s' if pages_printed != 1 else ''})",
                          print_problems)

                    browser.call("Emulation.setEmulatedMedia", {"media": "screen"}, session=True)
                    check(f"{label}: no console errors or dialogs", problems_in_events(browser.events))
        finally:
            browser.close()

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
