#!/usr/bin/env python3
"""Benchmark the centre finder (issue 4): what the page downloads, and how long a search takes.

Reports
- the size of each index file a search downloads (raw and gzip -9), and the page itself;
- the median time from submitting a query to the results being in the page (laid out),
  in headless Chromium, for the real centres and for 1,000 synthetic ones, measured side
  by side in the same run, with their ratio. "Cold" is each page's first search, which
  includes fetching the index from a local server; "warm" is every later search.

It builds both sites into a temporary folder (the synthetic one from a copy of the
project with a generated data/centres.yaml) and checks that nothing in the repository
changed. It is a script, not a test: timings depend on the machine.

Run: .venv/bin/python benchmarks/finder_benchmark.py [--searches 40] [--loads 5]
"""

import argparse
import datetime
import functools
import gzip
import http.server
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.pipeline import build  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
SYNTHETIC_CENTRES = 1000
QUERIES = ["M20 4BX", "EH4 2XU", "Leeds", "CF14 2TL", "BT9 7AB", "inverness", "TR1", "Norwich", "PL6 8DH", "Aberdeen"]
SCOTLAND = {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"}
WALES = {"CF", "LD", "LL", "NP", "SA"}
SKIP = {".git", ".venv", "node_modules", "reports", "__pycache__", ".pytest_cache"}

# Runs in the page: submit a query and resolve once the results heading says so and
# the results are laid out. Reading offsetHeight forces style and layout.
SEARCH_JS = """async ([query, heading]) => {
  const input = document.querySelector('#finder-near')
  const title = document.querySelector('#finder-results-heading')
  const results = document.querySelector('.js-finder-results')
  const done = () => title.textContent === heading && !results.hidden
  const finished = new Promise((resolve) => {
    const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve() } })
    observer.observe(results, { subtree: true, childList: true, characterData: true, attributes: true })
  })
  input.value = query
  const start = performance.now()
  input.form.requestSubmit()
  await finished
  void results.offsetHeight
  return performance.now() - start
}"""


def main(argv=None):
    """Build both sites, serve them, time searches in Chromium and print the medians."""
    options = parse_args(argv)
    before = snapshot(ROOT)
    with tempfile.TemporaryDirectory(prefix="finder-bench-") as tmp:
        tmp = Path(tmp)
        real = build(ROOT, tmp / "real")
        sites = {f"real ({real.centres} centres)": tmp / "real"}
        synthetic = build(make_synthetic_project(tmp / "project"), tmp / "synthetic")
        sites[f"synthetic ({synthetic.centres} centres)"] = tmp / "synthetic"
        print_sizes(sites)
        timings = time_sites(sites, options.searches, options.loads)
    print_timings(timings)
    written = written_by_us(before, snapshot(ROOT))
    print("\nNothing written into the repository:", "yes" if not written else f"NO: {written}")
    return 1 if written else 0


def parse_args(argv):
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--searches", type=int, default=40, help="warm searches per site (default 40)")
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads per site, for cold searches (default 5)")
    return parser.parse_args(argv)


def written_by_us(before, after):
    """Return files the benchmark could have written: a site/ folder, centres.yaml, or synthetic data.

    Others may edit the repository while this runs, so other changed files are not counted."""
    changed = sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))
    return [path for path in changed if path.startswith("site/") or path == "data/centres.yaml"
            or (path in after and b"synthetic-0" in (ROOT / path).read_bytes())]


