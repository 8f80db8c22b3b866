"""Site search (issue 14): index the built site with Pagefind, in the new folder before it is swapped in.

Pagefind reads the built HTML and writes a static index that the reader's browser
searches (static/js/search.js), so no search server is needed and no query leaves
the site. We index only each page's <main>, less the parts repeated on every page,
plus one small document per centre (so "Leeds" leads to that centre on Find a centre)
and one per page with its title and other words readers use for it (data/search.yaml).
"""

import html
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .data import read_yaml
from .problems import ERROR, BuildError, Problem
from .render import NOT_FOUND

BUNDLE = "pagefind"      # the index and Pagefind's search script, under the base path
TERMS_FILE = "data/search.yaml"
ROOT_SELECTOR = "main"   # menus, header and footer are outside it
# Parts of <main> that are not guidance: repeated on every page, the finder's controls and its
# list of centres (each centre has a document of its own), and whatever is hidden until a script shows it.
EXCLUDE_SELECTORS = (
    ".app-feedback", ".app-sources", ".app-review-date", ".app-draft-banner", "form", "[hidden]",
    ".app-error-summary", ".app-finder-results", ".app-finder-choices", ".app-centre-directory",
)
# Pagefind's ready-made interfaces: we use its JavaScript API with our own markup instead.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
EXTRA_FOLDER = "_search"  # in the folder Pagefind reads (never the site): no page's output is named like this
INDEX_TIMEOUT = 120


@dataclass(frozen=True)
class SearchPlan:
    """What to index beyond the built pages, and which built pages to leave out."""

    documents: dict = field(default_factory=dict)  # file name → HTML bytes, indexed but never published
    skipped: frozenset = frozenset()               # built files (e.g. "search/index.html") not indexed


def plan_search(root, pages, centres, base_url):
    """Return (SearchPlan, problems): extra documents for centres and other words, and pages to skip."""
    base_path = urlsplit(base_url).path or "/"
    terms, problems = load_search_terms(Path(root), pages)
    documents = {}
    finder = next((p for p in pages if p.template == "centres"), None)
    for centre in centres if finder else ():
        documents[f"{EXTRA_FOLDER}/centre-{centre.id}.html"] = centre_document(centre, base_path + finder.url)
    skipped = frozenset({NOT_FOUND} | {p.url + "index.html" for p in pages if p.template == "search"})
    for page in pages:
        if page.url + "index.html" not in skipped:
            documents[f"{EXTRA_FOLDER}/page-{page.url.strip('/').replace('/', '-') or 'home'}.html"] = \
                title_document(page, terms.get(page.source, ()), base_path)
    return SearchPlan(documents, skipped), problems


def load_search_terms(root, pages):
    """Read data/search.yaml (optional); return ({page source: words}, problems)."""
    if not (root / TERMS_FILE).is_file():
        return {}, []
    data, problems = read_yaml(root / TERMS_FILE, root)
    found = (data or {}).get("also_found_by") if isinstance(data, dict) else None
    if data is not None and not isinstance(found, dict):
        hint = "start the file with 'also_found_by:', then one line a page: 'travel-costs.md: [train fares, bus fares]'"
        return {}, problems + [Problem(ERROR, TERMS_FILE, getattr(data, "line", None), "expected 'also_found_by:' with a page a line", hint)]
    sources = {p.source for p in pages}
    terms = {}
    for source, words in (found or {}).items():
        problem = terms_problem(source, words, sources, found.line_of(source))
        if problem:
            problems.append(problem)
        else:
            terms[source] = tuple(words)
    return terms, problems


def terms_problem(source, words, sources, line):
    """Return what is wrong with one page's line in data/search.yaml, or None."""
    if source not in sources:
        close = sorted(s for s in sources if s.split("/")[-1] == str(source).split("/")[-1])
        hint = f"did you mean '{close[0]}'?" if close else "use a page's file name under content/, e.g. travel-costs.md"
        return Problem(ERROR, TERMS_FILE, line, f"'{source}' is not a page in content/", hint)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        return Problem(ERROR, TERMS_FILE, line, f"{source}: expected a list of words, e.g. [train fares, bus fares], got {words!r}")
    return None


