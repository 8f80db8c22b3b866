"""Site search (issue 14): index the built site with Pagefind, in the new folder before it is swapped in.

Pagefind reads the built HTML and writes a static index that the reader's browser
searches (static/js/search.js), so no search server is needed and no query leaves
the site. We index only each page's <main>, less the parts repeated on every page
(the search page and the 404 page mark theirs data-pagefind-ignore="all"), plus one
small document per centre (so "Leeds" leads to that centre on Find a centre) and one
per page with its title and other words readers use for it (data/search.yaml).
"""

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from .output import UnsafePath, safe_join
from .problems import ERROR, BuildError, Problem
from .versions import library_version

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
# The extra documents' folder, in the new site only while Pagefind reads it. No page can be named so
# (a page's name starts with a letter or digit), and a static file there is an error (validate.py).
EXTRA_FOLDER = ".search-documents"
INDEX_TIMEOUT = 120
# The guide's words, most used first, in the bundle: search offers the closest when no page has a word as typed
# (static/js/search-results.js). Shorter words are left out: one letter wrong makes another word too often.
WORDS_FILE = "site-words.json"
SHORTEST_WORD = 4
TAG = re.compile(r"<[^>]*>")
WORD = re.compile(fr"[a-z]{{{SHORTEST_WORD},}}")
# Search indexes kept in .cache/: the ones used last, enough to undo a few edits or switch between
# branches; each edit makes a new one, and at 5,000 pages each is about 22 MB.
KEEP_BUNDLES = 8


@dataclass(frozen=True)
class SearchPlan:
    """What to index beyond the built pages: made only when an index is (the preview makes none, and
    its rebuilds of 1,000 pages spent 50 ms making it for nothing)."""

    pages: tuple = ()
    centres: tuple = ()
    terms: dict = field(default_factory=dict)  # page source → the other words readers use for it (data/search.yaml)
    base_path: str = "/"

    @cached_property
    def documents(self):
        """{file name: HTML bytes}, indexed but never published: one a centre, and one a page with its title and other words."""
        documents = {}
        finder = next((p for p in self.pages if p.template == "centres"), None)
        for centre in self.centres if finder else ():
            documents[f"{EXTRA_FOLDER}/centre-{centre.id}.html"] = centre_document(centre, self.base_path + finder.url)
        for page in self.pages:
            if page.template != "search":
                documents[f"{EXTRA_FOLDER}/page-{page.url.strip('/').replace('/', '-') or 'home'}.html"] = \
                    title_document(page, self.terms.get(page.source, ()), self.base_path)
        return documents

    @cached_property
    def words(self):
        """The words readers can find, most used first (site_words)."""
        return site_words(self.pages, self.centres, self.terms)


def plan_search(root, pages, centres, base_url, sources=None):
    """Return (SearchPlan, problems): what to index besides the pages, and the mistakes in data/search.yaml.

    `sources` names every page file, drafts and pages with mistakes too (load_pages' `sources`): words
    for a page not published are no mistake, and are used once it is."""
    terms, problems = load_search_terms(Path(root), pages, sources)
    return SearchPlan(tuple(pages), tuple(centres), terms, urlsplit(base_url).path or "/"), problems


def site_words(pages, centres, terms):
    """The words of the pages search indexes, of the centres and of data/search.yaml, most used first (then A to Z)."""
    texts = [text for page in pages if page.template != "search" for text in (page.title, page.description, page.body)]
    texts += [text for centre in centres for text in (centre.name, centre.town, centre.organisation)]
    texts += [word for words in terms.values() for word in words]
    counts = Counter()
    for text in texts:  # one at a time: the words of a whole site at once took 28 MB at 1,000 pages
        counts.update(WORD.findall(html.unescape(TAG.sub(" ", text)).lower()))
    return tuple(sorted(counts, key=lambda word: (-counts[word], word)))


def load_search_terms(root, pages, sources=None):
    """Read data/search.yaml (optional); return ({page source: words}, problems)."""
    if not (root / TERMS_FILE).is_file():
        return {}, []
    from .data import read_yaml  # here: a build with nothing to do reads no YAML

    data, problems = read_yaml(root / TERMS_FILE, root)
    found = (data or {}).get("also_found_by") if isinstance(data, dict) else None
    if data is not None and not isinstance(found, dict):
        hint = "start the file with 'also_found_by:', then one line a page: 'travel-costs.md: [train fares, bus fares]'"
        return {}, problems + [Problem(ERROR, TERMS_FILE, getattr(data, "line", None), "expected 'also_found_by:' with a page a line", hint)]
    sources = sources or {p.source for p in pages}
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
    """Return the Pagefind program from the pinned `pagefind[bin]` package, or None when it is not installed.

    It is found as `pagefind.service` finds it (PAGEFIND_BINARY_PATH, then the `pagefind_bin` package), without
    importing that module, which loads asyncio and takes longer than a build with nothing to make."""
    program = os.environ.get("PAGEFIND_BINARY_PATH")
    if program is None:
        try:
            from pagefind_bin import get_executable
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


def index_site(folder, documents, words, kept_in=None):
    """Write the search index into `folder`/pagefind/, from the built pages and a SearchPlan's documents and
    words; raise BuildError if it cannot be made.

    Pagefind reads the new site where it is, with the extra documents beside it for as long as it
    runs. With `kept_in` (the build cache's folder), the bundle made before from byte-identical documents is reused."""
    program = find_pagefind()
    bundles = BundleCache(kept_in) if kept_in else None
    if program is None:
        raise BuildError(pagefind_problems())
    folder = Path(folder)
    key = bundle_key(program, built_pages(folder), documents) if bundles else None
    if not (key and bundles.restore(key, folder / BUNDLE)):
        make_bundle(program, folder, documents)
        if key:
            bundles.keep(key, folder / BUNDLE)
    # The guide's words go beside the index, not into the kept bundle: they are made anew each build.
    (folder / BUNDLE / WORDS_FILE).write_text(json.dumps(words, separators=(",", ":")), encoding="utf-8")


