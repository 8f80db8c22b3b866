"""Render pages with Jinja2 templates into a map of output path → bytes (no I/O)."""

import functools
import hashlib
import re
import traceback
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, quote_plus, urlsplit
from xml.etree import ElementTree

from .cache import cache_key
from .constants import NATIONS
from .files import Unreadable, project_files, read_project_text
from .finder import INDEX_FOLDER, PLACES_JSON
from .model import Page
from .problems import ERROR, Problem

DEFAULT_BASE_URL = "http://localhost:8000/"
# A page's `template:` names its layout; names not here are template files of their own.
TEMPLATE_FILES = {"home": "page"}
# Every page's <meta> policy; static/_headers repeats it, plus frame-ancestors (header only).
# 'wasm-unsafe-eval' lets search run Pagefind's WebAssembly, and nothing else: eval() stays blocked (issue 14).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; font-src 'self'; "
                           "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


@dataclass(frozen=True)
class SiteData:
    """Everything site-wide a page's rendering may use."""

    site: object
    pages: tuple
    centres: tuple
    programmes: tuple
    base_url: str
    assets: dict  # static path → short content hash, for cache-busting URLs

    @property
    def base_path(self):
        """The path part of the base URL, e.g. '/' or '/second-opinions/'."""
        return urlsplit(self.base_url).path

    # Worked out once per build, not once per page (a 1,000-page site renders them 1,000 times).
    @cached_property
    def by_source(self):
        """Pages by their content path."""
        return {p.source: p for p in self.pages}

    @cached_property
    def by_url(self):
        """Pages by their URL."""
        return {p.url: p for p in self.pages}

    @cached_property
    def nav(self):
        """The menu: pages with an order, in that order."""
        return sorted((p for p in self.pages if p.order is not None), key=lambda p: (p.order, p.source))

    @cached_property
    def contact_page(self):
        """The Contact us page, or None."""
        return next((p for p in self.pages if p.template == "contact"), None)

    @cached_property
    def contact_url(self):
        """The Contact us page's address, or None."""
        return self.base_path + self.contact_page.url if self.contact_page else None

    @cached_property
    def finder_url(self):
        """The Find a centre page's address, or None."""
        finder = next((p for p in self.pages if p.template == "centres"), None)
        return self.base_path + finder.url if finder else None

    @cached_property
    def centres_by_nation(self):
        """(nation, centres) pairs in a fixed order, centres by name."""
        return group_by_nation(self.centres)


def normalise_base_url(url):
    """Return the base URL with exactly one trailing slash."""
    return url.rstrip("/") + "/"


def base_url_mistake(url):
    """Return what is wrong with a base URL (as 'should be …, got …'), or None when every page's address can start with it."""
    parts = urlsplit(url) if re.fullmatch(r"[!-~]+", url) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        problem = "be a full web address like https://example.org/path/"
    elif parts.query or parts.fragment or "?" in url or "#" in url:
        problem = "have no '?' or '#' part (every page's address is added to its end)"
    elif parts.username or parts.password:
        problem = "have no name or password in it"
    else:
        return None
    return f"should {problem}, got '{url}'"


def base_path_of(url):
    """Return the path part of a base URL."""
    return urlsplit(normalise_base_url(url)).path


