#!/usr/bin/env python3
"""Audit every page with Lighthouse (mobile, offline) and screenshot it at phone and desktop widths: `make audit`.

Builds the site into a temporary folder for a server on 127.0.0.1, runs Lighthouse
(audit/node_modules, with Debian's Chromium) on each page, and writes
reports/audit.md and reports/audit.json (the four category scores and the page
weights) and reports/screenshots/<page>-phone.png and -desktop.png.
Exits 1 when a page scores under 95 for performance or under 100 for anything else.
"""

import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.pipeline import build  # noqa: E402

REPORTS = ROOT / "reports"
LIGHTHOUSE = ROOT / "audit" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
# The same flags as tests/conftest.py: headless, and nothing looked up outside this machine.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that keeps the output clean."""

    def log_message(self, *args):
        pass


def free_port():
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(folder, port):
    """Serve a folder on 127.0.0.1:port in a background thread; return the server."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def page_paths(site):
    """Return the address of every page: each **/index.html and the 404 page."""
    names = ["/" + p.relative_to(site).as_posix()[: -len("index.html")] for p in sorted(site.rglob("index.html"))]
    return names + (["/404.html"] if (site / "404.html").exists() else [])


def slug_of(name):
    """Return a file-name-safe form of a page address: / -> home, /about/ -> about."""
    return name.strip("/").replace("/", "-").replace(".html", "") or "home"


def run_lighthouse(url, out):
    """Run Lighthouse at mobile settings on one page; return its JSON report."""
    # A flag whose value has spaces (--host-resolver-rules) is quoted inside --chrome-flags.
    flags = " ".join(a.replace("=", '="', 1) + '"' if " " in a else a for a in CHROMIUM_ARGS)
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}", "--form-factor=mobile",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, timeout=180)
    return json.loads(Path(out).read_text(encoding="utf-8"))


def summarise(name, report):
    """Return a page's scores, weights and the audits that cost it points."""
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    requests = report["audits"]["network-requests"]["details"]["items"]
    by_type = {}
    for item in requests:
        by_type[item.get("resourceType", "Other")] = by_type.get(item.get("resourceType", "Other"), 0) + item.get("resourceSize", 0)
    lost = [f"{c}: {ref['id']} ({report['audits'][ref['id']]['score']})" for c in CATEGORIES
            for ref in report["categories"][c]["auditRefs"]
            if ref["weight"] and (report["audits"][ref["id"]]["score"] is not None) and report["audits"][ref["id"]]["score"] < 1]
    return {"page": name, "scores": scores, "transfer_bytes": round(report["audits"]["total-byte-weight"]["numericValue"]),
            "resource_bytes": sum(by_type.values()), "bytes_by_type": by_type, "requests": len(requests), "lost_points": lost,
            "warnings": report.get("runWarnings", [])}


def screenshot_all(base_url, names, folder):
    """Take a full-page screenshot of every page at phone and desktop widths."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS[1:])
        for label, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, locale="en-GB")
            page = context.new_page()
            for name in names:
                page.goto(base_url + name[1:], wait_until="networkidle")
                page.screenshot(path=str(folder / f"{slug_of(name)}-{label}.png"), full_page=True)
            context.close()
        browser.close()


def shortfalls(results):
    """Return the pages and categories under their targets."""
    return [f"{r['page']}: {c} {r['scores'][c]} (target {t})" for r in results for c, t in TARGETS.items() if r["scores"][c] < t]


def write_report(results, folder):
    """Write reports/audit.md (a table for people) and reports/audit.json."""
    (folder / "audit.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    lines = ["# Lighthouse audit", "",
             f"Lighthouse at mobile settings (simulated slow 4G, 4× slower CPU), offline, on {time.strftime('%Y-%m-%d %H:%M')}. "
             "Weights are uncompressed: the local test server does not compress, so a real host sends less.", "",
             "| Page | Performance | Accessibility | Best practices | SEO | Weight (bytes) | Requests | Screenshots |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        s, slug = r["scores"], slug_of(r["page"])
        lines.append(f"| {r['page']} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
                     f"| {r['transfer_bytes']:,} | {r['requests']} | [phone](screenshots/{slug}-phone.png), "
                     f"[desktop](screenshots/{slug}-desktop.png) |")
    short = shortfalls(results)
    lines += ["", "Targets: performance 95 or more, the others 100.", ""]
    lines += ["Every page meets them."] if not short else ["Under target:", ""] + [f"- {s}" for s in short]
    lost = [f"- {r['page']}: {', '.join(r['lost_points'])}" for r in results if r["lost_points"]]
    lines += (["", "Audits that cost points:", ""] + lost) if lost else []
    (folder / "audit.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_tools():
    """Stop with a how-to-fix message when Lighthouse or Chromium is missing."""
    if not LIGHTHOUSE.exists():
        sys.exit("Error: Lighthouse is not installed. Run `make audit` (it runs npm ci in audit/).")
    if not CHROMIUM.exists():
        sys.exit("Error: Chromium is not installed. Install it with: apt-get install chromium fonts-liberation")


def main():
    """Build, serve, audit and screenshot every page; return 1 if any page is under target."""
    check_tools()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as temp:
        site, raw = Path(temp) / "site", REPORTS / "lighthouse"
        build(ROOT, site, base_url=base_url)  # canonical links match the address Lighthouse sees
        raw.mkdir(parents=True, exist_ok=True)
        server = serve(site, port)
        try:
            names = page_paths(site)
            results = []
            for name in names:
                print(f"Lighthouse: {name}", file=sys.stderr)
                results.append(summarise(name, run_lighthouse(base_url + name[1:], raw / f"{slug_of(name)}.json")))
            screenshot_all(base_url, names, REPORTS / "screenshots")
        finally:
            server.shutdown()
    write_report(results, REPORTS)
    short = shortfalls(results)
    print(f"Audited {len(results)} pages: {REPORTS / 'audit.md'}, screenshots in {REPORTS / 'screenshots'}/", file=sys.stderr)
    for line in short:
        print(f"Under target: {line}", file=sys.stderr)
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
