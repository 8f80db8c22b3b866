"""Shared fixtures: small throwaway projects built from the real templates and static files."""

import functools
import http.server
import os
import shutil
import textwrap
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
site_name: Second opinions
charity_name: Test Charity
charity_website: https://www.testcharity.org.uk
contact:
  email: help@example.org
  website: https://www.testcharity.org.uk
footer_links:
  - title: Privacy
    page: privacy.md
"""

CENTRE = """\
  - id: leeds
    name: Leeds Cancer Centre
    organisation: The Leeds Teaching Hospitals NHS Trust
    nation: England
    address: Beckett Street, Leeds
    town: Leeds
    postcode: LS9 7TF
    latitude: 53.80806
    longitude: -1.51861
    website: https://www.leedsth.nhs.uk
    offers:
      - Regional cancer centre
    last_checked: 2026-11-01
    sources:
      - title: Leeds Teaching Hospitals
        url: https://www.leedsth.nhs.uk
"""

PROGRAMME = """\
  - id: nhs
    name: NHS second opinion
    provider: The NHS
    cost: Free
    who_pays: The NHS
    who_can_use: Anyone having NHS care
    how_to_apply: Ask your cancer doctor to refer you.
    page: index.md
"""


def page_text(title, body="Some words.", **fields):
    """Return the text of a page with valid front matter (fields override the defaults)."""
    front = {"title": title, "description": f"About {title.lower()}.", "last_reviewed": "2026-11-01",
             "next_review": "2027-11-01", "sources": None, **fields}
    lines = [f"{k}: {v}" for k, v in front.items() if v is not None and k != "sources"]
    lines.append("sources:" + (front["sources"] or "\n  - title: A source\n    url: https://www.testcharity.org.uk/source"))
    return "---\n" + "\n".join(lines) + "\n---\n\n" + textwrap.dedent(body)


def default_files():
    """The files of a small valid project."""
    return {
        "data/site.yaml": SITE_YAML,
        "data/centres.yaml": f"centres:\n{CENTRE}programmes:\n{PROGRAMME}",
        "content/index.md": page_text("Home", "Welcome.\n\n## Who can claim\n\nAnyone.\n", template="home"),
        "content/find-a-centre.md": page_text("Find a centre", template="centres"),
        "content/contact.md": page_text("Contact us", template="contact", guidance="false"),
        "content/privacy.md": page_text("Privacy", guidance="false"),
    }


@pytest.fixture(autouse=True)
def not_on_github(monkeypatch):
    """Run every test as if at a terminal: on GitHub's runner (GITHUB_ACTIONS=true) the CLI would
    otherwise mark the test projects' deliberate mistakes on the pull request being tested."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def make_project(tmp_path):
    """Return a function that writes a project into tmp_path and returns its root."""

    def make(files=None, drop=()):
        root = tmp_path / "project"
        if not root.exists():
            shutil.copytree(REPO / "templates", root / "templates")
            shutil.copytree(REPO / "static", root / "static")
            shutil.copytree(REPO / "data" / "finder", root / "data" / "finder")
        merged = {**default_files(), **(files or {})}
        for name, text in merged.items():
            if name in drop:
                continue
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


# --- The real site, served on loopback, and a real headless Chromium ---------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Nothing may even be looked up outside this machine.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]


def require_browser():
    """Fail in CI, skip (saying why) elsewhere, when Chromium or Playwright is missing."""
    reason = None
    if not CHROMIUM.exists():
        reason = "Chromium is not installed (apt-get install chromium fonts-liberation)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright for Python is not installed (make test installs it)"
    if reason:
        skip_or_fail("browser tests", reason)


def skip_or_fail(what, reason):
    """Fail in CI (CI=true), where every check must run; elsewhere skip, saying why."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} cannot run in CI: {reason}")
    pytest.skip(f"{what} skipped: {reason}")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build the real content and data once into a temporary folder; return it."""
    from sitegen.pipeline import build

    out = tmp_path_factory.mktemp("built") / "site"
    build(REPO, out)
    return out


@pytest.fixture(scope="session")
def site_url(built_site):
    """Serve the built site on 127.0.0.1 for the session; return its base URL."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that keeps the test output clean."""

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium from Debian's package, driven by Playwright."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab with no stored state, at a phone-sized viewport."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()
