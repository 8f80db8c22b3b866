"""Python-Markdown, with our extensions: imported only when a page must be converted (not when it comes from the cache)."""

import dataclasses
import html
import re

import markdown
from markdown.extensions import Extension, toc
from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor, get_attrs_and_remainder
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE

from .markdown_rules import (ALLOWED_ATTRIBUTES, SAFE_NAME, is_reserved, lift_list_class, parse_link, published_href,
                             style_callout)


def make_markdown(base_path, reserved_ids=(frozenset(), frozenset())):
    """Return a Markdown converter with our extensions, reused (and reset) for every page.

    `reserved_ids` is (ids, starts of ids) the layout uses: headings get other ids."""
    converter = markdown.Markdown(
        extensions=["toc", "tables", "admonition", "sane_lists", SafeAttrListExtension(), SiteExtension(base_path)],
        extension_configs={"toc": {"permalink": False, "slugify": heading_slugify(reserved_ids)},
                           "tables": {"use_align_attribute": True}},  # not style="…", which the CSP forbids
        output_format="html",
    )
    converter.reserved_ids = reserved_ids
    return converter


def heading_slugify(reserved_ids):
    """Return toc's slugify, changed so that no heading's id is one the layout uses (the skip link's 'main-content')."""
    def slugify(value, separator):
        slug = toc.slugify(value, separator)
        return f"{slug}{separator}section" if is_reserved(slug, reserved_ids) else slug

    return slugify


def as_typed(converter, text):
    """Return text from the Markdown tree as the editor typed it: entities put back, then decoded."""
    blocks = converter.htmlStash.rawHtmlBlocks
    return html.unescape(HTML_PLACEHOLDER_RE.sub(lambda m: str(blocks[int(m[1])]), text))


