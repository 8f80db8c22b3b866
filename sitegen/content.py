"""Load content/**/*.md: front matter into fields, Markdown into HTML."""

import re
from pathlib import PurePosixPath

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import schema
from .data import make_sources, relative
from .model import Link, Page
from .problems import ERROR, WARNING, Problem
from .quality import reading_age
from .yamlfile import parse_yaml

FRONT_MATTER_EXAMPLE = "start the file with a line '---', then 'title: …' and 'description: …', then another '---'"
CALLOUT_TYPES = {"note", "important", "warning"}


def page_url(source):
    """Return the site-relative URL of a content file: 'a/b.md' → 'a/b/', 'index.md' → ''."""
    path = PurePosixPath(source).with_suffix("")
    parts = path.parts[:-1] if path.name == "index" else path.parts
    return "".join(f"{part}/" for part in parts)


def load_pages(root, base_path="/", load=None, drafts=False):
    """Load every page under content/; return (pages, problems).

    The preview passes a caching `load`, and `drafts=True` so editors see pages not yet published."""
    pages, problems = [], []
    converter = make_markdown(base_path)
    for path in sorted((root / "content").rglob("*.md")):
        page, found = (load or load_page)(path, root, converter)
        problems += found
        if page and (drafts or not page.draft):
            pages.append(page)
    if not (root / "content").is_dir():
        problems.append(Problem(ERROR, "content", None, "the content folder is missing"))
    problems += [Problem(WARNING, relative(path, root), None, "this file is not a page, so it is left out",
                         "pages must end in .md; pictures belong in static/images/")
                 for path in sorted((root / "content").rglob("*")) if path.is_file() and path.suffix != ".md"
                 and not is_editor_file(path.name)]
    return pages, problems


def is_editor_file(name):
    """Whether a file is one an editing program leaves beside the page (swap, backup, lock, hidden)."""
    return name.startswith((".", "~$", "#")) or name.endswith(("~", ".swp", ".swo", ".swx", ".tmp", ".bak"))


def load_page(path, root, converter):
    """Load one page; return (Page or None, problems)."""
    rel = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(ERROR, rel, None, f"this file is not UTF-8 text ({error.reason})", "save it as UTF-8")]
    front, body, body_line, problems = split_front_matter(text, rel)
    if front is None:
        return None, problems
    problems += schema.check_record(front, schema.FRONT_MATTER, rel)
    if any(p.level == ERROR for p in problems):
        return None, problems
    source = str(PurePosixPath(path.relative_to(root / "content").as_posix()))
    html, found = render_markdown(converter, body, source, rel, body_line)
    return make_page(front, source, html, converter), problems + found


def split_front_matter(text, rel):
    """Split a page into (front matter mapping, Markdown body, body's first line, problems)."""
    text = text.lstrip("\ufeff")
    match = re.match(r"---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|$)", text, re.S)
    if not match:
        return None, "", 1, [Problem(ERROR, rel, 1, "the page has no front matter", FRONT_MATTER_EXAMPLE)]
    front, problems = parse_yaml(match.group(1) or "", rel, first_line=2)
    if front is None and not problems:
        problems = [Problem(ERROR, rel, 1, "the front matter is empty", FRONT_MATTER_EXAMPLE)]
    elif front is not None and not isinstance(front, dict):
        front, problems = None, [Problem(ERROR, rel, 2, "the front matter should be 'field: value' lines", FRONT_MATTER_EXAMPLE)]
    body_line = text[: match.end()].count("\n") + 1
    return front, text[match.end():], body_line, problems


def make_page(front, source, html, converter):
    """Build a Page from validated front matter and rendered HTML."""
    optional = {k: front[k] for k in ("order", "review_cycle_months", "template", "guidance", "draft") if k in front}
    return Page(
        source=source, url=page_url(source), title=front["title"], description=front["description"],
        body=html, reading_age=reading_age(html), last_reviewed=front["last_reviewed"], next_review=front["next_review"],
        sources=make_sources(front.get("sources")), headings=frozenset(converter.found_ids),
        links=tuple(converter.found_links), images=tuple(converter.found_images),
        lines=dict(front.key_lines, _front=front.line), **optional,
    )


def make_markdown(base_path):
    """Return a Markdown converter with our extensions, reused (and reset) for every page."""
    return markdown.Markdown(
        extensions=["toc", "tables", "attr_list", "admonition", "sane_lists", SiteExtension(base_path)],
        extension_configs={"toc": {"permalink": False}},
        output_format="html",
    )


