#!/usr/bin/env python3
"""How long from saving a file to the live preview serving the rebuilt page, beside a full build.

Runs on copies in a temporary folder (the project's own files are never touched):
the real site, and a synthetic site of 1,000 pages (the real site plus generated pages).
For each it reports the median of several runs of:

- a full build (`pipeline.build`: load, validate, render, write), the peer;
- the preview's rebuild after a save, in process (`incremental.Builder.build`);
- save to served: the file is written, then the real preview server (a subprocess,
  as `python build.py serve` runs it) is asked for the page until it has the change;
- save to shown (unless --no-browser): the same, in headless Chromium, where the open
  page updates by itself (its body swapped in place, or a full reload when its head
  changed); "shown" is the animation frame that first draws the change, timed by the
  browser's clock (performance.timeOrigin: the system clock, as the save's time is).

Usage: .venv/bin/python benchmarks/rebuild_benchmark.py [--runs 7] [--pages 1000] [--no-browser]
"""

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen.incremental import Builder  # noqa: E402
from sitegen.pipeline import build  # noqa: E402

SERVER = "import sys; from sitegen.serve import serve; sys.exit(serve(sys.argv[1], port=0))"
TARGET_MS = 100
PAGE = """---
title: "Topic {n}: help with the costs of care"
description: "What topic {n} covers, in one plain sentence."
last_reviewed: 2026-11-01
next_review: 2027-11-01
{order}sources:
  - title: "A source for topic {n}"
    url: https://www.example.org/topic-{n}
---

You can ask for help with the cost of travel to a second opinion. This page says how.

## Who can get help

- People who get certain benefits.
- People on a low income.
- People who have a carer with them.

## How to ask

Ask your care team before you travel. Keep your tickets and receipts.
See [the next topic]({next}) for more.

!!! note "Good to know"
    Some charities also help with travel costs.

| What | Who pays |
|---|---|
| Train fares | You, then claim it back |
| Parking | The hospital may help |
"""


def copy_real_site(folder):
    """Copy the real content, data, templates and static files into `folder`."""
    for name in ("content", "data", "templates", "static"):
        shutil.copytree(REPO / name, folder / name)
    return folder


def make_large_site(folder, pages):
    """The real site plus generated pages up to `pages` in all, under content/topics/."""
    copy_real_site(folder)
    have = len(list((folder / "content").rglob("*.md")))
    extra = max(0, pages - have - 1)
    topics = folder / "content" / "topics"
    topics.mkdir()
    (folder / "content" / "topics.md").write_text(PAGE.format(n=0, order="", next="topics/topic-0001.md"), encoding="utf-8")
    for n in range(1, extra + 1):
        order = f"order: {100 + n}\n" if n <= 20 else ""  # a menu of the usual size, not of 1,000 entries
        text = PAGE.format(n=n, order=order, next=f"topic-{n % extra + 1:04d}.md")
        (topics / f"topic-{n:04d}.md").write_text(text, encoding="utf-8")
    return folder


def edits(site):
    """The saves to time: (name, file, page URL path, function of a marker giving the new text)."""
    page = "content/topics/topic-0500.md" if (site / "content/topics").is_dir() else "content/travel-costs.md"
    url = page.removeprefix("content/").removesuffix(".md") + "/"
    centres_yaml = (site / "data/centres.yaml").read_text(encoding="utf-8")
    name = next(line for line in centres_yaml.splitlines() if line.startswith("    name: "))  # shown on the card
    base = (site / "templates/base.html").read_text(encoding="utf-8")
    body = (site / page).read_text(encoding="utf-8")
    return [
        ("page text", page, url, lambda m: body + f"\nEdited {m}.\n"),
        ("centre", "data/centres.yaml", "find-a-centre/", lambda m: centres_yaml.replace(name, f"    name: \"Centre {m}\"", 1)),
        ("template", "templates/base.html", url, lambda m: base.replace("No cookies.", f"No cookies {m}.", 1)),
    ]