def project_loader(templates_dir):
    """Jinja's file loader, except that a template it cannot read is reported as every editor's file is
    (files.read_project_text): the file, the line of a byte that is not UTF-8, and what to do."""
    import jinja2  # like make_env: only a build that renders something needs Jinja

    class ProjectLoader(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            """Return Jinja's (text, file name, up-to-date check); raise Unreadable when the file cannot be read."""
            try:
                return super().get_source(environment, template)
            except jinja2.TemplateNotFound:
                raise
            except (OSError, UnicodeDecodeError):
                path = Path(self.searchpath[0]).joinpath(*jinja2.loaders.split_template_path(template))
                read_project_text(path, Path(templates_dir).parent)
                raise  # the helper found nothing wrong, so this is not the editor's file: let it show as a bug

    return ProjectLoader(str(templates_dir))


def make_env(templates_dir, store=None):
    """Return the Jinja environment: autoescaped, strict about undefined names. With `store` (the build
    cache, cache.py), templates compiled by an earlier build are taken from it rather than compiled again."""
    import jinja2  # here, not above: a build whose pages all come from the cache renders nothing
    import markupsafe

    env = parsed_once_environment()(
        loader=project_loader(templates_dir),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=compiled_templates(store),
    )
    env.filters.update(long_date=long_date, tel_href=tel_href, directions_href=directions_href)
    env.globals["finder_index"] = f"{INDEX_FOLDER}/"  # where the centre finder fetches its place index
    env.globals["content_security_policy"] = markupsafe.Markup(CONTENT_SECURITY_POLICY)  # our constant, not editors' text
    return env


def long_date(value):
    """Write a date in full, as NHS style asks: '24 November 2026'."""
    return f"{value.day} {value:%B %Y}"


def tel_href(phone):
    """Return a tel: link for a UK phone number as typed by an editor."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def directions_href(centre):
    """Directions to the centre's postcode; the reader's own location is never sent."""
    return "https://www.google.com/maps/dir/?api=1&destination=" + quote_plus(f"{centre.name}, {centre.postcode}")


def hash_assets(static_dir):
    """Return a short content hash for every static file the build may publish, so URLs change when files do."""
    static_dir = Path(static_dir)
    hashes = {}
    for path in project_files(static_dir.parent, static_dir.name)[0]:
        try:
            hashes[path.relative_to(static_dir).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        except OSError:
            continue  # check_static_files reports it
    return hashes


def page_context(page, data):
    """Return the template variables for one page."""
    base_path = data.base_path

    def url_for(source):
        return base_path + data.by_source[source].url if source in data.by_source else base_path

    def asset(path):
        return f"{base_path}{path}?v={data.assets[path]}" if path in data.assets else base_path + path

    return {
        "page": page, "site": data.site, "centres": data.centres, "programmes": data.programmes,
        "nav": data.nav, "breadcrumbs": breadcrumbs(page, data.by_url), "base_path": base_path,
        "base_url": data.base_url, "canonical": data.base_url + page.url, "url_for": url_for, "asset": asset,
        "asset_version": data.assets.get, "contact_page": data.contact_page, "contact_url": data.contact_url,
        "finder_url": data.finder_url, "places_url": places_url(data),
        "centres_by_nation": data.centres_by_nation, "pages": data.pages,
    }


def places_url(data):
    """The finder's place index, with its version: site search asks it whether words no page has name a place."""
    version = data.assets.get(f"{INDEX_FOLDER}/")
    return f"{data.base_path}{PLACES_JSON}" + (f"?v={version}" if version else "")


def breadcrumbs(page, by_url):
    """Return the pages above this one, home first (empty for top-level pages)."""
    if page.depth < 2:
        return []
    return [by_url[u] for u in ancestor_urls(page.url) if u in by_url]


def ancestor_urls(url):
    """Return the URLs above a page's (the home page first), as breadcrumbs may show them."""
    parts = url.split("/")[:-2]
    return [""] + ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def group_by_nation(centres):
    """Return (nation, centres) pairs in a fixed order, centres by name."""
    return [(nation, sorted((c for c in centres if c.nation == nation), key=lambda c: c.name))
            for nation in NATIONS if any(c.nation == nation for c in centres)]


def template_file(page):
    """Return the template that lays out a page: the home page is laid out as any other page."""
    return f"{TEMPLATE_FILES.get(page.template, page.template)}.html"


COMPILED = {}  # (Jinja's key for a template file, its source's hash) → compiled code, for every environment of this process
KEEP_COMPILED = 256  # a process that builds many projects (the tests) keeps the latest


def compiled_templates(store=None):
    """Jinja's compiled templates, kept for every environment this process makes (each build makes one), and
    in `store` (the build cache) for the next process: compiling the templates a page uses takes longer
    than rendering it. Each is filed under its file and source, and Jinja checks it is for this Python."""
    import jinja2

    class CompiledTemplates(jinja2.BytecodeCache):
        def load_bytecode(self, bucket):
            code = COMPILED.get((bucket.key, bucket.checksum))
            if code is None and store is not None:
                code = store.get("template", filed_as(bucket))
            if code is not None:
                bucket.bytecode_from_string(code)

        def dump_bytecode(self, bucket):
            if len(COMPILED) >= KEEP_COMPILED:
                del COMPILED[next(iter(COMPILED))]
            COMPILED[(bucket.key, bucket.checksum)] = code = bucket.bytecode_to_string()
            if store is not None:
                store.put("template", filed_as(bucket), code)

    def filed_as(bucket):  # the generator's version is in the key: its options to Jinja shape the code
        return cache_key("template", (bucket.key, bucket.checksum))

    return CompiledTemplates()


@functools.cache
def parsed_once_environment():
    """Jinja's Environment, keeping each template it parses until it compiles it: a build reads every
    template to learn what each page depends on (incremental.analyse_templates), then compiles them."""
    import jinja2

    class ParsedOnce(jinja2.Environment):
        def __init__(self, *args, **options):
            super().__init__(*args, **options)
            self.parsed = {}  # (source, name, file name) → the template's syntax tree, until it is compiled

        def parse(self, source, name=None, filename=None):
            tree = self.parsed[(source, name, filename)] = super().parse(source, name, filename)
            return tree

        # What Environment.compile() parses with: private to Jinja, so tests/test_incremental.py checks that
        # a template the analysis parsed is compiled to the same code without being parsed again.
        def _parse(self, source, name, filename):
            return self.parsed.pop((source, name, filename), None) or super()._parse(source, name, filename)

    return ParsedOnce


class LazyEnv:
    """The Jinja environment, made on first use, so a build that renders nothing never imports Jinja."""

    def __init__(self, templates_dir, store=None):
        self.templates_dir = templates_dir
        self.store = store
        self.made = None

    def __getattr__(self, name):
        if self.__dict__.get("made") is None:
            self.made = make_env(self.templates_dir, self.store)
        return getattr(self.made, name)


def render_page(env, page, data):
    """Render one page to HTML, as the UTF-8 bytes written: a pure function of the page, site data and templates.

    Bytes, so that HTML kept in memory or in the cache is never encoded again (the preview reuses 1,000 pages a rebuild)."""
    return env.get_template(template_file(page)).render(page_context(page, data)).encode("utf-8")


# The files the build makes beside the pages (the finder's index goes in finder.INDEX_FOLDER).
NOT_FOUND = "404.html"  # what servers show for an address with no page
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
GENERATED_FILES = (NOT_FOUND, SITEMAP, ROBOTS)


def not_found_page():
    """The page shown for a missing address."""
    return Page(source="404.md", url=NOT_FOUND, title="Page not found",
                description="The page you asked for is not here.", body="",
                last_reviewed=None, next_review=None, guidance=False, template="404")


def render_site(env, data, templates_dir, render=render_page, outputs=None):
    """Render every output file into `outputs` (a new dict by default); return (outputs, problems).

    The incremental Builder passes a `render` that reuses unchanged pages, and for a build the new site folder as `outputs`."""
    outputs, problems = {} if outputs is None else outputs, []
    for page in data.pages:
        problems += render_into(outputs, page.url + "index.html", lambda p=page: render(env, p, data), templates_dir)
    problems += render_into(outputs, NOT_FOUND, lambda: render(env, not_found_page(), data), templates_dir)
    outputs[SITEMAP] = render_sitemap(data).encode()
    outputs[ROBOTS] = f"User-agent: *\nAllow: /\n\nSitemap: {data.base_url}{SITEMAP}\n".encode()
    return outputs, problems


def render_into(outputs, path, render, templates_dir):
    """Render one file into `outputs`; return any template problem as a list."""
    try:
        outputs[path] = render()
        return []
    except Exception as error:  # an editor's template can raise anything, e.g. TypeError
        return [template_problem(error, templates_dir)]


def template_problem(error, templates_dir):
    """Turn a Jinja error into a Problem at the template's file and line."""
    import jinja2

    if isinstance(error, Unreadable):
        return error.problem
    if isinstance(error, jinja2.TemplateSyntaxError):
        name = error.name or error.filename or "a template"
        return Problem(ERROR, f"templates/{name}", error.lineno, f"template syntax: {error.message}")
    if isinstance(error, jinja2.TemplateNotFound):
        return Problem(ERROR, f"templates/{error.name}", None, "this template does not exist",
                       "check the 'template:' field of the page, or the name in {% extends %} / {% import %}")
    frame = next((f for f in reversed(traceback.extract_tb(error.__traceback__))
                  if str(Path(f.filename)).startswith(str(templates_dir))), None)
    where = f"templates/{Path(frame.filename).relative_to(templates_dir).as_posix()}" if frame else "templates"
    return Problem(ERROR, where, frame.lineno if frame else None, f"template error: {error}")


def render_sitemap(data):
    """Return sitemap.xml listing every page, ordered by URL."""
    return sitemap_xml(data.base_url, tuple(sorted((page.url, page.last_reviewed) for page in data.pages)))


@functools.lru_cache(maxsize=1)  # the preview's rebuilds ask again and again for the same pages
def sitemap_xml(base_url, entries):
    """Return sitemap.xml for (URL, last reviewed) entries; the XML library escapes every address."""
    urlset = ElementTree.Element("urlset", xmlns="http://www.sitemaps.org/schemas/sitemap/0.9")
    urlset.text = "\n"
    for url, last_reviewed in entries:
        entry = ElementTree.SubElement(urlset, "url")
        ElementTree.SubElement(entry, "loc").text = base_url + quote(url, safe="/")
        ElementTree.SubElement(entry, "lastmod").text = last_reviewed.isoformat()
        entry.tail = "\n"
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(urlset, encoding="unicode") + "\n"