def render_markdown(converter, body, source, rel, first_line):
    """Convert a page's Markdown to HTML; return (html, problems)."""
    converter.reset()
    converter.page_source = source
    html = converter.convert(body)
    problems = [raw_html_problem(body, rel, first_line)] if converter.htmlStash.html_counter else []
    if "<h1" in html:
        number = next((i for i, line in enumerate(body.splitlines()) if re.match(r"#(?!#)|=+\s*$", line)), 0)
        problems.append(Problem(ERROR, rel, first_line + number, "the page has a second main heading",
                                "the title is the page's main heading; start headings in the body with ##"))
    lines = body.splitlines()
    converter.found_links = [Link(href, first_line + line_of(lines, href, n)) for href, n in converter.found_links]
    converter.found_images = [(src, alt, first_line + line_of(lines, src, n)) for src, alt, n in converter.found_images]
    return html, problems


def raw_html_problem(body, rel, first_line):
    """Report HTML typed into Markdown, which the site's security policy forbids."""
    number = next((i for i, line in enumerate(body.splitlines()) if re.search(r"<[A-Za-z!/]", line)), 0)
    return Problem(ERROR, rel, first_line + number, "HTML is not allowed in pages",
                   "use Markdown instead: ## for headings, - for lists, [text](page.md) for links")


def line_of(lines, text, occurrence):
    """Return the 0-based line of the `occurrence`-th line containing `text`."""
    hits = [i for i, line in enumerate(lines) if text in line]
    return hits[min(occurrence, len(hits) - 1)] if hits else 0


class SiteExtension(Extension):
    """Rewrite page links, collect links, images and ids, and style call-outs."""

    def __init__(self, base_path):
        super().__init__()
        self.base_path = base_path

    def extendMarkdown(self, md):
        md.treeprocessors.register(SiteTreeprocessor(md, self.base_path), "site", 0)
        md.found_links, md.found_images, md.found_ids, md.page_source = [], [], set(), ""


class SiteTreeprocessor(Treeprocessor):
    """Walk the rendered tree once the table of contents has given headings their ids."""

    def __init__(self, md, base_path):
        super().__init__(md)
        self.base_path = base_path

    def run(self, root):
        md, seen = self.md, {}
        md.found_links, md.found_images, md.found_ids = [], [], set()
        for element in root.iter():
            if element.get("id"):
                md.found_ids.add(element.get("id"))
            if element.tag == "a" and element.get("href") is not None:
                self.handle_link(element, seen)
            elif element.tag == "img":
                self.handle_image(element, seen)
            elif element.tag == "div" and "admonition" in element.get("class", ""):
                style_callout(element)
            elif element.tag in ("ul", "ol") and len(element):
                lift_list_class(element)

    def handle_link(self, element, seen):
        """Record a link and rewrite it for the published site."""
        href = element.get("href")
        self.md.found_links.append((href, seen.setdefault(href, 0)))
        seen[href] += 1
        if re.match(r"https?://", href):
            element.set("rel", "noopener")
        elif not re.match(r"[a-z][a-z0-9+.-]*:", href) and not href.startswith("#"):
            element.set("href", site_href(href, self.md.page_source, self.base_path))

    def handle_image(self, element, seen):
        """Record an image and point it at the published static file."""
        src = element.get("src", "")
        self.md.found_images.append((src, element.get("alt", ""), seen.setdefault(src, 0)))
        seen[src] += 1
        if src.startswith("/"):
            element.set("src", self.base_path + src.lstrip("/"))


def site_href(href, page_source, base_path):
    """Rewrite a relative 'page.md#part' or root-relative '/file' link to a published URL."""
    path, _, fragment = href.partition("#")
    fragment = f"#{fragment}" if fragment else ""
    if href.startswith("/"):
        return base_path + path.lstrip("/") + fragment
    if path.endswith(".md"):
        target = resolve_source(page_source, path)
        return base_path + page_url(target) + fragment if target else href
    return href


def resolve_source(page_source, path):
    """Resolve a relative .md link against the linking page; None if it leaves content/."""
    parts = []
    for part in (PurePosixPath(page_source).parent / path).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def lift_list_class(element):
    """Move a class written after a list ('{: .app-checklist}') from its last item to the list."""
    last = element[-1]
    classes = last.get("class", "").split()
    if last.tag == "li" and "app-checklist" in classes:
        classes.remove("app-checklist")
        element.set("class", " ".join(filter(None, [element.get("class"), "app-checklist"])))
        if classes:
            last.set("class", " ".join(classes))
        else:
            del last.attrib["class"]


def style_callout(element):
    """Give an admonition our call-out component's classes."""
    kinds = [c for c in element.get("class", "").split() if c in CALLOUT_TYPES]
    modifier = f" app-callout--{kinds[0]}" if kinds else ""
    element.set("class", f"app-callout{modifier}")
    for child in element:
        if child.tag == "p" and child.get("class") == "admonition-title":
            child.set("class", "app-callout__title")
