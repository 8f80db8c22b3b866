"""Rebuild in memory, redoing only what a change affects (the live preview's builder).

`Builder.build()` runs `gathering.gather()` with the Builder as its inputs, so the
recipe is the same and the result must be too, byte for byte: tests/test_incremental.py
compares the two after every kind of change.

What it keeps between builds, and when it throws it away:
- each page, until the bytes of its .md file change (the base path must not change);
- data/site.yaml, data/centres.yaml and data/finder/, until their bytes change;
- each page's HTML, until anything that page's templates can show changes: the page
  itself; the site settings, base URL and static files; what other pages show of
  themselves in the menu, breadcrumbs, links and the footer; and, only for pages
  whose templates read them, the centres and programmes;
- each page's HTML also until a template it uses (itself, or one it extends, includes or
  imports) changes, so a template edit re-renders only the pages that use that template.

The one-off build (`pipeline.build`) uses this Builder too, with `remember=False` and the
disk cache in .cache/ (sitegen/cache.py): the same keys, filed under a hash, so a second
build reuses what the first made. There is one incremental path, not two.
"""

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from .cache import DiskCache, NoCache, cache_key, digest, page_entry_key
from .content import layout_ids, load_page, load_pages
from .data import CENTRES_YAML, SITE_YAML, load_centres, load_site
from .files import RACY_NS, Unreadable, project_files
from .finder import FINDER_DIR, render_finder_index
from .model import Page
from .output import published
from .parallel import in_background, load_pages_in_parallel, render_pages_in_parallel
from .gathering import gather
from .render import LazyEnv, ancestor_urls, not_found_page, page_context, render_page, render_site, template_file
from .validate import page_problems

# What page_context() itself reads of other pages: menu order, URLs, the contact page.
ALWAYS_LISTED = ("source", "url", "order", "template")
PAGE_FIELDS = frozenset(Page.__dataclass_fields__) - {"lines"}
DATA_NAMES = frozenset({"centres", "programmes", "centres_by_nation"})
# Pages to render besides the open ones for the preview to show those first (Builder.render_first): about 0.1 s of work.
EARLY_AFTER = 50
# Context names whose dependencies page_key() knows; any other name means "render every time".
KNOWN_NAMES = DATA_NAMES | {"pages", "page", "site", "nav", "breadcrumbs", "base_path", "base_url", "canonical",
                            "url_for", "asset", "asset_version", "contact_page", "contact_url", "finder_url", "places_url"}