def centre_document(centre, finder_url):
    """A small page for one centre, found by its name, town and organisation, that leads to its card."""
    e = html.escape
    # Only the words a reader would search for it by: every extra word makes each search's download bigger.
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{e(centre.name)}</title></head><body>'
            f'<main data-pagefind-meta="url:{e(finder_url)}#centre-{e(centre.id)}">'
            f'<span data-pagefind-meta="section" data-pagefind-ignore>Find a centre</span>'
            f'<h1>{e(centre.name)}</h1><p data-pagefind-weight="7">{e(centre.town)}</p>'
            f'<p data-pagefind-weight="3">{e(centre.organisation)}</p></main></body></html>').encode()


def title_document(page, words, base_path):
    """A small page holding only `page`'s title and the other words readers use for it; its passage is the description.

    Pagefind ranks short documents by how much of them a search matches, so a search for a page's
    title finds this first, where a heading's weight on a long page would barely count.
    """
    e = html.escape
    found_by = f'<p data-pagefind-weight="5">{e(", ".join(words))}</p>' if words else ""
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{e(page.title)}</title></head><body>'
            f'<main data-pagefind-meta="url:{e(base_path + page.url)}">'
            f'<span data-pagefind-meta="title" data-pagefind-ignore>{e(page.title)}</span>'
            f'<span data-pagefind-meta="description" data-pagefind-ignore>{e(page.description)}</span>'
            f'<h1 data-pagefind-weight="10">{e(page.title)}</h1>{found_by}</main></body></html>').encode()


def find_pagefind():
    """Return the Pagefind program from the pinned `pagefind[bin]` package, or None when it is not installed."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        program = get_executable()
    except (FileNotFoundError, OSError):
        return None
    return program if program and Path(program).is_file() else None


def pagefind_problems():
    """Return a problem when Pagefind is missing, so a build says so with its other problems."""
    if find_pagefind():
        return []
    return [Problem(ERROR, "requirements.txt", None,
                    "cannot build the search index: Pagefind (the pinned 'pagefind[bin]' package) is not installed",
                    "run `make site`, or `.venv/bin/pip install -r requirements.txt`, then build again")]


def index_site(folder, plan):
    """Write the search index into `folder`/pagefind/; raise BuildError if it cannot be made."""
    program = find_pagefind()
    if program is None:
        raise BuildError(pagefind_problems())
    folder = Path(folder)
    with tempfile.TemporaryDirectory(prefix="search-") as source:
        gather_documents(folder, plan, Path(source))
        run_pagefind(program, Path(source), folder / BUNDLE)
    for name in UNUSED_FILES:
        (folder / BUNDLE / name).unlink(missing_ok=True)


def gather_documents(folder, plan, source):
    """Copy the built pages to index, and write the extra documents, into `source`."""
    for page in sorted(folder.rglob("*.html")):
        relative = page.relative_to(folder).as_posix()
        if relative not in plan.skipped:
            (source / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, source / relative)
    for relative, content in sorted(plan.documents.items()):
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_bytes(content)


def run_pagefind(program, source, bundle):
    """Run Pagefind over `source`, writing its bundle to `bundle`; raise BuildError with its output on failure."""
    command = [str(program), "--site", ".", "--output-path", str(bundle.resolve()), "--root-selector", ROOT_SELECTOR,
               "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS), "--quiet"]
    # Run in the scratch folder with no PAGEFIND_ settings, so no config file or variable from elsewhere applies.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    try:
        done = subprocess.run(command, cwd=source, env=env, capture_output=True, text=True, timeout=INDEX_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildError([Problem(ERROR, "search index", None, f"Pagefind could not run: {error}",
                                  "reinstall it with `.venv/bin/pip install -r requirements.txt`")]) from None
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (done.stderr or done.stdout).strip() or f"it stopped with code {done.returncode}"
        raise BuildError([Problem(ERROR, "search index", None, f"Pagefind could not index the site: {said}")])