def make_bundle(program, folder, documents):
    """Run Pagefind over the new site and the extra documents, leaving its bundle without the files we do not use."""
    extra = folder / EXTRA_FOLDER
    try:
        extra.mkdir(exist_ok=True)  # every extra document is in it: one folder, not one call a document
        for relative, content in documents.items():
            (folder / relative).write_bytes(content)
        run_pagefind(program, folder, folder / BUNDLE)
    finally:
        shutil.rmtree(extra, ignore_errors=True)
    for name in UNUSED_FILES:
        (folder / BUNDLE / name).unlink(missing_ok=True)


def built_pages(folder):
    """Return {relative path: file} for every page of the built site Pagefind may index, sorted."""
    return {page.relative_to(folder).as_posix(): page for page in sorted(folder.rglob("*.html"))}


def bundle_key(program, pages, documents):
    """A hash of everything Pagefind's bundle is made from: each document's path and bytes, its version and arguments."""
    digest = hashlib.sha256()
    for part in (pagefind_version(program), *pagefind_arguments(Path("site"), Path("bundle")), *UNUSED_FILES):
        digest.update(part.encode() + b"\0")
    for relative, page in pages.items():
        digest.update(f"{relative}\0".encode() + hashlib.sha256(page.read_bytes()).digest())
    for relative, content in sorted(documents.items()):
        digest.update(f"{relative}\0".encode() + hashlib.sha256(content).digest())
    return digest.hexdigest()


def pagefind_version(program):
    """The installed Pagefind's version, and its program's size (a rebuilt binary of the same version differs)."""
    return f"{library_version('pagefind_bin', 'pagefind_bin')}:{Path(program).stat().st_size}"


class BundleCache:
    """Pagefind bundles kept in .cache/pagefind/<key>.zip: one file a bundle, where a bundle has thousands
    (keeping them one by one cost a changed 1,000-page build half a second). The zip is stored, not
    compressed: Pagefind's files are compressed already. Each file is checked against its CRC as it is
    read back, so a damaged, cut-short or foreign entry is a miss, and is deleted."""

    def __init__(self, folder):
        self.folder = Path(folder) / "pagefind"

    def restore(self, key, bundle):
        """Put the bundle kept under `key` at `bundle`; return whether it was there and sound."""
        entry = self.folder / f"{key}.zip"
        try:
            with zipfile.ZipFile(entry) as archive:
                folders = set()
                for member in archive.infolist():
                    target = safe_join(bundle, member.filename)
                    if target.parent not in folders:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        folders.add(target.parent)
                    with archive.open(member) as kept, open(target, "wb") as out:
                        shutil.copyfileobj(kept, out)
            os.utime(entry)  # used: not to be pruned
            return True
        except (OSError, EOFError, zipfile.BadZipFile, UnsafePath, ValueError):
            shutil.rmtree(bundle, ignore_errors=True)
            with suppress(OSError):  # not only a missing file: .cache/ may be no folder at all
                entry.unlink()
            return False

    def keep(self, key, bundle):
        """Keep a copy of `bundle` under `key` (written whole, then renamed into place)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, new = tempfile.mkstemp(dir=self.folder, prefix=".new-", suffix=".zip")
        except OSError:
            return  # a read-only or full disk: no cache, the same site
        try:
            with os.fdopen(handle, "wb") as file, zipfile.ZipFile(file, "w", zipfile.ZIP_STORED) as archive:
                for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
                    archive.write(path, path.relative_to(bundle).as_posix())
            os.replace(new, self.folder / f"{key}.zip")
        except (OSError, ValueError):
            Path(new).unlink(missing_ok=True)
            return
        self.drop_all_but_latest()

    def drop_all_but_latest(self):
        """Delete every kept bundle but the KEEP_BUNDLES used last (restore marks a bundle used)."""
        def last_used(entry):
            try:
                return entry.stat().st_mtime_ns
            except OSError:
                return 0
        for entry in sorted(self.folder.glob("*.zip"), key=last_used, reverse=True)[KEEP_BUNDLES:]:
            with suppress(OSError):
                entry.unlink()


def pagefind_arguments(site, bundle):
    """Pagefind's arguments: index `site` into `bundle`, reading only each page's <main>."""
    return ["--site", str(site), "--output-path", str(bundle), "--root-selector", ROOT_SELECTOR,
            "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS), "--quiet"]


def run_pagefind(program, site, bundle):
    """Run Pagefind over `site`, writing its bundle to `bundle`; raise BuildError with its output on failure."""
    command = [str(program), *pagefind_arguments(site.resolve(), bundle.resolve())]
    # Pagefind reads a pagefind.yml (or .json, .toml) in the folder it runs in, and PAGEFIND_ variables: it runs in
    # an empty folder without them, so no settings from elsewhere, nor a file of that name in static/, apply.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    try:
        with tempfile.TemporaryDirectory(prefix="pagefind-") as empty:
            done = subprocess.run(command, cwd=empty, env=env, capture_output=True, text=True, timeout=INDEX_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildError([Problem(ERROR, "search index", None, f"Pagefind could not run: {error}",
                                  "reinstall it with `.venv/bin/pip install -r requirements.txt`")]) from None
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (done.stderr or done.stdout).strip() or f"it stopped with code {done.returncode}"
        raise BuildError([Problem(ERROR, "search index", None, f"Pagefind could not index the site: {said}")])