class Builder:
    """The last build, kept in memory so the next one redoes only what changed."""

    def __init__(self, root, base_url=None, today=None, drafts=False, cache=None, remember=True, outputs=None):
        self.root = Path(root)
        self.cache = cache or NoCache()  # what earlier processes made (the disk cache), or nothing
        self.remember = remember  # keep each page's file and HTML in memory for the next build (the preview)
        self.parallel = not remember  # load pages on every core (one-off builds: the preview runs threads)
        self.prefetched = {}      # .md path → (key of the bytes, (page, problems)) loaded by the workers for this build
        self.outputs = outputs    # where rendered files go: a fresh dict, or the new site folder
        self.drafts = drafts  # the preview shows draft pages too
        self.base_url = base_url
        self.today = today
        self.memos = {}        # name → (input bytes, value)
        self.page_cache = {}   # .md path → Loaded (page, problems)
        self.pages_base = None  # (base path, ids the layout reserves) the cached pages were converted with
        self.templates = None   # (template files' bytes, env, template analysis, each template's hash)
        self.html = {}          # page URL → (key, html)
        self.shared = None      # the last build's SharedInputs, so unchanged parts compare by identity
        self.page_digests = {}  # page → hash of what it was loaded from, which stands for the page in HTML keys
        self.page_keys = {}     # .md path → (bytes, hash) for this build, so a page is hashed once
        self.pages_base_digest = None
        self.rendered = 0       # pages rendered by the last build (the rest were reused)
        self.check_page = PageChecks()  # each page's problems, found again only when what they depend on changes
        self.first = frozenset()  # URLs of pages to render before the rest: the preview's open pages
        self.on_first = None      # called with {output path: HTML} of those, when many other pages must be rendered too

    def build(self):
        """Build from the files as they are now; return a Result holding every output."""
        self.rendered = 0
        try:
            return gather(self.root, self.base_url, self.today, inputs=self)
        finally:
            self.cache.flush()

    def site(self):
        """data/site.yaml, loaded again only when its bytes change."""
        return self.memo(self.read_inputs("site", [self.root / SITE_YAML]), lambda: load_site(self.root))

    def centres(self):
        """data/centres.yaml, loaded again only when its bytes change."""
        return self.memo(self.read_inputs("centres", [self.root / CENTRES_YAML]), lambda: load_centres(self.root))

    def finder_index(self):
        """A function that returns the finder's index, which is made again only when data/finder/ changes
        (by a one-off build, on another core while the pages load)."""
        inputs = self.read_inputs("finder", files_under(self.root / FINDER_DIR))  # read once, for both questions
        compute = lambda: render_finder_index(self.root)  # noqa: E731
        if self.parallel and not self.memo_known(inputs):
            compute = in_background(compute)
        return lambda: self.memo(inputs, compute)

    def read_inputs(self, name, paths):
        """Return (name, the files' paths and bytes, what the disk cache files the value under) for memo()."""
        files = tuple((path, read_bytes(path)) for path in paths)
        return name, files, (name, tuple((path.relative_to(self.root).as_posix(), data) for path, data in files))

    def memo(self, inputs, compute):
        """Return compute()'s (value, ..., problems), computing it again only when the files' bytes change."""
        name, files, filed_as = inputs
        if name not in self.memos or self.memos[name][0] != files:
            self.memos[name] = (files, self.cached("data", filed_as, compute))
        return tuple(list(part) if isinstance(part, list) else part for part in self.memos[name][1])

    def memo_known(self, inputs):
        """Whether memo() would find its value in memory or in the disk cache."""
        name, files, filed_as = inputs
        return (name in self.memos and self.memos[name][0] == files) or self.cache.has("data", cache_key("data", filed_as))

    def pages(self, base_path, sources=None):
        """Load content/, reusing every page whose file has not changed; add every page file's name to `sources`."""
        converted_with = (base_path, self.layout_ids())  # a heading's id depends on the layout's ids
        if converted_with != self.pages_base:
            self.page_cache, self.pages_base = {}, converted_with
            self.pages_base_digest = cache_key("page", converted_with)  # once, not once a page
        seen, self.page_digests, self.page_keys = {}, {}, {}
        self.prefetched = self.load_missing_in_parallel(base_path) if self.parallel else {}
        pages, problems = load_pages(self.root, base_path, load=lambda *args: self.load_page(seen, *args), drafts=self.drafts,
                                     sources=sources, reserved_ids=converted_with[1])
        # A one-off build has no next build to compare files with: 5,000 pages' bytes are 16 MiB.
        self.page_cache, self.page_keys = (seen, self.page_keys) if self.remember else ({}, {})
        return pages, problems

    def layout_ids(self):
        """content.layout_ids() of templates/, worked out again only when a template's bytes change (3 ms)."""
        templates_dir = self.root / "templates"
        return self.memo(self.read_inputs("layout", files_under(templates_dir)), lambda: (layout_ids(templates_dir),))[0]

    def load_page(self, seen, path, root, converter):
        """Load one page, or reuse it when its file is unchanged since it was loaded."""
        cached = self.page_cache.get(path)
        if cached is None or not cached.still_current(path):
            stamp, read_ns, data = file_stamp(path), time.time_ns(), read_bytes(path)
            same = cached is not None and data is not None and cached.data == data
            value, key = (cached.value, cached.key) if same else self.load_new_page(path, root, converter, data)
            cached = Loaded(stamp, read_ns, data, value, key)
        seen[path] = cached
        page, problems = cached.value
        if page is not None:
            self.page_digests[page] = cached.key
        return page, list(problems)

    def cached(self, kind, inputs, compute, check=None):
        """Return compute(), or what it gave before for the same inputs and generator (from the disk cache).

        `check()` is called after computing, and a false answer (an input changed meanwhile) keeps the value out of the cache."""
        key = cache_key(kind, inputs)
        value = self.cache.get(kind, key)
        if value is None:
            value = compute()
            if check is None or check():
                self.cache.put(kind, key, value)
        return value

    def load_new_page(self, path, root, converter, data):
        """Load a page whose bytes are `data`, from the disk cache when the same bytes were loaded before."""
        key = self.page_key(path, data)
        loaded_key, loaded = self.prefetched.pop(path, (None, None))
        if loaded_key == key:
            return loaded, key  # a worker loaded these very bytes, and filed them in the disk cache
        value = self.cache.get("page", key)
        if value is None:
            value = load_page(path, root, converter)
            if read_bytes(path) == data:  # unchanged while it was loaded
                self.cache.put("page", key, value)
        return value, key

    def page_key(self, path, data):
        """A hash of what loading a page depends on: the generator, the base path and layout's ids, where it is, its bytes."""
        found = self.page_keys.get(path)
        key = found[1] if found is not None and found[0] == data else \
            page_entry_key(self.pages_base_digest, path.relative_to(self.root).as_posix(), data)
        self.page_keys[path] = (data, key)  # these bytes, not an earlier read's: the page's record holds them too
        return key

    def load_missing_in_parallel(self, base_path):
        """Load on every core the pages that neither memory nor the disk cache holds; return what the workers loaded."""
        todo = []
        for path in sorted((self.root / "content").rglob("*.md")):
            cached = self.page_cache.get(path)
            if cached is not None and cached.still_current(path):
                continue
            data = read_bytes(path)
            if data is not None and not self.cache.has("page", self.page_key(path, data)):
                todo.append((path, data))
        return load_pages_in_parallel(self.root, base_path, todo, self.pages_base_digest,
                                      self.cache if isinstance(self.cache, DiskCache) else None)

    def load_templates(self):
        """Read templates/ and work out which pages each one's HTML depends on, again only when their bytes change."""
        templates_dir = self.root / "templates"
        files = {path: read_bytes(path) for path in files_under(templates_dir)}
        if self.templates is None or self.templates[0] != files:
            env = LazyEnv(templates_dir, self.cache)  # made only if a template must be read
            sources = tuple(sorted((p.relative_to(templates_dir).as_posix(), d) for p, d in files.items()))
            analysis = self.cached("templates", sources, lambda: analysed(sources, env))
            self.templates = (files, env, analysis, template_digests(analysis, files, templates_dir))

    def render(self, data):
        """Render the site with the templates load_templates() read, reusing the HTML of pages whose inputs are unchanged."""
        templates_dir = self.root / "templates"
        _, env, analysis, used = self.templates
        shared = self.shared = SharedInputs(data, analysis, self.shared, self.page_digests)
        html, keys = {}, {}

        def key_and_html(page):
            """What the page's HTML depends on (worked out once a build), and its HTML when that is unchanged (else None)."""
            if page.url not in keys:
                key = shared.page_key(page)
                keys[page.url] = key and (key, used.get(template_file(page)))
            key, old = keys[page.url], html.get(page.url) or self.html.get(page.url)
            fresh = key is not None and key[1] is not None and old is not None and old[0] == key
            return key, old[1] if fresh else None

        def render(env, page, data):
            key, made = key_and_html(page)
            if made is None:
                made = self.render_new(env, page, data, shared, key)
            if self.remember:
                html[page.url] = (key, made)
            return made

        if self.parallel:
            self.rendered += self.render_missing_in_parallel(env, data, shared, used)
        if self.first and self.on_first:
            self.render_first(env, data, render, key_and_html)
        outputs, problems = render_site(env, data, templates_dir, render=render,
                                        outputs={} if self.outputs is None else self.outputs)
        self.html = html
        return outputs, problems

    def render_first(self, env, data, render, key_and_html):
        """Render the pages in self.first and hand them to self.on_first, when EARLY_AFTER or more other pages must
        be rendered too (a template edit at 1,000 pages: the open page shows its change a second sooner)."""
        stale = [page for page in data.pages if key_and_html(page)[1] is None]
        wanted = [page for page in stale if page.url in self.first]
        if not wanted or len(stale) - len(wanted) < EARLY_AFTER:
            return
        try:
            made = {page.url + "index.html": render(env, page, data) for page in wanted}
        except Exception:  # rendered again in turn, which reports the problem with its file and line
            return
        self.on_first(made)

    def render_missing_in_parallel(self, env, data, shared, used):
        """Render on every core the pages whose HTML the disk cache does not hold; return how many."""
        todo = []
        for page in (*data.pages, not_found_page()):
            key, templates = shared.page_key(page), used.get(template_file(page))
            if key is not None and templates is not None:
                filed_as = cache_key("html", (shared.digest_of(key), templates))
                if not self.cache.has("html", filed_as):
                    todo.append((page, filed_as, self.page_digests.get(page)))
        return render_pages_in_parallel(env, data, todo, self.cache) if isinstance(self.cache, DiskCache) else 0

    def render_new(self, env, page, data, shared, key):
        """Render a page whose inputs changed, or take its HTML from the disk cache when they are known."""
        def make():
            self.rendered += 1
            return render_page(env, page, data)

        if key is None or key[1] is None:
            return make()
        return self.cached("html", (shared.digest_of(key[0]), key[1]), make)