class SafeAttrListExtension(AttrListExtension):
    """Attribute lists that may set only an id and classes; anything else is recorded as refused."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(SafeAttrListTreeprocessor(md), "attr_list", 8)
        md.registerExtension(self)
        md.refused_attributes = []


class SafeAttrListTreeprocessor(AttrListTreeprocessor):
    """Set an id and classes from '{: …}'; refuse on*, style, src, href and every other attribute."""

    def assign_attrs(self, elem, attrs_string, *, strict=False):
        attrs, remainder = get_attrs_and_remainder(attrs_string)
        if strict and remainder:
            return remainder
        for name, value in attrs:
            name = "class" if name == "." else name
            if name == "id" and is_reserved(value, self.md.reserved_ids):
                self.md.refused_attributes.append(("id", value))
            elif name in ALLOWED_ATTRIBUTES and value and all(SAFE_NAME.fullmatch(v) for v in value.split()):
                joined = " ".join(filter(None, [elem.get("class"), value])) if name == "class" else value
                elem.set(name, joined)
            else:
                self.md.refused_attributes.append((name, value or ""))
        return remainder


# Markdown an editor meant as a link, table, footnote or bold that Python-Markdown left as it was typed,
# so readers would see the marks; and web addresses left as plain text, which readers cannot tap.
LEFTOVER_MARKUP = (
    # No pattern can begin again inside text it has just read past (a '[…' holds no '[', an e-mail address
    # cannot start inside another), so a paragraph of '[^[^[^…' or 'a.a.a.…' is read once, not once a character.
    ("footnote", re.compile(r"\[\^[^\[\]\s]*\]")),
    ("reference", re.compile(r"\[[^\[\]\n]+\] ?\[[^\[\]\n]*\]")),
    ("link", re.compile(r"\[[^\[\]\n]*\] ?\([^)\n]*\)?|\]\(")),
    ("table", re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)),
    ("bold", re.compile(r"\*\*")),
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("address", re.compile(r"\bhttps?://[^\s<>]+|\bwww\.[\w-]+\.[^\s<>]+", re.I)),
    # Two lines or more, each an item: a list pasted from a word processor keeps its bullets; "1)" is not "1." to Markdown
    ("bullet", re.compile(r"^[ \t]*[•●▪◦‣·][ \t]*\S.*$(?=\n[ \t]*[•●▪◦‣·])", re.M)),
    ("numbered", re.compile(r"^[ \t]*[0-9]{1,3}\)[ \t]+\S.*$(?=\n[ \t]*[0-9]{1,3}\))", re.M)),
)
MIGHT_BE_LEFTOVER = re.compile(r"[\[\]|*@•●▪◦‣·]|https?:|www\.|[0-9]\)", re.I)  # most text has none of these: one search, not nine
SAID_ONCE = ("footnote", "reference", "link", "email")  # taken out of the text once found: one mistake, one message
LITERAL_TAGS = ("a", "code", "pre")  # text that is a link already, or shown as typed on purpose
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def leftover_markup(element):
    """Yield (kind, text as typed, the rest of its line in that text) for each piece of LEFTOVER_MARKUP in the
    text of `element` and below. The rest of the line tells its line from others holding the same marks."""
    texts = [] if element.tag in LITERAL_TAGS else [element.text or ""]
    for child in element:
        yield from leftover_markup(child)
        texts.append(child.tail or "")
    for text in filter(MIGHT_BE_LEFTOVER.search, texts):
        for kind, pattern in LEFTOVER_MARKUP:
            for match in pattern.finditer(text):
                typed = match.group().strip().rstrip(".,;:!?)") if kind == "address" else match.group().strip()
                line_start, line_end = text.rfind("\n", 0, match.start()) + 1, text.find("\n", match.end())
                yield kind, typed, text[line_start:len(text) if line_end == -1 else line_end].strip()
                if kind in SAID_ONCE:
                    text = text.replace(match.group(), " ")
                elif kind in ("table", "bullet", "numbered"):
                    break  # the first line is enough


class SiteExtension(Extension):
    """Rewrite page links, collect links, images and ids, and style call-outs."""

    def __init__(self, base_path):
        super().__init__()
        self.base_path = base_path

    def extendMarkdown(self, md):
        md.treeprocessors.register(SiteTreeprocessor(md, self.base_path), "site", 0)
        md.found_links, md.found_images, md.found_ids, md.page_source = [], [], set(), ""
        md.heading_levels, md.leftovers = [], []


class SiteTreeprocessor(Treeprocessor):
    """Walk the rendered tree once the table of contents has given headings their ids."""

    def __init__(self, md, base_path):
        super().__init__(md)
        self.base_path = base_path

    def run(self, root):
        md, seen = self.md, {}
        md.found_links, md.found_images, md.found_ids, md.heading_levels = [], [], set(), []
        md.leftovers = list(leftover_markup(root))
        for element in root.iter():
            if element.get("id"):
                md.found_ids.add(element.get("id"))
            if element.tag in HEADING_TAGS:
                md.heading_levels.append((int(element.tag[1]), "".join(element.itertext()).strip()))
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
        href, typed = plain_href(element.get("href"))
        link = dataclasses.replace(parse_link(href, self.md.page_source), text=" ".join("".join(element.itertext()).split()))
        self.md.found_links.append((link, typed, seen.setdefault(typed, 0)))
        seen[typed] += 1
        element.set("href", published_href(link, self.base_path))
        if link.kind == "scheme" and link.target in ("http", "https"):
            element.set("rel", "noopener")

    def handle_image(self, element, seen):
        """Record an image and point it at the published static file."""
        src = element.get("src", "")
        self.md.found_images.append((src, element.get("alt", ""), seen.setdefault(src, 0)))
        seen[src] += 1
        if src.startswith("/"):
            element.set("src", self.base_path + src.lstrip("/"))
        element.set("loading", "lazy")  # a picture further down the page costs a poor connection nothing until it is reached


def plain_href(href):
    """Return (the link as written, the text to look for in the page): an autolinked <help@example.org>
    comes out of Markdown encoded as '&#109;…', which hides nothing from robots and garbles messages."""
    if AMP_SUBSTITUTE not in href:
        return href, href
    plain = html.unescape(href.replace(AMP_SUBSTITUTE, "&"))
    return plain, plain.removeprefix("mailto:")
