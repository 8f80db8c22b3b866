"""Load, validate and render everything in memory: the part of a build that writes nothing.

`pipeline.build()` writes what `gather()` makes; the preview's Builder (incremental.py) is
passed as `inputs` to redo only what changed.
"""

import hashlib
import time
from pathlib import Path

from .content import load_pages
from .data import load_centres, load_site
from .files import folder_problems
from .finder import INDEX_FOLDER, check_centre_postcodes, check_centre_towns, render_finder_index
from .problems import errors_in
from .result import Result
from .search import plan_search
from .render import DEFAULT_BASE_URL, SiteData, base_path_of, hash_assets, make_env, normalise_base_url, render_site
from .clock import today_in_uk
from .validate import page_problems, validate


class FreshInputs:
    """Read every input afresh, as a one-off build does (the preview's Builder keeps them between builds)."""

    check_page = staticmethod(page_problems)

    def __init__(self, root):
        self.root = Path(root)
        self.env = None  # the Jinja environment, from load_templates()

    def site(self):
        """Return (Site or None, problems) from data/site.yaml."""
        return load_site(self.root)

    def pages(self, base_path, sources=None):
        """Return (pages, problems) from content/; add every page file's name to `sources`."""
        return load_pages(self.root, base_path, sources=sources)

    def centres(self):
        """Return (centres, programmes, problems) from data/centres.yaml."""
        return load_centres(self.root)

    def finder_index(self):
        """Return a function that returns ({path: JSON}, {district: (lat, lon, reach)}, problems) from data/finder/."""
        return lambda: render_finder_index(self.root)

    def load_templates(self):
        """Make the Jinja environment, which reads each template when a page first uses it."""
        self.env = make_env(self.root / "templates")

    def render(self, data):
        """Return (outputs, problems): every page rendered with the templates."""
        return render_site(self.env, data, self.root / "templates")


def gather(root, base_url=None, today=None, inputs=None):
    """Load, validate and render everything in memory; return a Result (nothing is written)."""
    started = time.perf_counter()
    root = Path(root)
    inputs = inputs or FreshInputs(root)
    finder_index = inputs.finder_index()  # asked for now, so that it can be made while the pages load
    site, problems = inputs.site()
    base_url = normalise_base_url(base_url or (site.base_url if site else None) or DEFAULT_BASE_URL)
    sources = set()
    pages, found = inputs.pages(base_path_of(base_url), sources)
    problems += found
    centres, programmes, found = inputs.centres()
    problems += found
    assets = hash_assets(root / "static")
    problems += validate(pages, centres, programmes, site, set(assets), today or today_in_uk(),
                         unpublished=unpublished_pages(sources, pages, problems), check_page=inputs.check_page)
    inputs.load_templates()  # before waiting for the finder's index, which may still be in the making
    finder_index, geography, found = finder_index()
    problems += found + check_centre_postcodes(centres, geography.districts) + check_centre_towns(centres, geography.towns)
    search, found = plan_search(root, pages, centres, base_url, sources)
    problems += found
    problems += [p for p in folder_problems(root) if p not in problems]  # what no loader read
    assets[f"{INDEX_FOLDER}/"] = content_hash(finder_index)  # lets browsers cache the index until it changes
    outputs = {}
    if site and not errors_in(problems):
        data = SiteData(site, tuple(pages), tuple(centres), tuple(programmes), base_url, assets)
        outputs, found = inputs.render(data)
        outputs.update(finder_index)
        problems += found
    ages = {f"content/{p.source}": p.reading_age for p in pages}
    return Result(len(pages), len(centres), len(programmes), time.perf_counter() - started, problems, outputs, ages, search)


def unpublished_pages(sources, pages, problems):
    """Return {source: 'draft' or 'broken'} for the page files in `sources` that are not among `pages`."""
    published = {page.source for page in pages}
    broken = {p.path.removeprefix("content/") for p in errors_in(problems)}
    return {source: "broken" if source in broken else "draft" for source in sources - published}


def content_hash(outputs):
    """A short hash of a set of outputs, for cache-busting URLs."""
    digest = hashlib.sha256()
    for path, content in sorted(outputs.items()):
        digest.update(path.encode() + b"\0" + content)
    return digest.hexdigest()[:10]