class PageChecks:
    """validate.page_problems(), reused for a page while it, the pages its links name and the rest of
    what the checks read (which pages exist, the static files, unpublished pages, today) are unchanged."""

    def __init__(self):
        self.by_source, self.context = None, None
        self.found = {}  # page source → (page, the pages its links name, its problems)

    def __call__(self, page, by_source, static_files, unpublished, today):
        if by_source is not self.by_source:  # the first page of a build (the last build's dict is kept, so no new one has its id)
            context = (frozenset(by_source), frozenset(static_files), tuple(sorted(unpublished.items())), today)
            self.found = self.found if context == self.context else {}
            self.by_source, self.context = by_source, context
        targets = tuple(by_source.get(link.target) for link in page.links if link.kind == "page")
        kept = self.found.get(page.source)
        if kept is None or kept[0] is not page or any(old is not new for old, new in zip(kept[1], targets)):
            kept = self.found[page.source] = (page, targets, page_problems(page, by_source, static_files, unpublished, today))
        return list(kept[2])


class SharedInputs:
    """What every page's HTML may show besides the page itself, computed once per build."""

    def __init__(self, data, analysis, previous=None, page_digests=None):
        self.fields, self.names, _ = analysis
        self.page_digests = page_digests or {}
        self.key_digests = {}  # page URL → digest_of(its key), this build
        self.listed_pages = {}  # id(page) → (page, listed(page)), this build's, for the next to reuse
        self.keys = {}          # page URL → (page, page_key(page)), the same
        self.earlier_listed = previous.listed_pages if previous is not None and previous.fields == self.fields else {}
        self.context_names = frozenset(page_context(data.pages[0], data)) if data.pages else KNOWN_NAMES
        self.common = (
            data.site, data.base_url, data.assets,
            tuple(self.listed(p) for p in data.pages if p.order is not None),  # the menu
            tuple((p.source, p.url) for p in data.pages),                        # url_for
            tuple(self.listed(p) for p in data.pages if p.template == "contact"),  # contact_page
            data.finder_url,                                                       # places_url is base_url and assets
        )
        self.data = (data.centres, data.programmes)
        self.listing = tuple(self.listed(p) for p in data.pages)  # what `pages` shows, e.g. the search page's list
        self.listed_by_url = dict(zip((p.url for p in data.pages), self.listing))  # for breadcrumbs, once a page
        if previous is not None:  # unchanged: keep the old objects, so each page's key compares by identity
            self.common = previous.common if previous.common == self.common else self.common
            self.data = previous.data if previous.data == self.data else self.data
            self.listing = previous.listing if previous.listing == self.listing else self.listing
            for name in ("common", "data", "listing"):  # and their hashes, which cost a 1,000-page site 20 ms to make
                if getattr(previous, name) is getattr(self, name) and hasattr(previous, f"{name}_digest"):
                    setattr(self, f"{name}_digest", getattr(previous, f"{name}_digest"))
        unchanged = previous is not None and previous.names is self.names and previous.context_names == self.context_names \
            and all(getattr(previous, name) is getattr(self, name) for name in ("common", "data", "listing"))
        self.earlier_keys = previous.keys if unchanged else {}

    def listed(self, page):
        """What templates can show of a page on other pages, worked out again only for a page that changed."""
        found = self.listed_pages.get(id(page)) or self.earlier_listed.get(id(page))
        if found is None or found[0] is not page:  # the page itself is kept with it, so its id is not another's
            found = (page, tuple(getattr(page, name) for name in self.fields))
        self.listed_pages[id(page)] = found
        return found[1]

    def digest_of(self, key):
        """A hash of a page_key(), the same in every process (what is shared by all pages is hashed once)."""
        page, common, above, data, listing = key
        if page.url in self.key_digests:  # render_missing_in_parallel and render both ask
            return self.key_digests[page.url]
        for name in ("common", "data", "listing"):
            if not hasattr(self, f"{name}_digest"):
                setattr(self, f"{name}_digest", digest(getattr(self, name)))
        known = self.page_digests.get(page)
        found = self.key_digests[page.url] = digest(known or page, above, self.common_digest,
                                                    self.data_digest if data is not None else None,
                                                    self.listing_digest if listing is not None else None)
        return found

    def page_key(self, page):
        """Return what one page's HTML depends on, or None when that cannot be known (the last build's, when all
        it is made of is unchanged: 1,000 pages' keys took a tenth of a rebuild)."""
        found = self.keys.get(page.url) or self.earlier_keys.get(page.url)
        if found is None or found[0] is not page:
            found = (page, self.new_page_key(page))
        self.keys[page.url] = found
        return found[1]

    def new_page_key(self, page):
        """Work out page_key()."""
        names = self.names.get(template_file(page))
        if names is None or (names & self.context_names) - KNOWN_NAMES:
            return None
        above = tuple(self.listed_by_url[url] for url in ancestor_urls(page.url) if url in self.listed_by_url)
        return (page, self.common, above, self.data if names & DATA_NAMES else None,
                self.listing if "pages" in names else None)


