"""Shared fixtures: small throwaway projects built from the real templates and static files."""

import fcntl
import os
import re
import shutil
import textwrap
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


FRONT_MATTER = re.compile(r"\ufeff?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|$)", re.S)


def front_matter(page):
    """Return the front matter text of a page in content/."""
    return FRONT_MATTER.match(page.read_text(encoding="utf-8")).group(1)


def page_text(title, body="Some words.", **fields):
    """Return the text of a page with valid front matter (fields override the defaults)."""
    front = {"title": title, "description": f"About {title.lower()}.", "last_reviewed": "2026-11-01",
             "next_review": "2027-11-01", "sources": None, **fields}
    lines = [f"{k}: {v}" for k, v in front.items() if v is not None and k != "sources"]
    lines.append("sources:" + (front["sources"] or "\n  - title: A source\n    url: https://www.testcharity.org.uk/source"))
    return "---\n" + "\n".join(lines) + "\n---\n\n" + textwrap.dedent(body)


# A few rows of each place table: enough for the finder index to build, so that a small project builds
# in a fraction of the time the real tables (over 6,000 places) take. Tests about the finder's own data
# ask for the real tables with make_project(real_places=True), or use the real built site.
DISTRICTS = "district,lat,lon,reach_km\nM20,53.42314,-2.23471,2.6\nLS1,53.7965,-1.5478,1.1\nLS9,53.7994,-1.5100,4.7\nBT9,54.5762,-5.9407,\n"
PLACES = (
    "name,near,county,nation,kind,population,lat,lon,also\n"
    "Leeds,,West Yorkshire,England,town,536280,53.7965,-1.5478,\n"
    "Newport,,Newport,Wales,town,161506,51.5877,-2.9983,Casnewydd\n"
    "Newport,near Cowes,Isle of Wight,England,town,24884,50.7015,-1.2912,\n"
    "St Helier,,,Jersey,crown,28000,49.1880,-2.1049,\n"
)


def default_files():
    """The files of a small valid project."""
    return {
        "data/site.yaml": SITE_YAML,
        "data/centres.yaml": f"centres:\n{CENTRE}programmes:\n{PROGRAMME}",
        "content/index.md": page_text("Home", "Welcome.\n\n## Who can claim\n\nAnyone.\n", template="home"),
        "content/find-a-centre.md": page_text("Find a centre", template="centres"),
        "content/contact.md": page_text("Contact us", template="contact", guidance="false"),
        "content/privacy.md": page_text("Privacy", guidance="false"),
        "data/finder/postcode-districts.csv": DISTRICTS,
        "data/finder/places.csv": PLACES,
    }


def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist (-n), hand out tests one at a time, except that a test class runs whole on
    one worker: its tests share a costly session fixture (each worker has its own), made once."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ClassesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            """Return the test's class as its unit of work, or the test itself outside a class."""
            parts = nodeid.split("::")
            return "::".join(parts[:2]) if len(parts) > 2 else nodeid

    return ClassesTogether(config, log)


@pytest.fixture(autouse=True)
def not_on_github(monkeypatch):
    """Run every test as if at a terminal: on GitHub's runner (GITHUB_ACTIONS=true) the CLI would
    otherwise mark the test projects' deliberate mistakes on the pull request being tested."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)


def write_project(root, files=None, drop=(), real_places=False):
    """Write a project into root and return it: the real templates and static files, small data and
    pages (`files` added or replacing them, `drop` left out), and small place tables unless real_places."""
    if not root.exists():
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "static", root / "static")
    if real_places:
        shutil.copytree(REPO / "data" / "finder", root / "data" / "finder", dirs_exist_ok=True)
    defaults = {name: text for name, text in default_files().items() if not (real_places and name.startswith("data/finder/"))}
    for name, text in {**defaults, **(files or {})}.items():
        if name not in drop:
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path):
    """Return a function that writes a project into tmp_path/project (see write_project) and returns its root."""

    def make(files=None, drop=(), real_places=False):
        return write_project(tmp_path / "project", files, drop, real_places)

    return make


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """The default project, built once by the command line, for the tests to copy."""
    from sitegen import cli

    root = write_project(tmp_path_factory.mktemp("built-project") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "ROOT", root)
        assert cli.main(["build"]) == 0
    return root


@pytest.fixture
def project(built_project, tmp_path, monkeypatch):
    """A valid project of its own, already built once, that the CLI treats as its own."""
    from sitegen import cli

    root = tmp_path / "project"
    shutil.copytree(built_project, root, symlinks=True)
    monkeypatch.setattr(cli, "ROOT", root)
    return root


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
    """Build the real content and data once for the whole run, into a temporary folder that every worker
    process reads (the first to ask builds it, the others wait); return it. No test writes into it."""
    from sitegen.pipeline import build

    shared = tmp_path_factory.getbasetemp()
    shared = shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared  # pytest-xdist: the run's folder
    out = shared / "real-site"
    with open(shared / "real-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "index.html").is_file():
            build(REPO, out)
    return out


@pytest.fixture(scope="session")
def site_url(built_site):
    """Serve the built site on 127.0.0.1 for the session (each worker on a port of its own); return its base URL."""
    import gates  # gates imports this module, so not at the top

    with gates.serve_folder(built_site) as base_url:
        yield base_url


def expect(actual, *args, **kwargs):
    """Playwright's expect(), imported on first use, so that the suite collects without Playwright
    (the browser fixture then skips or fails each browser test, saying why)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(actual, *args, **kwargs)


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
