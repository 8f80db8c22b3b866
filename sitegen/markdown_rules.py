"""What pages' Markdown may hold, and where its links lead: plain Python, shared by content.py
(which checks pages) and markup.py (which runs Python-Markdown), so neither imports the other."""

import re
from pathlib import PurePosixPath

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