@dataclass(frozen=True)
class Loaded:
    """A file as last loaded: its time and size then, when it was read, its bytes, and what it gave."""

    stamp: tuple | None
    read_ns: int
    data: bytes | None
    value: tuple
    key: str = ""  # hash of the page's inputs (see Builder.load_new_page)

    def still_current(self, path):
        """Whether the file is surely unchanged: same time and size, changed well before it was read."""
        stamp = file_stamp(path)
        return stamp is not None and stamp == self.stamp and self.read_ns - stamp[0] > RACY_NS


def file_stamp(path):
    """Return (modified time in ns, size) of a file, or None when it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


ANALYSED = {}  # template sources → analysis, the last few, for every build this process makes


def analysed(sources, env):
    """analyse_templates(env) for templates with these (name, bytes), worked out once per process."""
    if sources not in ANALYSED:
        if len(ANALYSED) >= 4:
            del ANALYSED[next(iter(ANALYSED))]
        ANALYSED[sources] = analyse_templates(env)
    return ANALYSED[sources]


def analyse_templates(env):
    """Return (the page fields templates can show of other pages, context names each template reads,
    templates each template uses)."""
    from jinja2 import TemplateError

    asts, broken = {}, False
    for name in env.list_templates():
        try:
            source, filename, _ = env.loader.get_source(env, name)
            asts[name] = env.parse(source, name, filename)  # kept by the environment, to be compiled without parsing again
        except (TemplateError, Unreadable, OSError, UnicodeDecodeError):  # also a file changing as it is read
            broken = True  # rendering reports it; until then nothing can be reused
    fields = tuple(sorted(PAGE_FIELDS)) if broken else listed_fields(asts.values())
    uses = {name: templates_used(name, asts) for name in asts}
    return fields, context_names(asts, uses), uses


def listed_fields(asts):
    """Return the Page fields a template might show for a page other than the one being rendered."""
    from jinja2 import nodes

    other, on_page, page_rebound = set(), set(), False
    for ast in asts:
        for node in ast.find_all((nodes.Getattr, nodes.Const, nodes.Name)):
            if isinstance(node, nodes.Name):
                page_rebound |= node.name == "page" and node.ctx != "load"
            elif isinstance(node, nodes.Getattr):
                on_current = isinstance(node.node, nodes.Name) and node.node.name == "page"
                (on_page if on_current else other).add(node.attr)
            elif isinstance(node.value, str):
                other.add(node.value)  # page["title"], map(attribute="title"), …
    used = other | (on_page if page_rebound else set())
    return ALWAYS_LISTED + tuple(sorted((used & PAGE_FIELDS) - set(ALWAYS_LISTED)))


def template_digests(analysis, files, templates_dir):
    """Return {template: a hash of the files it and every template it uses are made of} (None: not known)."""
    _, _, uses = analysis
    by_name = {path.relative_to(templates_dir).as_posix(): data for path, data in files.items()}
    return {name: None if used is None else digest(sorted((n, by_name.get(n)) for n in used))
            for name, used in uses.items()}


def templates_used(name, asts, seen=None):
    """Return the names of a template and every template it extends, includes or imports (None: not known)."""
    from jinja2 import meta

    seen = {name} if seen is None else seen
    if name not in asts:
        return None
    for other in meta.find_referenced_templates(asts[name]):
        if other is None:
            return None
        if other not in seen:
            seen.add(other)
            if templates_used(other, asts, seen) is None:
                return None
    return frozenset(seen)


def context_names(asts, uses):
    """Return {template: every context name it, or a template it extends, includes or imports, may read (None: unknown)}.

    A name a template reads is taken to be from the context even where a loop or macro binds it: at worst
    a page is rendered again when it need not be. (jinja2.meta.find_undeclared_variables, which knows
    the difference, compiles each template to find out, and took a cold build of the real site 40 ms.)"""
    from jinja2 import nodes

    own = {name: frozenset(node.name for node in ast.find_all(nodes.Name) if node.ctx == "load")
           for name, ast in asts.items()}
    return {name: None if used is None else frozenset().union(*(own[n] for n in used)) for name, used in uses.items()}


def files_under(folder):
    """Return every file under `folder` the build may read, sorted (none when it is missing)."""
    folder = Path(folder)
    return project_files(folder.parent, folder.name)[0]


def read_bytes(path):
    """Return a regular file's bytes, or None when it cannot be read (a pipe is never read: it could wait for ever)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        return Path(path).read_bytes()
    except OSError:
        return None


def site_files(outputs, static_dir):
    """Return every file of the built site, as a build writes it: static files, then outputs."""
    static_dir = Path(static_dir)
    files = {path.relative_to(static_dir).as_posix(): read_bytes(path) for path in files_under(static_dir)}
    files = {path: published(path, data) for path, data in files.items() if data is not None}
    files.update(outputs)
    return files
