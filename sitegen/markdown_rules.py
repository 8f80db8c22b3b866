"""What pages' Markdown may hold, and where its links lead: plain Python, shared by content.py
(which checks pages) and markup.py (which runs Python-Markdown), so neither imports the other."""

import re
from pathlib import PurePosixPath

from .model import Link

CALLOUT_TYPES = {"note", "important", "warning"}
ALLOWED_ATTRIBUTES = {"id", "class"}  # '{: #name .app-checklist}': all our own Markdown features need
SAFE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def page_url(source):
    """Return the site-relative URL of a content file: 'a/b.md' → 'a/b/', 'index.md' → ''."""
    path = PurePosixPath(source).with_suffix("")
    parts = path.parts[:-1] if path.name == "index" else path.parts
    return "".join(f"{part}/" for part in parts)


def is_reserved(value, reserved_ids):
    """Whether an id is one the layout uses, or starts like the ids it makes from data."""
    fixed, starts = reserved_ids
    return value in fixed or value.startswith(tuple(starts))


def parse_link(href, page_source):
    """Work out once what a link written on the page `page_source` points to (its line is added later)."""
    path, _, fragment = href.partition("#")
    scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", href)
    kind, target = ("scheme", scheme.group(1).lower()) if scheme else link_kind(path, page_source)
    return Link(href, kind, target, path, fragment)


def link_kind(path, page_source):
    """Return (kind, target) for a link without a scheme, from the part before its '#'."""
    if "@" in path and "/" not in path:
        return "email", None
    if path.startswith("www."):
        return "www", None
    if not path:
        return "anchor", None
    if path.startswith("/"):
        return "static", path.lstrip("/")
    if not path.endswith(".md"):
        return "file", None
    return "page", resolve_source(page_source, path)


def published_href(link, base_path):
    """Return where a link points on the published site: a 'page.md#part' or '/file' link becomes a URL."""
    fragment = f"#{link.fragment}" if link.fragment else ""
    if link.kind == "static":
        return base_path + link.target + fragment
    if link.kind == "page" and link.target:
        return base_path + page_url(link.target) + fragment
    return link.href


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
