#!/usr/bin/env python3
"""The HTML report as a user sees it: drawn by headless Chromium, not only parsed as text.

Runs a 5-day copy of the default scenario with the real CLI, opens its report.html in headless
Chromium, saves a screenshot next to the run (look at it: build/tests/report-browser/report.png),
and checks the picture: every setup's colour from the report's palette is drawn as lines, and
the page is as tall as its charts. A report whose SVG a browser rejects draws no lines at all.

Usage: html_report_browser_test.py SHADOWSCALE_CLI SOURCE_DIR WORK_DIR
Exit 77 (skipped) without chromium, unless SHADOWSCALE_REQUIRE_CHROMIUM=1 (CI installs it).
"""
import os
import pathlib
import shutil
import subprocess
import sys

# report/svg_chart.cpp's palette, in setup order.
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f"]


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("SHADOWSCALE_REQUIRE_CHROMIUM") == "1":
        fail("no chromium on PATH, and SHADOWSCALE_REQUIRE_CHROMIUM=1")
    print("SKIP: no chromium on PATH")
    sys.exit(77)


def run_scenario(cli, source, work):
    text = (source / "scenarios" / "default.textproto").read_text()
    if 'duration: "7d"' not in text:
        fail('scenarios/default.textproto no longer has duration: "7d"; update this test')
    scenario = work / "short.textproto"
    scenario.write_text(text.replace('duration: "7d"', 'duration: "5d"', 1))
    out = work / "run"
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([cli, "run", str(scenario), "--out", str(out), "--quiet"],
                          capture_output=True, text=True)
    if done.returncode not in (0, 99):  # 99: a threshold crossed, the report is still written
        fail("shadowscale run exited %d:\n%s" % (done.returncode, done.stderr))
    return out / "report.html"


def screenshot(browser, report, png):
    png.unlink(missing_ok=True)
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=1280,4000", "--screenshot=" + str(png), report.resolve().as_uri()],
        capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not png.exists():
        fail("chromium could not draw %s:\n%s" % (report, done.stderr))


def colour_counts(png):
    from PIL import Image  # python3-pil, installed by scripts/install-deps.sh
    image = Image.open(png).convert("RGB")
    wanted = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)): c for c in PALETTE}
    counts = {c: 0 for c in PALETTE}
    for rgb, n in ((rgb, n) for n, rgb in image.getcolors(maxcolors=1 << 24)):
        if rgb in wanted:
            counts[wanted[rgb]] += n
    return image.size, counts


def main():
    if len(sys.argv) != 4:
        fail(__doc__)
    cli, source, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    browser = chromium()
    work.mkdir(parents=True, exist_ok=True)
    report = run_scenario(cli, source, work)
    png = work / "report.png"
    screenshot(browser, report, png)
    size, counts = colour_counts(png)
    print("screenshot %s: %dx%d, pixels per setup colour %s" % (png, size[0], size[1], counts))
    # A setup's lines across five time charts draw thousands of pixels; its legend swatches alone
    # draw a few hundred.
    missing = [c for c, n in counts.items() if n < 2000]
    if missing:
        fail("setup colours barely drawn (%s): the charts did not render" % ", ".join(missing))
    print("PASS")


if __name__ == "__main__":
    main()