def time_full_build(site, runs):
    """Median seconds of a full build into a temporary folder, making everything (no .cache/: with it,
    a build with nothing changed makes nothing)."""
    out = Path(tempfile.mkdtemp()) / "site"
    build(site, out, cache=False)  # warm up: imports
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        build(site, out, cache=False)
        times.append(time.perf_counter() - started)
    shutil.rmtree(out.parent)
    return statistics.median(times)


def time_incremental(site, runs):
    """Median seconds of the preview's rebuild after each kind of save, in process."""
    builder = Builder(site, "http://127.0.0.1:8000/")
    builder.build()
    found = {}
    for name, path, _, text in edits(site):
        original, times = (site / path).read_text(encoding="utf-8"), []
        for run in range(runs):
            (site / path).write_text(text(f"in process {run}"), encoding="utf-8")
            started = time.perf_counter()
            result = builder.build()
            times.append(time.perf_counter() - started)
            assert not [p for p in result.problems if p.level == "error"], result.problems
        (site / path).write_text(original, encoding="utf-8")
        builder.build()
        found[name] = (statistics.median(times), builder.rendered)
    return found


class Preview:
    """The real preview server on a free port, in a subprocess."""

    def __init__(self, site):
        self.process = subprocess.Popen([sys.executable, "-c", SERVER, str(site)], cwd=REPO, text=True,
                                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        self.lines = []
        for line in self.process.stderr:
            self.lines.append(line)
            if "Preview at " in line:
                self.url = line.split("Preview at ")[1].split()[0]
                break
        else:
            raise SystemExit("the preview did not start:\n" + "".join(self.lines))
        threading.Thread(target=lambda: self.lines.extend(self.process.stderr), daemon=True).start()
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def rebuilds(self):
        """How many rebuilds the preview has reported so far."""
        return sum("Rebuilt the preview" in line for line in self.lines)

    def wait_for_rebuild(self, after):
        """Wait until the preview has reported more than `after` rebuilds: it shows the open pages of a template
        edit first, and the next save must not land while it renders the rest."""
        started = time.perf_counter()
        while self.rebuilds() <= after and time.perf_counter() - started < 60:
            time.sleep(0.01)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def time_served(site, preview, runs):
    """Median seconds from writing a file to the server answering with the changed page."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    found = {}
    for name, path, url, text in edits(site):
        original, times = (site / path).read_text(encoding="utf-8"), []
        for run in range(runs):
            marker = f"served {run} {time.time_ns()}"
            time.sleep(0.3)  # as between an editor's saves
            rebuilds, started = preview.rebuilds(), time.perf_counter()
            (site / path).write_text(text(marker), encoding="utf-8")
            while marker not in fetch(connection, "/" + url):
                if time.perf_counter() - started > 60:
                    raise SystemExit(f"the preview never served the change to {path}:\n" + "".join(preview.lines[-20:]))
                time.sleep(0.005)  # asking much more often would slow the server it measures
            times.append(time.perf_counter() - started)
            preview.wait_for_rebuild(rebuilds)
        (site / path).write_text(original, encoding="utf-8")
        while marker in fetch(connection, "/" + url):  # wait for the preview to be as it was
            time.sleep(0.01)
        found[name] = statistics.median(times)
    connection.close()
    return found


def fetch(connection, path):
    """GET a path on a kept-alive connection; return the body as text."""
    connection.request("GET", path)
    return connection.getresponse().read().decode("utf-8", "replace")


# Run in every document the tab opens, before its own scripts: note when each marker is first
# drawn, in ms since 1970. An animation frame's callbacks run just before that frame is painted,
# and wait for the page's stylesheets, so this is the same moment whether the preview swapped
# the page's body in place or reloaded the whole page.
NOTE_WHEN_SHOWN = """
window.shownAt = {};
new MutationObserver(() => {
  const marker = document.body && (document.body.textContent.match(/shown \\d+ \\d+/) || [])[0];
  if (marker && !(marker in window.shownAt)) {
    window.shownAt[marker] = null;
    requestAnimationFrame(() => { window.shownAt[marker] = performance.timeOrigin + performance.now(); });
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""
CONNECTED = "() => document.documentElement.dataset.preview === 'connected'"


def time_shown(site, preview, runs):
    """Median seconds from writing a file to headless Chromium showing it, having updated by itself."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return None
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--headless", "--no-sandbox"])
        tab = browser.new_page()
        tab.add_init_script(NOTE_WHEN_SHOWN)
        for name, path, url, text in edits(site):
            original, times = (site / path).read_text(encoding="utf-8"), []
            tab.goto(preview.url + url)
            for run in range(runs):
                tab.wait_for_function(CONNECTED)
                time.sleep(0.3)
                marker = f"shown {run} {time.time_ns()}"
                rebuilds, saved = preview.rebuilds(), time.time()
                (site / path).write_text(text(marker), encoding="utf-8")
                shown = tab.wait_for_function("m => window.shownAt[m]", arg=marker, polling=5, timeout=30000)
                times.append(shown.json_value() / 1000 - saved)
                preview.wait_for_rebuild(rebuilds)
            (site / path).write_text(original, encoding="utf-8")
            tab.wait_for_function("m => document.body && !document.body.textContent.includes(m)", arg=marker,
                                  polling=10, timeout=30000)  # the page is back as it was
            found[name] = statistics.median(times)
        browser.close()
    return found


def measure(label, site, runs, browser):
    """Measure one site and print its lines of the report."""
    pages = len(list((site / "content").rglob("*.md")))
    full = time_full_build(site, runs)
    incremental = time_incremental(site, runs)
    preview = Preview(site)
    try:
        served = time_served(site, preview, runs)
        shown = time_shown(site, preview, runs) if browser else None
    finally:
        preview.stop()
    print(f"\n{label}: {pages} pages; full build {full * 1000:.0f} ms (median of {runs})")
    print(f"  {'save':<10} {'rebuild':>9} {'pages':>6} {'vs full':>8} {'served':>8} {'shown':>8}")
    for name, (seconds, rendered) in incremental.items():
        shown_ms = f"{shown[name] * 1000:6.0f} ms" if shown else "       –"
        print(f"  {name:<10} {seconds * 1000:6.1f} ms {rendered:>6} {full / seconds:7.0f}× {served[name] * 1000:5.0f} ms {shown_ms}")
    return served, shown


def load():
    """The machine's load average over the last minute, where the system gives it."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "unknown"


def main():
    """Measure the real site and a synthetic large one; print a table for each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement; the median is reported (default 7)")
    parser.add_argument("--pages", type=int, default=1000, help="pages in the synthetic site (default 1000)")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium measurement")
    options = parser.parse_args()
    print("rebuild: the preview's rebuild in process; pages: pages it rendered again; vs full: full build ÷ rebuild;\n"
          "served: save to the server answering with the change; shown: save to Chromium showing it, having updated by itself.")
    print(f"Machine: {os.cpu_count()} processors, load average {load()} at the start.")
    with tempfile.TemporaryDirectory(prefix="rebuild-benchmark-") as temp:
        real = copy_real_site(Path(temp) / "real")
        large = make_large_site(Path(temp) / "large", options.pages)
        found = {"Real site": measure("Real site", real, options.runs, not options.no_browser),
                 f"{options.pages:,} pages": measure("Synthetic site", large, options.runs, not options.no_browser)}
    print()
    for label, (served, shown) in found.items():
        print(f"{label}, a page's text saved → {'shown in the browser' if shown else 'served'} in "
              f"{(shown or served)['page text'] * 1000:.0f} ms (target {TARGET_MS} ms).")
    print(f"Load average at the end: {load()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