def snapshot(root):
    """Return {path: (size, mtime)} for the project's own files, to show nothing was written."""
    files = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not (Path(folder) == root and d in SKIP) and d != "__pycache__"]
        for name in names:
            path = Path(folder) / name
            stat = path.stat()
            files[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return files


def make_synthetic_project(project):
    """Copy the project into `project` with SYNTHETIC_CENTRES generated centres; return it."""
    for name in ("content", "templates", "static", "data"):
        shutil.copytree(ROOT / name, project / name)
    real = (ROOT / "data" / "centres.yaml").read_text(encoding="utf-8")
    programmes = real[real.index("\nprogrammes:"):]
    (project / "data" / "centres.yaml").write_text("centres:\n" + synthetic_centres() + programmes, encoding="utf-8")
    return project


def synthetic_centres():
    """Return YAML for SYNTHETIC_CENTRES centres at random postcode districts (seeded, so runs compare)."""
    rows = [line.split(",") for line in (ROOT / "data/finder/postcode-districts.csv").read_text().splitlines()[1:]]
    rng = random.Random(4)
    checked = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    lines = []
    for n, (district, lat, lon) in enumerate(rng.sample(rows, SYNTHETIC_CENTRES)):
        area = district[:2] if district[1].isalpha() else district[:1]
        nation = "Northern Ireland" if area == "BT" else "Scotland" if area in SCOTLAND else "Wales" if area in WALES else "England"
        lines.append(
            f"  - id: synthetic-{n}\n    name: Synthetic centre {n} ({district})\n    organisation: Synthetic NHS Trust {n}\n"
            f"    nation: {nation}\n    address: {n} Example Road\n    town: Example\n    postcode: {district} 1AB\n"
            f"    latitude: {float(lat):.4f}\n    longitude: {float(lon):.4f}\n    website: https://www.example.org/{n}\n"
            f"    offers:\n      - Synthetic centre for the benchmark\n    last_checked: {checked}\n"
            f"    sources:\n      - title: Benchmark\n        url: https://www.example.org\n")
    return "".join(lines)


def print_sizes(sites):
    """Print what a search downloads, raw and gzipped, for each site."""
    print("Index and page sizes (bytes; gzip -9 in brackets)")
    for label, site in sites.items():
        page = (site / "find-a-centre" / "index.html").read_bytes()
        districts = (site / "finder" / "districts.json").read_bytes()
        places = (site / "finder" / "places.json").read_bytes()
        print(f"  {label}")
        print(f"    Find a centre page (HTML)           {size(page)}")
        print(f"    finder/districts.json (postcodes)   {size(districts)}")
        print(f"    finder/places.json (place names)    {size(places)}")


def size(data):
    """Return '12,345 (4,567)': raw and gzipped size."""
    return f"{len(data):>9,} ({len(gzip.compress(data, 9)):>7,})"


def time_sites(sites, searches, loads):
    """Time cold and warm searches on each site in one browser; return {label: {kind: [ms]}}."""
    from playwright.sync_api import sync_playwright

    servers = {label: serve(site) for label, site in sites.items()}
    timings = {label: {"cold": [], "warm": []} for label in sites}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for round_ in range(loads):  # alternate the sites so both see the same conditions
            for label, (url, _) in servers.items():
                time_one_load(browser, url, timings[label], searches // loads, round_)
        browser.close()
    for _, server in servers.values():
        server.shutdown()
    return timings


def time_one_load(browser, url, timing, searches, round_):
    """Load the page in a fresh context; time its first (cold) search and then `searches` warm ones."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url + "find-a-centre/")
    page.wait_for_selector("#finder-near", state="visible")
    queries = QUERIES[round_ % len(QUERIES):] + QUERIES[:round_ % len(QUERIES)]
    for n in range(searches + 1):
        query = queries[n % len(queries)]
        ms = page.evaluate(SEARCH_JS, [query, expected_heading(page, query)])
        timing["cold" if n == 0 else "warm"].append(ms)
    context.close()


def expected_heading(page, query):
    """Return the heading the page shows for a query (names come back as the data spells them)."""
    names = {"inverness": "Inverness, Scotland", "leeds": "Leeds, England", "norwich": "Norwich, England", "aberdeen": "Aberdeen, Scotland"}
    return f"Centres nearest to {names.get(query.lower(), query)}"


def serve(folder):
    """Serve a folder on 127.0.0.1 in a thread; return (base URL, server)."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def print_timings(timings):
    """Print median times per site and the ratio between the two sites."""
    print("\nQuery to results in the page (headless Chromium, milliseconds, median)")
    print(f"  {'':28}{'cold (first search)':>22}{'warm':>10}")
    medians = {}
    for label, timing in timings.items():
        medians[label] = {kind: statistics.median(values) for kind, values in timing.items()}
        print(f"  {label:28}{medians[label]['cold']:>16.1f} (n={len(timing['cold'])}){medians[label]['warm']:>7.1f} (n={len(timing['warm'])})")
    (real, synthetic) = medians.values()
    print(f"  {'ratio synthetic / real':28}{synthetic['cold'] / real['cold']:>16.1f}x{'':6}{synthetic['warm'] / real['warm']:>7.1f}x")


if __name__ == "__main__":
    sys.exit(main())
